package io.expressrefund.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.expressrefund.platform.Database;
import io.expressrefund.support.Api;
import io.expressrefund.support.Ids;
import io.expressrefund.support.Requests;
import io.expressrefund.support.Shops;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Throws generated and mutated requests at every endpoint: none may get a 5xx, and the database must hold
 * exactly the decisions that valid requests recorded. Runs on H2 here and on PostgreSQL in
 * {@link HostileInputFuzzOnPostgresTest}. The seed differs per run and is printed; -Dfuzz.seed=N replays one.
 */
@QuarkusTest
class HostileInputFuzzTest {
    private static final int ROUNDS = 1200;
    /** Instants and ids that once slipped through on PostgreSQL: out of range, extreme offsets, control characters. */
    private static final String[] HOSTILE_TEXT = { "-5000-06-01T00:00:00+08:00", "+999999999-12-31T23:59:59Z",
        "2026-11-28T00:00:00+18:00", "2026-11-28T00:00:00-18:00", "1999-12-31T23:59:59Z", "2100-01-01T00:00:00Z",
        "X\u0000", "RF-\u0007", "\u0000", "S-1\n" };
    private static final int MAX_BODY = 256 * 1024;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Database database;

    private final long seed = Long.getLong("fuzz.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private final String prefix = Ids.unique("FZ");
    private final Shops shop = Shops.fresh();
    private final Set<String> recorded = new HashSet<>();
    private int sequence;

    @Test
    void noInputGetsA5xxAndOnlyValidRequestsAreRecorded() throws Exception {
        System.out.println("HostileInputFuzzTest seed: " + seed + " (replay it with -Dfuzz.seed=" + seed + ")");
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            Response response = sendOne(round);
            if (response == null) {
                statuses.merge(413, 1, Integer::sum);
                continue;
            }
            int status = response.statusCode();
            statuses.merge(status, 1, Integer::sum);
            assertTrue(status < 500, "seed " + seed + ", round " + round + " got " + status + ": " + response.asString());
            if (status >= 400) {
                String type = response.contentType();
                assertTrue(status == 401 || status == 403 || status == 404 || status == 405 || status == 413
                        || type.startsWith("application/problem+json"), "round " + round + ": " + type);
                assertTrue(!response.asString().contains("Exception"), response.asString());
            }
        }
        assertTrue(statuses.getOrDefault(201, 0) > 30, "some requests should be valid: " + statuses);
        assertTrue(statuses.getOrDefault(400, 0) > 300, "most mutations should be refused: " + statuses);
        assertEquals(new TreeSet<>(recorded), recordedInTheDatabase());
    }

    private Response sendOne(int round) throws Exception {
        int pick = round % 10;
        return switch (pick) {
            case 0, 1, 2 -> record(mutated(validRequest()));
            case 3, 4 -> post(Api.afterSales(), Api.EVALUATE, mutatedText(validRequest()));
            case 5 -> put(shop.merchant(), shop.strategyPath(), mutated(validStrategy()).toString());
            case 6 -> Api.afterSales().urlEncodingEnabled(false).get(Api.DECISIONS + "?" + randomQuery());
            case 7 -> Api.merchantOfS1().urlEncodingEnabled(false)
                    .get("/api/v1/shops/S-1/refund-events?" + randomQuery().replace("shopId", "after").replace("wait=", "limit="));
            case 8 -> random.nextBoolean() ? Api.merchantOfS1().urlEncodingEnabled(false)
                    .get("/api/v1/orders/" + encoded(randomText(80)) + "/shipment-check")
                    // A Last-Event-ID that is never a seq: the stream refuses it at once (a valid one would stay open).
                    : Api.merchantOfS1().header("Last-Event-ID", "x" + randomText(20).replaceAll("[^\\x20-\\x7e]", ""))
                            .get("/api/v1/shops/S-1/refund-events/stream");
            default -> round % 40 == 9 ? validate() : Api.afterSales().urlEncodingEnabled(false)
                    .get(Api.DECISIONS + "/" + encoded(randomText(100)));
        };
    }

    private Response record(JsonNode body) {
        Response response = post(Api.afterSales(), Api.DECISIONS, body.toString());
        if (response != null && response.statusCode() == 201) {
            recorded.add(body.get("refundId").asText());
        }
        return response;
    }

    private Response validate() {
        ObjectNode files = NODES.objectNode();
        files.put(random.nextBoolean() ? "fuzz.drl" : randomText(30), random.nextBoolean()
                ? "package fuzz;\nrule \"r\" when " + randomText(40) + " then end"
                : randomText(300));
        ObjectNode body = NODES.objectNode();
        body.set("files", random.nextInt(5) == 0 ? randomValue(3) : files);
        return post(Api.operator(), Api.RULES + "/validate", body.toString());
    }

    private static Response post(io.restassured.specification.RequestSpecification as, String path, String body) {
        return tooLargeOr(body, () -> as.body(body).post(path));
    }

    private static Response put(io.restassured.specification.RequestSpecification as, String path, String body) {
        return tooLargeOr(body, () -> as.body(body).put(path));
    }

    /**
     * A body over the limit is refused with 413 while the client may still be writing it: the client then
     * sees the connection closed. That is the refusal, not a failure; for a smaller body it is one.
     */
    private static Response tooLargeOr(String body, java.util.function.Supplier<Response> send) {
        try {
            return send.get();
        } catch (Exception e) {
            if (e instanceof java.net.SocketException && body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY) {
                return null;
            }
            throw e;
        }
    }

