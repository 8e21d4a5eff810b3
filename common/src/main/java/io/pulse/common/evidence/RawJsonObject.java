package io.pulse.common.evidence;

import java.io.IOException;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import io.vertx.core.json.JsonObject;

/**
 * A {@code jsonb} object column as the database sent it, as text: a read-only map that parses the text only when a
 * caller reads an entry, and that {@link Serializer} writes into a response as it is.
 *
 * <p>Why: a page of evidence used to parse every row's {@code ai_metadata} into a map and serialise the map again,
 * which was the largest single cost of {@code GET /api/v1/evidence} in the profile (BENCHMARKS.md). The text comes
 * from PostgreSQL's own {@code jsonb} output, so it is always one valid JSON object.
 */
public final class RawJsonObject extends AbstractMap<String, Object> {

    private final String json;
    private volatile Map<String, Object> parsed;

    public RawJsonObject(String json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    /** The JSON text, exactly as read. */
    public String json() {
        return json;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return parsed().entrySet();
    }

    @Override
    public Object get(Object key) {
        return parsed().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return parsed().containsKey(key);
    }

    private Map<String, Object> parsed() {
        Map<String, Object> map = parsed;
        if (map == null) {
            map = Collections.unmodifiableMap(new JsonObject(json).getMap());
            parsed = map;
        }
        return map;
    }

    /**
     * For a {@code Map<String, Object>} property: a {@link RawJsonObject} is written as its text, any other map as
     * usual. Put it on the property with {@code @JsonSerialize(using = RawJsonObject.Serializer.class)}; the
     * property's OpenAPI schema stays the map's.
     */
    public static final class Serializer extends StdSerializer<Map<String, Object>> {

        @SuppressWarnings({"unchecked", "rawtypes"})
        public Serializer() {
            super((Class<Map<String, Object>>) (Class) Map.class);
        }

        @Override
        public void serialize(Map<String, Object> value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            if (value instanceof RawJsonObject raw) {
                gen.writeRawValue(raw.json);
            } else {
                provider.defaultSerializeValue(value, gen);
            }
        }
    }
}
