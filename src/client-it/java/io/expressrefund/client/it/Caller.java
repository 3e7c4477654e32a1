package io.expressrefund.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.expressrefund.client.ApiClient;
import io.expressrefund.client.ApiException;
import io.expressrefund.client.api.ErpIntegrationApi;
import io.expressrefund.client.api.MerchantStrategiesApi;
import io.expressrefund.client.api.RefundDecisionsApi;
import io.expressrefund.client.api.RulesApi;
import io.expressrefund.client.model.Problem;

/**
 * One caller of the service through the generated client: its credentials (HTTP Basic or a bearer JWT, which the
 * client's request interceptor adds, the native library having no authentication of its own), its APIs, and the
 * contract every answer is checked against. The client's ObjectMapper refuses properties the document does not
 * declare, so that a field the service sends and the document leaves out fails the call that received it.
 */
final class Caller {
    private final String baseUri;
    private final Supplier<String> authorization;
    private final Contract contract;
    private final ApiClient client;
    private final RefundDecisionsApi decisions;
    private final MerchantStrategiesApi strategies;
    private final RulesApi rules;
    private final ErpIntegrationApi erp;

    private Caller(String baseUri, Supplier<String> authorization, Contract contract) {
        this.baseUri = baseUri;
        this.authorization = authorization;
        this.contract = contract;
        this.client = client(contract::check);
        // Each API takes its own HttpClient from the ApiClient when it is made: made once per caller.
        this.decisions = new RefundDecisionsApi(client);
        this.strategies = new MerchantStrategiesApi(client);
        this.rules = new RulesApi(client);
        this.erp = new ErpIntegrationApi(client);
    }

    static Caller basic(String baseUri, Contract contract, String user, String password) {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new Caller(baseUri, () -> "Basic " + credentials, contract);
    }

    /** A bearer caller; the token is made for each request, so that none expires during a long run. */
    static Caller bearer(String baseUri, Contract contract, Supplier<String> token) {
        return new Caller(baseUri, () -> "Bearer " + token.get(), contract);
    }

    RefundDecisionsApi decisions() {
        return decisions;
    }

    MerchantStrategiesApi strategies() {
        return strategies;
    }

    RulesApi rules() {
        return rules;
    }

    ErpIntegrationApi erp() {
        return erp;
    }

    ObjectMapper mapper() {
        return client.getObjectMapper();
    }

    /** Opens the shop's event stream with the generated {@code streamRefundEvents}, and reads it as events. */
    EventStream stream(String shopId, Long after, Long lastEventId) throws ApiException, IOException {
        ApiClient streaming = client(response -> {
            contract.check(response);
            if (response.statusCode() == 200) {
                throw new EventStream.Opened(response);
            }
        });
        try {
            new ErpIntegrationApi(streaming).streamRefundEvents(shopId, after, lastEventId);
        } catch (EventStream.Opened opened) {
            return new EventStream(opened.response, streaming.getObjectMapper());
        }
        throw new AssertionError("streamRefundEvents answered without a stream");
    }

    /**
     * The problem a call answers: the generated client's ApiException with the status, a problem+json body
     * that reads as the document's Problem (no property it does not declare), and the same status inside.
     */
    Problem problem(int status, Call call) throws IOException {
        ApiException e = assertThrows(ApiException.class, call::run, "expected " + status);
        assertEquals(status, e.getCode(), e.getResponseBody());
        assertEquals("application/problem+json", e.getResponseHeaders().firstValue("Content-Type")
                .map(type -> type.split(";")[0].strip()).orElse(null), e.getResponseBody());
        Problem problem = mapper().readValue(e.getResponseBody(), Problem.class);
        assertEquals(status, problem.getStatus());
        assertTrue(problem.getType().startsWith("https://express-refund.dev/problems/"), problem.getType());
        assertNotNull(problem.getTitle());
        assertNotNull(problem.getDetail());
        return problem;
    }

    /** A call through the generated client. */
    @FunctionalInterface
    interface Call {
        void run() throws Exception;
    }

    private ApiClient client(Consumer<HttpResponse<InputStream>> onResponse) {
        ApiClient built = new ApiClient();
        built.updateBaseUri(baseUri);
        built.setObjectMapper(ApiClient.createDefaultObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
        built.setConnectTimeout(Duration.ofSeconds(5));
        built.setRequestInterceptor(request -> request.header("Authorization", authorization.get()));
        built.setResponseInterceptor(onResponse);
        return built;
    }
}
