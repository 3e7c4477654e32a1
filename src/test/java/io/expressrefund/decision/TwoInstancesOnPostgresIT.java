package io.expressrefund.decision;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.expressrefund.support.Parallel;
import io.expressrefund.support.PostgresProfile;
import io.expressrefund.support.ServiceProcess;
import io.expressrefund.support.Shops;

/** Two instances of the packaged service sharing one PostgreSQL behave as one. */
class TwoInstancesOnPostgresIT {
    static ServiceProcess first;
    static ServiceProcess second;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        PostgresProfile.createDatabaseIfMissing();
        Map<String, String> postgres = Map.of(
                "quarkus.datasource.\"pg\".active", "true",
                "quarkus.datasource.\"h2\".active", "false",
                "quarkus.datasource.\"pg\".jdbc.url", PostgresProfile.URL);
        first = ServiceProcess.start(postgres);
        second = ServiceProcess.start(postgres);
    }

    @AfterAll
    static void stop() throws Exception {
        first.close();
        second.close();
    }

    @Test
    void anEventDecidedOnOneInstanceReachesALongPollOnTheOther() throws Exception {
        Shops shop = Shops.fresh();
        CompletableFuture<io.restassured.response.Response> poll = CompletableFuture.supplyAsync(() ->
                shop.merchant().baseUri(second.baseUri()).get(shop.eventsPath() + "?after=0&wait=20s"));
        Thread.sleep(500);
        var request = RecordedDecisionsContract.qualifyingFor(shop, 0);
        RestartAndKillIT.afterSales(first).body(request.map()).post("/api/v1/refund-decisions").then().statusCode(201);
        io.restassured.response.Response answer = poll.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(request.map().get("refundId")), answer.path("items.refundId"));
    }

    @Test
    void parallelRequestsOnBothInstancesGiveExactlyTheLimit() throws Exception {
        Shops shop = Shops.fresh();
        shop.merchant().baseUri(first.baseUri()).body(Map.of("enabled", true, "maxRefundAmount", 500, "dailyLimit", 10))
                .put(shop.strategyPath()).then().statusCode(201);
        List<Callable<String>> requests = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ServiceProcess instance = i % 2 == 0 ? first : second;
            var request = RecordedDecisionsContract.overExpressLimit(shop, 0);
            requests.add(() -> RestartAndKillIT.afterSales(instance).body(request.map()).post("/api/v1/refund-decisions")
                    .then().statusCode(201).extract().path("outcome"));
        }
        assertEquals(10, Parallel.autoRefunds(requests));
        shop.merchant().baseUri(second.baseUri()).get(shop.strategyPath()).then().body("usageToday.count", equalTo(10));
        // Ten refunds, ten events, numbered 1 to 10 whichever instance decided them.
        List<Integer> seqs = shop.merchant().baseUri(first.baseUri()).get(shop.eventsPath()).path("items.seq");
        assertEquals(java.util.stream.IntStream.rangeClosed(1, 10).boxed().toList(), seqs);
    }
}
