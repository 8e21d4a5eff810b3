package io.pulse.common.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.vertx.core.http.HttpServerRequest;

/**
 * The query string of every request, checked before any resource sees it: each name and value must be
 * percent-encoded UTF-8 and storable text (no NUL). The HTTP layer would otherwise decode {@code %FF} to U+FFFD and
 * {@code %00} to NUL, and resources would pass either on to PostgreSQL or the embedding model. A bad parameter is a
 * 400 problem naming it, like any other bad query parameter ({@link FieldChecks#forQuery()}).
 */
public class QueryParameters {

    @ServerRequestFilter(preMatching = true, priority = Priorities.USER + 10)
    public Response check(ContainerRequestContext context, HttpServerRequest request) {
        String query = request.query();
        if (query == null || query.isEmpty()) {
            return null;
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            String field = name == null || TextRules.malformation(name) != null ? "query" : name;
            if (name == null || value == null) {
                errors.add(new Problem.FieldError(field, "must be percent-encoded UTF-8"));
            } else if (TextRules.malformation(name) != null) {
                errors.add(new Problem.FieldError(field, "has a parameter name that " + TextRules.malformation(name)));
            } else if (TextRules.malformation(value) != null) {
                errors.add(new Problem.FieldError(field, TextRules.malformation(value)));
            }
        }
        if (errors.isEmpty()) {
            return null;
        }
        return ProblemMappers.problem(
                context, 400, "Bad Request", "The request has invalid query parameters", null, errors);
    }

    /** Strict form decoding ({@code +} is a space); null when the text is not percent-encoded UTF-8. */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                byte[] plain = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(plain, 0, plain.length);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
