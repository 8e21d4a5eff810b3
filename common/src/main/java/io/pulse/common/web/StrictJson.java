package io.pulse.common.web;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Request bodies are read strictly, so that a client mistake is an error rather than a silent guess: unknown or
 * read-only fields (config {@code quarkus.jackson.fail-on-unknown-properties}), duplicate keys, trailing tokens,
 * nulls for primitives, numbers or booleans where text is expected (and the reverse), and instants that are not
 * ISO-8601 text are all rejected. Text that cannot be stored (NUL, unpaired surrogates) is refused in any string of
 * any body, keys of free-form objects included ({@link UnsafeTextException}, 422 naming the field).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        for (CoercionInputShape shape : new CoercionInputShape[] {
            CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean
        }) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.registerModule(new SimpleModule("pulse-strict-values")
                .addDeserializer(Instant.class, new IsoInstant())
                .addDeserializer(String.class, new StorableString())
                .addDeserializer(JsonNode.class, new StorableTree()));
    }

    /** Throws when the text could not be stored (NUL, unpaired surrogate); see {@link TextRules#malformation}. */
    static void checkStorable(JsonParser parser, String text) throws UnsafeTextException {
        String reason = TextRules.malformation(text);
        if (reason != null) {
            throw new UnsafeTextException(parser, reason);
        }
    }

    /**
     * Every string field of every body, whatever its type ({@code String}, {@code Optional<String>}, list items):
     * text that cannot be stored is refused while reading, so no service can forget the check.
     */
    static final class StorableString extends StdScalarDeserializer<String> {
        private static final long serialVersionUID = 1L;

        StorableString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = StringDeserializer.instance.deserialize(parser, context);
            if (text != null) {
                checkStorable(parser, text);
            }
            return text;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }
    }

    /** Free-form JSON (such as profile preferences): every string value and every key must be storable too. */
    static final class StorableTree extends StdDeserializer<JsonNode> {
        private static final long serialVersionUID = 1L;

        StorableTree() {
            super(JsonNode.class);
        }

        @Override
        public JsonNode deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode tree = JsonNodeDeserializer.getDeserializer(JsonNode.class).deserialize(parser, context);
            check(parser, tree);
            return tree;
        }

        @Override
        public JsonNode getNullValue(DeserializationContext context) {
            return NullNode.getInstance();
        }

        private static void check(JsonParser parser, JsonNode node) throws UnsafeTextException {
            if (node.isTextual()) {
                checkStorable(parser, node.textValue());
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                checkStorable(parser, field.getKey());
                check(parser, field.getValue());
            }
            if (node.isArray()) {
                for (JsonNode item : node) {
                    check(parser, item);
                }
            }
        }
    }

    /** Instants only as ISO-8601 text with an offset; epoch numbers are ambiguous (seconds or millis?) and refused. */
    static final class IsoInstant extends StdScalarDeserializer<Instant> {
        private static final long serialVersionUID = 1L;

        IsoInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) context.handleUnexpectedToken(Instant.class, parser);
            }
            String text = parser.getText().strip();
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                return (Instant) context.handleWeirdStringValue(
                        Instant.class, text, "expected an ISO-8601 date-time with offset");
            }
        }
    }

    @Override
    public int priority() {
        // After Quarkus' own configuration customizer, so these settings win.
        return MINIMUM_PRIORITY;
    }
}
