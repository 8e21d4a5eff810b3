package io.pulse.evidence;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulse.common.testing.HostileRequests;
import io.pulse.common.testing.HostileRequests.Case;
import io.pulse.common.testing.OpenApiFuzz;
import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.RawHttp;
import io.pulse.common.testing.TestDatabase;
import io.pulse.common.testing.TestTokens;
import io.pulse.evidence.support.Api;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, evidence-service: every class of hostile input is a 4xx problem+json naming the field, and writes
 * nothing. Each case is sent as the raw request an attacker would send (java.net.http, or a plain socket where no
 * client lets it through).
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class HostileInputTest {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @TestHTTPResource(value = "/", management = true)
    URI management;

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        // NUL, unpaired surrogates and invisible-only text in every string field of the body.
        c.add(post("NUL in title", "{\"title\":\"a\\u0000b\",\"content\":\"c\"}", "title"));
        c.add(post("NUL in content", "{\"title\":\"t\",\"content\":\"c\\u0000\"}", "content"));
        c.add(post("lone high surrogate in title", "{\"title\":\"x\\ud800\",\"content\":\"c\"}", "title"));
        c.add(post("lone low surrogate in content", "{\"title\":\"t\",\"content\":\"\\udc00y\"}", "content"));
        c.add(post("zero-width space title", "{\"title\":\"\\u200b\",\"content\":\"c\"}", "title"));
        c.add(post("no-break space title", "{\"title\":\"\\u00a0\",\"content\":\"c\"}", "title"));
        c.add(post("BOM-only content", "{\"title\":\"t\",\"content\":\"\\ufeff\"}", "content"));
        c.add(post("NUL in a tag", "{\"title\":\"t\",\"content\":\"c\",\"tags\":[\"a\\u0000\"]}", "tags[0]"));
        c.add(post("NUL in category", "{\"title\":\"t\",\"content\":\"c\",\"category\":\"\\u0000\"}", "category"));
        c.add(post(
                "NUL in source_url",
                "{\"title\":\"t\",\"content\":\"c\",\"source_url\":\"https://x/\\u0000\"}",
                "source_url"));
        c.add(patch("NUL in patched title", "{\"title\":\"\\u0000\"}", "title"));
        c.add(patch("lone surrogate in patched content", "{\"content\":\"\\ud800\"}", "content"));
        // Profile fields and free-form preferences (values, keys, nested).
        c.add(profile("NUL in full_name", "{\"full_name\":\"Ann\\u0000\"}", "full_name"));
        c.add(profile("lone surrogate in full_name", "{\"full_name\":\"\\udfff\"}", "full_name"));
        c.add(profile("invisible full_name", "{\"full_name\":\"\\u200b\\u200b\"}", "full_name"));
        c.add(profile("NUL in gitlab_username", "{\"gitlab_username\":\"a\\u0000\"}", "gitlab_username"));
        c.add(profile("NUL in avatar_url", "{\"avatar_url\":\"https://x/\\u0000.png\"}", "avatar_url"));
        c.add(profile("NUL in a preference value", "{\"preferences\":{\"theme\":\"\\u0000\"}}", "preferences"));
        c.add(profile("NUL in a preference key", "{\"preferences\":{\"\\u0000\":1}}", "preferences"));
        c.add(profile("NUL deep in preferences", "{\"preferences\":{\"a\":[{\"b\":\"x\\u0000\"}]}}", "preferences"));
        c.add(profile("lone surrogate in preferences", "{\"preferences\":{\"k\":\"\\ud800\"}}", "preferences"));
        // Dates outside any sane range.
        c.add(post(
                "occurred_at before 4713 BC",
                "{\"title\":\"t\",\"content\":\"c\",\"occurred_at\":" + "\"-4714-01-01T00:00:00Z\"}",
                "occurred_at"));
        c.add(post(
                "occurred_at before 1970",
                "{\"title\":\"t\",\"content\":\"c\",\"occurred_at\":" + "\"1969-12-31T23:59:59Z\"}",
                "occurred_at"));
        c.add(post(
                "occurred_at past year 9999",
                "{\"title\":\"t\",\"content\":\"c\",\"occurred_at\":" + "\"+10000-01-01T00:00:00Z\"}",
                "occurred_at"));
        c.add(patch(
                "patched occurred_at before 4713 BC", "{\"occurred_at\":\"-4714-01-01T00:00:00Z\"}", "occurred_at"));
        c.add(list("from before 1900", "from=0001-01-01", "from"));
        c.add(list("to after 9999", "to=%2B10000-01-01T00:00:00Z", "to"));
        c.add(list("from before 4713 BC", "from=-4714-01-01T00:00:00Z", "from"));
        c.add(list("cursor before 4713 BC", "cursor=" + HostileRequests.cursor("-5000-01-01T00:00:00Z"), "cursor"));
        c.add(list("cursor after year 9999", "cursor=" + HostileRequests.cursor("+100000-01-01T00:00:00Z"), "cursor"));
        c.add(list(
                "cursor at the minimum instant",
                "cursor=" + HostileRequests.cursor("-1000000000-01-01T00:00:00Z"),
                "cursor"));
        // The listing's text search: NUL, lone surrogates, invisible-only and undecodable text.
        c.add(list("NUL in q", "q=%00", "q"));
        c.add(list("NUL inside q", "q=ab%00cd", "q"));
        c.add(list("lone surrogate in q", "q=%ED%A0%80", "q"));
        c.add(list("zero-width space q", "q=%E2%80%8B", "q"));
        c.add(list("no-break space q", "q=%C2%A0", "q"));
        c.add(list("BOM q", "q=%EF%BB%BF", "q"));
        c.add(list("undecodable q", "q=%FF", "q"));
        c.add(list("truncated UTF-8 in q", "q=%E2%80", "q"));
        c.add(list("NUL in tag filter", "tag=%00", "tag"));
        c.add(list("NUL in category filter", "category=%00", "category"));
        c.add(list("undecodable parameter name", "%FF=1", "query"));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersProblemNamingTheFieldAndWritesNothing(Case c) throws Exception {
        Api.User user = Api.User.fresh();
        UUID userId = user.id();
        String path = c.path().contains("{id}") ? c.path().replace("{id}", user.createItem("Existing")) : c.path();
        Snapshot before = Snapshot.of(userId);

        HostileRequests.assertRefused(
                base, user.token(), new Case(c.name(), c.method(), path, c.body(), c.status(), c.field()));
        assertThat(Snapshot.of(userId)).as("nothing written").isEqualTo(before);
    }

    /**
     * An item stored with an out-of-range date (as it could be before the API refused them) can still be read,
     * changed and paged past: a PATCH is refused naming occurred_at until the date is put right, and then succeeds.
     */
    @Test
    void anItemWithAStoredOutOfRangeDateIsNeverA500() throws Exception {
        Api.User user = Api.User.fresh();
        UUID userId = user.id();
        String newer = user.createItem("Newer item");
        String ancient = user.createItem("Ancient item");
        try (Connection db = TestDatabase.connect(TestDatabase.Role.SERVICE);
                PreparedStatement ps = db.prepareStatement(
                        "update evidence set occurred_at = '4714-11-24 00:00:00+00 BC' where id = ?::uuid")) {
            ps.setString(1, ancient);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        Snapshot before = Snapshot.of(userId);

        HttpResponse<String> patch =
                send(user.token(), "PATCH", "/api/v1/evidence/" + ancient, "{\"title\":\"Renamed\"}");
        HostileRequests.assertProblem(
                patch.statusCode(),
                patch.headers().firstValue("Content-Type").orElse(""),
                patch.body(),
                422,
                "occurred_at");
        assertThat(Snapshot.of(userId)).isEqualTo(before);

        // Paging past it: the first page ends on the newer item, the second holds the ancient one.
        HttpResponse<String> first = send(user.token(), "GET", "/api/v1/evidence?limit=1", null);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        String next = JSON.readTree(first.body()).path("next_cursor").asText();
        assertThat(JSON.readTree(first.body()).path("items").get(0).path("id").asText())
                .isEqualTo(newer);
        HttpResponse<String> second = send(user.token(), "GET", "/api/v1/evidence?limit=1&cursor=" + next, null);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        JsonNode page = JSON.readTree(second.body());
        assertThat(page.path("items").get(0).path("id").asText()).isEqualTo(ancient);
        assertThat(page.path("next_cursor").isNull()).isTrue();

        HttpResponse<String> fixed = send(
                user.token(),
                "PATCH",
                "/api/v1/evidence/" + ancient,
                "{\"title\":\"Renamed\",\"occurred_at\":\"2020-01-01T00:00:00Z\"}");
        assertThat(fixed.statusCode()).as(fixed.body()).isEqualTo(200);
    }

    /** Transport-level refusals and a body without Content-Type, each in the same problem+json shape. */
    @Test
    void transportErrorsAreProblems() throws Exception {
        Api.User user = Api.User.fresh();
        UUID userId = user.id();
        Snapshot before = Snapshot.of(userId);
        String auth = "Authorization: Bearer " + user.token();
        byte[] json = "{\"title\":\"t\",\"content\":\"c\"}".getBytes(StandardCharsets.UTF_8);

        RawHttp.Response noType = RawHttp.send(
                base, "POST /api/v1/evidence HTTP/1.1\r\n" + auth + "\r\nContent-Length: " + json.length, json);
        HostileRequests.assertProblem(noType, 415, null);

        RawHttp.Response longUri =
                RawHttp.send(base, "GET /api/v1/evidence?q=" + "a".repeat(5000) + " HTTP/1.1\r\n" + auth, new byte[0]);
        HostileRequests.assertProblem(longUri, 414, null);

        RawHttp.Response bigHeaders = RawHttp.send(
                base, "GET /api/v1/evidence HTTP/1.1\r\n" + auth + "\r\nX-Padding: " + "p".repeat(30_000), new byte[0]);
        HostileRequests.assertProblem(bigHeaders, 431, null);

        RawHttp.Response declaredTooLarge = RawHttp.send(
                base,
                "POST /api/v1/evidence HTTP/1.1\r\n" + auth + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + (200L * 1024 * 1024),
                json);
        HostileRequests.assertProblem(declaredTooLarge, 413, null);

        RawHttp.Response brokenEscape =
                RawHttp.send(base, "GET /api/v1/evidence?q=%ZZ HTTP/1.1\r\n" + auth, new byte[0]);
        assertThat(brokenEscape.status()).isEqualTo(400);

        // A path that is no URI at all is refused by Quarkus' root handler before any router hook, with a bare 400
        // (documented); it never reaches the application.
        RawHttp.Response brokenPath = RawHttp.send(base, "GET /api/v1/%E0%A4%A HTTP/1.1\r\n" + auth, new byte[0]);
        assertThat(brokenPath.status()).isEqualTo(400);

        assertThat(Snapshot.of(userId)).isEqualTo(before);
    }

    /**
     * Probing 405s with random ids leaves no id in the metrics and no new series: the uri label is a route
     * template or a fixed bucket. The metrics are served on the management interface, not on the public port.
     */
    @Test
    void probesCreateNoMetricSeries() throws Exception {
        Api.User user = Api.User.fresh();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            send(user.token(), "PUT", "/api/v1/evidence/" + id, "{}");
            send(user.token(), "POST", "/api/v1/profile/" + id, "{}");
            send(user.token(), "GET", "/no/such/" + id, null);
        }
        String metrics = HTTP.send(
                        HttpRequest.newBuilder(management.resolve("/q/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics).contains("http_server_requests_seconds_count");
        for (String id : ids) {
            assertThat(metrics).doesNotContain(id);
        }
        assertThat(metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_count")))
                .allSatisfy(line -> assertThat(line)
                        .containsPattern(
                                "uri=\"(/api/v1/[a-z/{}_-]*|/q/[a-z/]+|" + "NOT_FOUND|UNKNOWN|REDIRECTION|root)\""));
        assertThat(HTTP.send(
                                HttpRequest.newBuilder(base.resolve("/q/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .as("metrics are not on the public port")
                .isEqualTo(404);
    }

    /** A few thousand random and boundary values to every operation: never a 5xx, every error problem+json. */
    @Test
    void fuzzedOperationsNeverFail() throws Exception {
        String subject = TestTokens.newSubject();
        OpenApiFuzz.Result result = OpenApiFuzz.assertNoServerErrors(base, TestTokens.individual(subject), 300);
        System.out.println("evidence-service fuzz: " + result);
        assertThat(result.requests()).isGreaterThanOrEqualTo(2000);
    }

    private HttpResponse<String> send(String token, String method, String path, String body) throws Exception {
        return HostileRequests.send(base, token, method, path, body);
    }

    private static Case post(String name, String body, String field) {
        return new Case(name, "POST", "/api/v1/evidence", body, 422, field);
    }

    private static Case patch(String name, String body, String field) {
        return new Case(name, "PATCH", "/api/v1/evidence/{id}", body, 422, field);
    }

    private static Case profile(String name, String body, String field) {
        return new Case(name, "PATCH", "/api/v1/profile", body, 422, field);
    }

    private static Case list(String name, String query, String field) {
        return new Case(name, "GET", "/api/v1/evidence?" + query, null, 400, field);
    }

    /** What the user has written: evidence rows and their versions, outbox events, and the profile's last change. */
    record Snapshot(long evidence, long versions, long outbox, Map<String, Object> profile) {
        static Snapshot of(UUID userId) throws SQLException {
            return new Snapshot(
                    Api.evidenceOf(userId),
                    Api.count("select coalesce(sum(version), 0) from evidence where user_id = ?", userId),
                    Api.outboxOf(userId),
                    Map.of(
                            "updated",
                            Api.count(
                                    "select (extract(epoch from updated_at) * 1000000)::bigint from profiles where id = ?",
                                    userId)));
        }
    }
}
