package io.expressrefund.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Text that is not JSON is refused with what the parser found, in words, and what to write for a likely slip. */
class JsonProblemsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachLikelySlipIsNamedWithWhatToWrite() {
        assertEquals("is not valid JSON (line 1, column 26): a comma before this } (JSON takes none after the last field)",
                refusal("{\"order\": {\"shopId\": \"S\",}}"));
        assertEquals("is not valid JSON (line 1, column 13): a comma before this ] (JSON takes none after the last value)",
                refusal("{\"tags\": [1,]}"));
        assertEquals("is not valid JSON (line 2, column 2): JSON has no comments (a case may say what it is about in "
                + "\"description\")", refusal("{\n // the order\n}"));
        assertEquals("is not valid JSON (line 1, column 3): JSON quotes names and text with \" only", refusal("{ 'a': 1 }"));
        assertEquals("is not valid JSON (line 1, column 2): '“' is not JSON; write '\"' (typed with a Chinese input method, or "
                + "pasted from a document?)", refusal("{“a”: 1}"));
        assertEquals("is not valid JSON (line 1, column 9): '，' is not JSON; write ',' (typed with a Chinese input method, or "
                + "pasted from a document?)", refusal("{\"a\": 1 ， \"b\": 2}"));
        assertEquals("is not valid JSON (line 1, column 7): True is not a JSON value (text is quoted with \", and true, "
                + "false and null are in lower case)", refusal("{\"a\": True }"));
        assertEquals("is not valid JSON (line 1, column 10): the text ends before the JSON does (a } or ] missing?)",
                refusal("{\"a\": [1]"));
    }

    private static String refusal(String text) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> JSON.readValue(text, Map.class));
        FieldViolation violation = JsonProblems.violation(e);
        assertEquals("body", violation.field());
        return violation.message();
    }
}
