package io.pulse.sync.http;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * The Jackson mapper for GitLab and Jira payloads. It is deliberately not the application's mapper: the API refuses
 * unknown fields, while third-party payloads carry far more fields than the records read and add new ones at will.
 */
public final class SourceJson {

    /**
     * Lenient reader: unknown fields ignored, timestamps in both ISO-8601 and Jira's {@code +0000} offset form. An
     * unreadable timestamp reads as null, so only a mapper that needs it fails ("item lacks ..."): records hold
     * fields that many items never use, and one odd value there must not fail a whole page.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new SimpleModule().addDeserializer(Instant.class, new InstantReader()))
            .build();

    // Jira sends offsets without a colon (2024-01-15T10:00:00.000+0000), which ISO-8601 parsing rejects.
    private static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private SourceJson() {}

    /** Parses a source timestamp; fails for anything that is neither form. */
    public static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(text, JIRA_TIME).toInstant();
        }
    }

    private static final class InstantReader extends StdScalarDeserializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantReader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                p.skipChildren();
                return null;
            }
            try {
                return instant(p.getText().strip());
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }
}
