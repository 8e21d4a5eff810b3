package io.pulse.common.evidence;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A jsonb object read as text is written to a response as it is, and still reads as a map. */
class RawJsonObjectTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STORED = "{\"key_phrases\": [\"payment retry\", \"flaky test\"],"
            + " \"sentiment_score\": 0.165, \"note\": \"quote \\\" and \\u00e9\"}";

    record View(
            String title,

            @JsonSerialize(using = RawJsonObject.Serializer.class)
            Map<String, Object> meta) {}

    @Test
    void theTextIsWrittenAsItIsAndParsesToTheSameValue() throws Exception {
        String json = JSON.writeValueAsString(new View("t", new RawJsonObject(STORED)));

        assertThat(json).isEqualTo("{\"title\":\"t\",\"meta\":" + STORED + "}");
        assertThat(JSON.readTree(json).get("meta")).isEqualTo(JSON.readTree(STORED));
    }

    @Test
    void anyOtherMapIsWrittenAsUsual() throws Exception {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("key_phrases", List.of("a"));

        assertThat(JSON.writeValueAsString(new View("t", meta)))
                .isEqualTo("{\"title\":\"t\",\"meta\":{\"key_phrases\":[\"a\"]}}");
    }

    @Test
    void readAsAMapItParsesOnFirstUseAndIsReadOnly() {
        RawJsonObject meta = new RawJsonObject(STORED);

        assertThat(meta.get("key_phrases")).isEqualTo(List.of("payment retry", "flaky test"));
        assertThat(meta)
                .containsEntry("sentiment_score", 0.165)
                .containsKey("note")
                .hasSize(3);
        assertThat(meta.get("note")).isEqualTo("quote \" and é");
        assertThat(meta)
                .isEqualTo(Map.of(
                        "key_phrases",
                        List.of("payment retry", "flaky test"),
                        "sentiment_score",
                        0.165,
                        "note",
                        "quote \" and é"));
        assertThatThrownBy(() -> meta.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }
}
