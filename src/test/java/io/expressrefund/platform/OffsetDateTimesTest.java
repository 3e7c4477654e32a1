package io.expressrefund.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;

/** The fast reader of times accepts exactly what Jackson's own does, reads it the same, and refuses the rest alike. */
class OffsetDateTimesTest {
    record At(OffsetDateTime at) {
    }

    record Formatted(@JsonFormat(pattern = "dd.MM.yyyy HH:mm xxx") OffsetDateTime at) {
    }

    private final ObjectMapper service = serviceMapper();
    private final ObjectMapper jackson = new ObjectMapper().findAndRegisterModules()
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

    private static ObjectMapper serviceMapper() {
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
        new JsonCustomizer().customize(mapper);
        return mapper;
    }

    @Test
    void theServiceMapperReadsTimesOnTheFastPath() throws Exception {
        DefaultDeserializationContext context = ((DefaultDeserializationContext) service.getDeserializationContext())
                .createInstance(service.getDeserializationConfig(), null, null);
        JsonDeserializer<Object> root = context.findRootValueDeserializer(service.constructType(OffsetDateTime.class));
        assertTrue(assertInstanceOf(OffsetDateTimes.Reader.class, root).fast());
        assertEquals(OffsetDateTime.parse("2025-11-21T11:17:45+08:00"),
                service.readValue("\"2025-11-21T11:17:45+08:00\"", OffsetDateTime.class));
    }

    @Test
    void aPropertyWithAFormatOfItsOwnIsReadByJacksonAlone() throws Exception {
        assertEquals(OffsetDateTime.parse("2025-11-21T11:17:00+08:00"),
                service.readValue("{\"at\":\"21.11.2025 11:17 +08:00\"}", Formatted.class).at());
        // The ISO shape the fast path reads is not this property's format: refused, as Jackson alone refuses it.
        assertThrows(JsonProcessingException.class,
                () -> jackson.readValue("{\"at\":\"2025-11-21T11:17:45+08:00\"}", Formatted.class));
        assertThrows(JsonProcessingException.class,
                () -> service.readValue("{\"at\":\"2025-11-21T11:17:45+08:00\"}", Formatted.class));
    }

    @Test
    void readsAndRefusesAsJacksonDoes() {
        List<String> texts = new ArrayList<>(List.of(
                "2025-11-21T11:17:45+08:00", "2025-11-21T11:17:45Z", "2025-11-21T11:17:45.5+08:00",
                "2025-11-21T11:17:45.123456789-05:30", "2025-11-21T11:17:45.1234567891+08:00", "2025-11-21T11:17:45.+08:00",
                "2025-11-21T11:17+08:00", "2025-11-21T11:17:45", "2025-11-21T11:17:45+0800", "2025-11-21T11:17:45+08",
                "2025-11-21T11:17:45+18:00", "2025-11-21T11:17:45+18:01", "2025-11-21T11:17:45-18:00",
                "2025-11-21T11:17:45+19:00", "2025-11-21T11:17:45+08:60", "2025-11-21T11:17:45-00:00",
                "2025-11-21T11:17:45+00:00", "2025-11-21T11:17:45+08:00:30", "2024-02-29T00:00:00Z",
                "2025-02-29T00:00:00Z", "2025-13-01T00:00:00Z", "2025-00-10T00:00:00Z", "2025-11-31T00:00:00Z",
                "2025-11-21T24:00:00Z", "2025-11-21T23:60:00Z", "2025-11-21T23:59:60Z", "2025-11-21t11:17:45Z",
                "2025-11-21 11:17:45Z", "2025-11-21T11:17:45z", " 2025-11-21T11:17:45Z", "2025-11-21T11:17:45Z ",
                "+2025-11-21T11:17:45Z", "20251-11-21T11:17:45Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "2025-1１-21T11:17:45Z", "1700000000", "1700000000.5", "", "now", "2025-11-21T11:17:45+08:00[Asia/Shanghai]"));
        Random random = new Random(20_261_129);
        for (int i = 0; i < 5_000; i++) {
            String text = randomTime(random);
            texts.add(text);
            char[] mutated = text.toCharArray();
            mutated[random.nextInt(mutated.length)] = "0123456789+-:.TZ x".charAt(random.nextInt(18));
            texts.add(new String(mutated));
        }
        for (String text : texts) {
            String json = "{\"at\":" + quoted(text) + "}";
            assertEquals(read(jackson, json), read(service, json), json);
            assertEquals(read(jackson, quoted(text)), read(service, quoted(text)), text);
        }
        assertEquals(read(jackson, "{\"at\":1700000000}"), read(service, "{\"at\":1700000000}"));
        assertEquals(read(jackson, "{\"at\":null}"), read(service, "{\"at\":null}"));
    }

    private static String randomTime(Random random) {
        StringBuilder text = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", 1990 + random.nextInt(120),
                1 + random.nextInt(12), 1 + random.nextInt(31), random.nextInt(24), random.nextInt(60), random.nextInt(60)));
        int fraction = random.nextInt(11);
        if (fraction > 0) {
            text.append('.');
            for (int i = 1; i < fraction; i++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
        }
        if (random.nextInt(5) == 0) {
            text.append('Z');
        } else {
            text.append(random.nextBoolean() ? '+' : '-').append(String.format("%02d:%02d", random.nextInt(20), random.nextInt(60)));
        }
        return text.toString();
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    /** The time read with its offset, or the kind of error, as text to compare. */
    private static String read(ObjectMapper mapper, String json) {
        try {
            Object value = json.startsWith("{") ? mapper.readValue(json, At.class).at() : mapper.readValue(json, OffsetDateTime.class);
            return value == null ? "null" : value.toString();
        } catch (Exception e) {
            return "refused: " + e.getClass().getSimpleName();
        }
    }
}
