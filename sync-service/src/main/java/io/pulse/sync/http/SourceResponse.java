package io.pulse.sync.http;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;

/** A successful (2xx) response with its body. */
public record SourceResponse(URI uri, int status, HttpHeaders headers, String body) {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?([^\";]+)\"?");

    /** The body as the given record; a body of another shape fails the call as rejected. */
    public <T> T read(Class<T> type) {
        return read(SourceJson.MAPPER.constructType(type));
    }

    /** The body as a JSON array of the given record. */
    public <T> List<T> readList(Class<T> type) {
        return read(SourceJson.MAPPER.getTypeFactory().constructCollectionType(List.class, type));
    }

    private <T> T read(JavaType type) {
        try {
            T value = SourceJson.MAPPER.readValue(body, type);
            if (value == null) {
                throw new SourceException(
                        SourceException.Kind.REJECTED, status, "response of " + uri.getPath() + " is empty");
            }
            return value;
        } catch (JsonProcessingException e) {
            // Not the message: it could quote response content.
            throw new SourceException(
                    SourceException.Kind.REJECTED,
                    status,
                    "response of " + uri.getPath() + " is not the expected JSON");
        }
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** The {@code rel="next"} target of the Link header, if any. */
    public Optional<URI> linkNext() {
        for (String value : headers.allValues("Link")) {
            Matcher m = LINK.matcher(value);
            while (m.find()) {
                for (String rel : m.group(2).split("\\s+")) {
                    if (rel.equals("next")) {
                        return Optional.of(uri.resolve(m.group(1)));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
