package io.expressrefund.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.expressrefund.rules.source.RuleSourceReader;
import io.expressrefund.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * An operator's edit is text typed by hand: mutates the shipped DRL a few tokens at a time (dropped, inserted,
 * replaced, copied elsewhere) and validates each candidate. Whatever the text, the answer is a 200 or a 422 whose
 * problems each say what and where, never a 5xx, and nothing is activated. The seed differs per run and is
 * printed; -Dfuzz.seed=N replays one, and -Dfuzz.rounds=N tries more edits than the suite's 60.
 */
@QuarkusTest
class RuleTextFuzzTest {
    private static final int ROUNDS = Integer.getInteger("fuzz.rounds", 60);
    private static final String[] TOKENS = { "(", ")", "{", "}", ";", "\"", "'", "when", "then", "end", "rule", "not",
        "exists", "forall", "from", "collect", "accumulate", "eval", "$x", ":", "==", "!=", ">", "<", "&&", "||", "null",
        "0", "299.99", "1 / 0", "@", "declare", "function", "import", "package", "salience", "-100", "insert", "modify", "update",
        "delete", "new", ".", ",", "[", "]", "RefundCase()", "Unmet()", "Approval()", "ShopStrategy()", "java.lang.Object",
        "#", "//", "/*", "*/", "\\", "query", "extends", "timer( int: 1s )", "no-loop", "agenda-group \"x\"",
        "dialect \"mvel\"", "entry-point \"x\"", "in", "matches \".*(\"", "memberOf", "str[startsWith]", "\u202e" };

    private final long seed = Long.getLong("fuzz.seed", System.nanoTime());
    private final Random random = new Random(seed);

    @Test
    void noEditOfTheRulesGetsA5xxOrActivatesAnything() {
        System.out.println("RuleTextFuzzTest seed: " + seed + " (replay it with -Dfuzz.seed=" + seed + ")");
        Map<String, String> shipped = RuleSourceReader.read(Path.of("rules")).source().drlFiles();
        List<String> names = new ArrayList<>(shipped.keySet());
        String version = Api.operator().get(Api.RULES).then().statusCode(200).extract().path("version");
        int refused = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Map<String, String> files = new TreeMap<>(shipped);
            String name = names.get(random.nextInt(names.size()));
            files.put(name, mutate(shipped.get(name)));
            Response response = Api.operator().body(Map.of("files", files)).post(Api.RULES + "/validate");
            int status = response.statusCode();
            String context = "seed " + seed + ", round " + round + ", " + name + ":\n" + files.get(name) + "\ngot " + status
                    + ": " + response.asString();
            assertTrue(status == 200 || status == 422, context);
            if (status == 422) {
                refused++;
                assertTrue(response.contentType().startsWith("application/problem+json"), context);
                List<Map<String, Object>> errors = JsonPath.from(response.asString()).getList("errors");
                assertFalse(errors.isEmpty(), context);
                for (Map<String, Object> error : errors) {
                    assertNotNull(error.get("kind"), context);
                    assertNotNull(error.get("message"), context);
                    assertNotNull(error.get("file"), context);
                }
            }
        }
        assertTrue(refused > 0, "seed " + seed + ": no mutation was refused, so the test checked nothing");
        assertEquals(version, Api.operator().get(Api.RULES).then().extract().path("version"));
    }

    private String mutate(String text) {
        List<String> tokens = new ArrayList<>(List.of(text.split("(?<=\\s)|(?=\\s)")));
        for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
            int at = random.nextInt(tokens.size());
            double kind = random.nextDouble();
            if (kind < 0.3) {
                tokens.set(at, "");
            } else if (kind < 0.6) {
                tokens.add(at, TOKENS[random.nextInt(TOKENS.length)] + " ");
            } else if (kind < 0.8) {
                tokens.set(at, TOKENS[random.nextInt(TOKENS.length)]);
            } else {
                int from = random.nextInt(tokens.size());
                tokens.add(at, String.join("", tokens.subList(from, Math.min(tokens.size(), from + 1 + random.nextInt(30)))));
            }
        }
        return String.join("", tokens);
    }
}
