package io.expressrefund.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Requests as the service's callers make them. */
public final class Api {
    public static final String EVALUATE = "/api/v1/refund-decisions/evaluate";

    private Api() {
    }

    /** The platform's after-sales service. */
    public static RequestSpecification afterSales() {
        return given().contentType(ContentType.JSON);
    }
}
