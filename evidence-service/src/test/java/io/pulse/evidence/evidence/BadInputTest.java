package io.pulse.evidence.evidence;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestTokens;
import io.pulse.evidence.support.Api;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad input gets the right 4xx as problem+json and writes nothing: no evidence, no outbox event, no
 * changed version, and for bad tokens not even a profile.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class BadInputTest {

    enum Auth {
        VALID,
        NONE,
        EXPIRED,
        FORGED,
        WRONG_AUDIENCE,
        GARBAGE,
        NO_ROLE
    }

    record Case(
            String name,
            String method,
            String path,
            String contentType,
            String body,
            Map<String, String> headers,
            Auth auth,
            int status,
            String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String VALID = "{\"title\":\"t\",\"content\":\"c\"}";

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        // Malformed JSON and wrong shapes.
        c.add(post("malformed JSON", "{\"title\":", 400, null));
        c.add(post("not an object", "[1,2]", 400, null));
        c.add(post("empty body", "", 400, null));
        c.add(post("duplicate keys", "{\"title\":\"a\",\"title\":\"b\",\"content\":\"c\"}", 400, null));
        c.add(post("trailing garbage", VALID + " {}", 400, null));
        // Wrong types.
        c.add(post("number as title", "{\"title\":1,\"content\":\"c\"}", 422, "title"));
        c.add(post("string as tags", "{\"title\":\"t\",\"content\":\"c\",\"tags\":\"java\"}", 422, "tags"));
        c.add(post("number in tags", "{\"title\":\"t\",\"content\":\"c\",\"tags\":[1]}", 422, "tags[0]"));
        c.add(post("object as content", "{\"title\":\"t\",\"content\":{}}", 422, "content"));
        c.add(post(
                "bad date", "{\"title\":\"t\",\"content\":\"c\",\"occurred_at\":\"yesterday\"}", 422, "occurred_at"));
        c.add(post("number as date", "{\"title\":\"t\",\"content\":\"c\",\"occurred_at\":12345}", 422, "occurred_at"));
        // Missing, blank and oversized fields.
        c.add(post("missing title", "{\"content\":\"c\"}", 422, "title"));
        c.add(post("blank title", "{\"title\":\"   \",\"content\":\"c\"}", 422, "title"));
        c.add(post("missing content", "{\"title\":\"t\"}", 422, "content"));
        c.add(post("title too long", json("t".repeat(201), "c", ""), 422, "title"));
        c.add(post("content too long", json("t", "c".repeat(50_001), ""), 422, "content"));
        c.add(post("too many tags", json("t", "c", ",\"tags\":" + tags(21, 5)), 422, "tags"));
        c.add(post("tag too long", json("t", "c", ",\"tags\":" + tags(1, 51)), 422, "tags[0]"));
        c.add(post("tag with spaces", json("t", "c", ",\"tags\":[\"bad tag!\"]"), 422, "tags[0]"));
        c.add(post("category not a slug", json("t", "c", ",\"category\":\"Not A Slug\""), 422, "category"));
        c.add(post("script URL", json("t", "c", ",\"source_url\":\"javascript:alert(1)\""), 422, "source_url"));
        c.add(post(
                "work in the future", json("t", "c", ",\"occurred_at\":\"2999-01-01T00:00:00Z\""), 422, "occurred_at"));
        // Fields only the system writes.
        for (String field :
                List.of("summary", "embedding", "ai_metadata", "source", "source_id", "user_id", "id", "version")) {
            c.add(post("system field " + field, json("t", "c", ",\"" + field + "\":\"x\""), 422, field));
        }
        // Transport: media type and size.
        c.add(new Case(
                "text/plain body", "POST", "/api/v1/evidence", "text/plain", "hello", Map.of(), Auth.VALID, 415, null));
        c.add(post("body over 256 KiB", json("t", "c".repeat(300_000), ""), 413, null));
        // Updates.
        c.add(patch("null title", "{\"title\":null}", Map.of("If-Match", "\"1\""), 422, "title"));
        c.add(patch("read-only source", "{\"source\":\"gitlab\"}", Map.of("If-Match", "\"1\""), 422, "source"));
        c.add(patch("read-only summary", "{\"summary\":\"x\"}", Map.of("If-Match", "\"1\""), 422, "summary"));
        c.add(patch("missing If-Match", "{\"title\":\"x\"}", Map.of(), 428, null));
        c.add(patch("stale If-Match", "{\"title\":\"x\"}", Map.of("If-Match", "\"9\""), 412, null));
        c.add(new Case(
                "delete without If-Match",
                "DELETE",
                "/api/v1/evidence/{id}",
                null,
                null,
                Map.of(),
                Auth.VALID,
                428,
                null));
        c.add(new Case(
                "not a uuid", "GET", "/api/v1/evidence/not-a-uuid", null, null, Map.of(), Auth.VALID, 404, null));
        // Query parameters.
        c.add(get("unknown source", "source=github", 400, "source"));
        c.add(get("bad category filter", "category=Bad%20One", 400, "category"));
        c.add(get("garbage cursor", "cursor=%25%25%25", 400, "cursor"));
        c.add(get(
                "cursor of another shape",
                "cursor=" + Base64.getUrlEncoder().encodeToString("hello|world".getBytes()),
                400,
                "cursor"));
        c.add(get("limit zero", "limit=0", 400, "limit"));
        c.add(get("limit over max", "limit=101", 400, "limit"));
        c.add(get("limit not a number", "limit=ten", 400, "limit"));
        c.add(get("bad from", "from=last-week", 400, "from"));
        c.add(get("from after to", "from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", 400, "to"));
        c.add(get(
                "too many tag filters",
                "tag=a&tag=b&tag=c&tag=d&tag=e&tag=f&tag=g&tag=h&tag=i&tag=j&tag=k",
                400,
                "tag"));
        c.add(get("query text too long", "q=" + "x".repeat(201), 400, "q"));
        // Profile.
        c.add(new Case(
                "profile role",
                "PATCH",
                "/api/v1/profile",
                "application/json",
                "{\"role\":\"manager\"}",
                Map.of(),
                Auth.VALID,
                422,
                "role"));
        c.add(new Case(
                "profile preferences not an object",
                "PATCH",
                "/api/v1/profile",
                "application/json",
                "{\"preferences\":[1]}",
                Map.of(),
                Auth.VALID,
                422,
                "preferences"));
        c.add(new Case(
                "profile preferences too large",
                "PATCH",
                "/api/v1/profile",
                "application/json",
                "{\"preferences\":{\"k\":\"" + "x".repeat(17_000) + "\"}}",
                Map.of(),
                Auth.VALID,
                422,
                "preferences"));
        c.add(new Case(
                "profile avatar not http",
                "PATCH",
                "/api/v1/profile",
                "application/json",
                "{\"avatar_url\":\"ftp://example.com/a.png\"}",
                Map.of(),
                Auth.VALID,
                422,
                "avatar_url"));
        // Tokens.
        for (Auth auth : List.of(Auth.NONE, Auth.EXPIRED, Auth.FORGED, Auth.WRONG_AUDIENCE, Auth.GARBAGE)) {
            c.add(new Case(
                    "token " + auth + " on create",
                    "POST",
                    "/api/v1/evidence",
                    "application/json",
                    VALID,
                    Map.of(),
                    auth,
                    401,
                    null));
            c.add(new Case(
                    "token " + auth + " on profile", "GET", "/api/v1/profile", null, null, Map.of(), auth, 401, null));
            c.add(new Case(
                    "token " + auth + " on stream", "GET", "/api/v1/stream", null, null, Map.of(), auth, 401, null));
        }
        c.add(new Case(
                "token without a role",
                "POST",
                "/api/v1/evidence",
                "application/json",
                VALID,
                Map.of(),
                Auth.NO_ROLE,
                403,
                null));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersProblemAndWritesNothing(Case c) {
        String subject = TestTokens.newSubject();
        String path = c.path();
        UUID userId = null;
        if (c.auth() == Auth.VALID) {
            Api.User user = new Api.User(subject, TestTokens.individual(subject));
            userId = user.id();
            if (path.contains("{id}")) {
                path = path.replace("{id}", user.createItem("Existing item"));
            }
        }
        long evidenceBefore = userId == null ? 0 : Api.evidenceOf(userId);
        long outboxBefore = userId == null ? 0 : Api.outboxOf(userId);

        RequestSpecification request = given().redirects().follow(false);
        switch (c.auth()) {
            case VALID -> request.auth().oauth2(TestTokens.individual(subject));
            case NONE -> {}
            case EXPIRED -> request.auth().oauth2(TestTokens.expired(subject));
            case FORGED -> request.auth().oauth2(TestTokens.forged(subject));
            case WRONG_AUDIENCE -> request.auth().oauth2(TestTokens.wrongAudience(subject));
            case GARBAGE -> request.header("Authorization", "Bearer not.a.token");
            case NO_ROLE -> request.auth().oauth2(TestTokens.token(subject, Collections.emptyList()));
        }
        c.headers().forEach(request::header);
        if (c.contentType() != null) {
            request.contentType(c.contentType());
        }
        if (c.body() != null) {
            request.body(c.body());
        }
        Response response = request.request(c.method(), path);

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(c.status());
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getInt("status")).isEqualTo(c.status());
        assertThat(response.asString()).doesNotContain("Exception").doesNotContain("\tat ");
        if (c.field() != null) {
            assertThat(response.jsonPath().getList("errors.field", String.class))
                    .contains(c.field());
        }
        if (userId != null) {
            assertThat(Api.evidenceOf(userId)).isEqualTo(evidenceBefore);
            assertThat(Api.outboxOf(userId)).isEqualTo(outboxBefore);
            assertThat(Api.count("select count(*) from evidence where user_id = ? and version <> 1", userId))
                    .isZero();
        } else if (c.auth() != Auth.NO_ROLE) {
            assertThat(Api.profilesWithSubject(subject)).isZero();
        }
    }

    private static Case post(String name, String body, int status, String field) {
        return new Case(
                name, "POST", "/api/v1/evidence", "application/json", body, Map.of(), Auth.VALID, status, field);
    }

    private static Case patch(String name, String body, Map<String, String> headers, int status, String field) {
        return new Case(
                name, "PATCH", "/api/v1/evidence/{id}", "application/json", body, headers, Auth.VALID, status, field);
    }

    private static Case get(String name, String query, int status, String field) {
        return new Case(name, "GET", "/api/v1/evidence?" + query, null, null, Map.of(), Auth.VALID, status, field);
    }

    private static String json(String title, String content, String extra) {
        return "{\"title\":\"" + title + "\",\"content\":\"" + content + "\"" + extra + "}";
    }

    private static String tags(int count, int length) {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String base = "t" + i;
            tags.add("\"" + (base + "x".repeat(Math.max(0, length - base.length()))) + "\"");
        }
        return "[" + String.join(",", tags) + "]";
    }
}
