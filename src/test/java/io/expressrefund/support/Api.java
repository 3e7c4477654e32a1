package io.expressrefund.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Requests as the service's callers make them, with the test profile's users. */
public final class Api {
    public static final String EVALUATE = "/api/v1/refund-decisions/evaluate";
    public static final String DECISIONS = "/api/v1/refund-decisions";
    public static final String RULES = "/api/v1/rules";
    public static final String SECRET = "merchant-secret";

    private Api() {
    }

    /** The platform's after-sales service (role refund-service). */
    public static RequestSpecification afterSales() {
        return as("after-sales", "after-sales-secret");
    }

    /** An operator and rule author (role rules-admin). */
    public static RequestSpecification operator() {
        return as("operator", "operator-secret");
    }

    /** The merchant of shop S-1. */
    public static RequestSpecification merchantOfS1() {
        return as("merchant-s1", SECRET);
    }

    /** The merchant of shops S-2 and S-3. */
    public static RequestSpecification merchantOfS2() {
        return as("merchant-s2", SECRET);
    }

    public static RequestSpecification anonymous() {
        return given().contentType(ContentType.JSON);
    }

    public static RequestSpecification as(String user, String password) {
        return given().auth().preemptive().basic(user, password).contentType(ContentType.JSON);
    }

    public static RequestSpecification withToken(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }
}
