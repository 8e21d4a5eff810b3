package io.pulse.sync.http;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A successful (2xx) response with its body. */
public record SourceResponse(URI uri, int status, HttpHeaders headers, String body) {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?([^\";]+)\"?");

    /** The body as JSON. */
    public JsonNode json() {
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new SourceException(
                    SourceException.Kind.REJECTED, status, "response of " + uri.getPath() + " is not JSON");
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