    private ObjectNode validRequest() {
        return JSON.valueToTree(Requests.qualifying(prefix + "-" + sequence++).map());
    }

    private ObjectNode validStrategy() {
        ObjectNode strategy = NODES.objectNode();
        strategy.put("enabled", true);
        strategy.put("maxRefundAmount", new java.math.BigDecimal("500.00"));
        strategy.put("dailyLimit", 20);
        return strategy;
    }

    /** Applies one to three mutations somewhere in the tree (or none, one time in eight: a valid request). */
    private JsonNode mutated(ObjectNode root) {
        if (random.nextInt(8) == 0) {
            return root;
        }
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            ObjectNode target = random.nextBoolean() && root.get("order") instanceof ObjectNode order ? order : root;
            List<String> names = new ArrayList<>();
            target.fieldNames().forEachRemaining(names::add);
            if (names.isEmpty()) {
                continue;
            }
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(4)) {
                case 0 -> target.remove(name);
                case 1 -> target.set(name, randomValue(2));
                case 2 -> target.set(randomText(12), randomValue(1));
                default -> target.set(name, NODES.nullNode());
            }
        }
        return root;
    }

    /** Mutates the text itself: truncation, stray bytes, deep nesting, huge strings. */
    private String mutatedText(ObjectNode root) {
        String text = mutated(root).toString();
        return switch (random.nextInt(6)) {
            case 0 -> text.substring(0, random.nextInt(text.length()));
            case 1 -> text.replace(",", random.nextBoolean() ? ",," : ",\u0000");
            case 2 -> "[".repeat(2000) + "]".repeat(2000);
            case 3 -> text.replace("\"REFUND_ONLY\"", "\"" + "A".repeat(80_000) + "\"");
            case 4 -> new String(randomBytes(200), StandardCharsets.ISO_8859_1);
            default -> text;
        };
    }

    private JsonNode randomValue(int depth) {
        if (random.nextInt(6) == 0) {
            return NODES.textNode(HOSTILE_TEXT[random.nextInt(HOSTILE_TEXT.length)]);
        }
        return switch (random.nextInt(depth > 0 ? 10 : 8)) {
            case 0 -> NODES.numberNode(random.nextLong());
            case 1 -> NODES.numberNode(new java.math.BigDecimal(random.nextInt(1_000_000) + "." + random.nextInt(1000)).negate());
            // With an exponent, sent as written (1E+5): half of them within an amount's range, so that they reach the
            // database as decimals of negative scale.
            case 2 -> NODES.numberNode(new java.math.BigDecimal("1e" + (random.nextBoolean() ? random.nextInt(8) : random.nextInt(400))));
            case 3 -> NODES.textNode(randomText(random.nextInt(3) == 0 ? 5000 : 20));
            case 4 -> NODES.booleanNode(random.nextBoolean());
            case 5 -> NODES.textNode("2025-13-45T25:61:61+99:00");
            case 6 -> NODES.numberNode(random.nextDouble() * 1000);
            case 7 -> NODES.textNode(random.nextBoolean() ? "UNSHIPPED" : "REFUND_ONLY");
            case 8 -> {
                ArrayNode array = NODES.arrayNode();
                int size = random.nextInt(3) == 0 ? 500 : 3;
                for (int i = 0; i < size; i++) {
                    array.add(randomValue(depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                object.set(randomText(8), randomValue(depth - 1));
                yield object;
            }
        };
    }

    private static String encoded(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String randomQuery() {
        String[] keys = { "shopId", "path", "outcome", "from", "to", "limit", "cursor", "wait" };
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < 1 + random.nextInt(3); i++) {
            String value = switch (random.nextInt(4)) {
                case 0 -> randomText(10);
                case 1 -> HOSTILE_TEXT[random.nextInt(HOSTILE_TEXT.length)];
                case 2 -> tamperedCursor();
                default -> "-1";
            };
            query.append(keys[random.nextInt(keys.length)]).append('=').append(encoded(value)).append('&');
        }
        return query.toString();
    }

    /** A cursor in the service's own encoding whose instant or id no decision can have. */
    private String tamperedCursor() {
        String[] inside = { "99999999999999:0:RF-1", "-99999999999:0:RF-1", "1764288000:0:RF\u00001", "1:2", "x:y:z" };
        return java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(inside[random.nextInt(inside.length)].getBytes(StandardCharsets.UTF_8));
    }

    private String randomText(int maxLength) {
        String alphabet = "abcXYZ019_.:-/ \"'\\{}[]<>%&;=\u00e9\u4e2d\u0001";
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(maxLength);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * The decisions in the database that this run could have recorded: every id with this run's prefix, and
     * the ids outside it (a mutation can turn the id into another valid one) that this run recorded.
     */
    private Set<String> recordedInTheDatabase() {
        return database.read(connection -> {
            Set<String> ids = new TreeSet<>();
            try (var select = connection.prepareStatement("SELECT refund_id FROM refund_decision WHERE refund_id LIKE ?")) {
                select.setString(1, prefix + "-%");
                try (var rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
            }
            for (String other : recorded) {
                try (var select = connection.prepareStatement("SELECT refund_id FROM refund_decision WHERE refund_id = ?")) {
                    select.setString(1, other);
                    try (var rows = select.executeQuery()) {
                        if (rows.next()) {
                            ids.add(rows.getString(1));
                        }
                    }
                }
            }
            return ids;
        });
    }

}
