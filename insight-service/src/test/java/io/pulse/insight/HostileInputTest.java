package io.pulse.insight;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.pulse.common.testing.HostileRequests;
import io.pulse.common.testing.HostileRequests.Case;
import io.pulse.common.testing.OpenApiFuzz;
import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.RawHttp;
import io.pulse.common.testing.TestTokens;
import io.pulse.insight.support.OpenAiSimulator;
import io.pulse.insight.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, insight-service: every class of hostile input is a 4xx problem+json naming the field, and writes nothing
 * (no insight change, no generation request in the outbox).
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
@WithTestResource(OpenAiSimulator.class)
class HostileInputTest {

    private static final String INSIGHT = "/api/v1/insights/" + UUID.randomUUID();
    private static final String GENERATE = "/api/v1/insights/generate";

    @TestHTTPResource("/")
    URI base;

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        // Search text: NUL, lone surrogate, invisible-only and undecodable (the examples).
        for (String q : HostileRequests.hostileTextQueries()) {
            c.add(new Case("search q=" + q, "GET", "/api/v1/search?q=" + q, null, 400, "q"));
        }
        c.add(new Case("NUL in search category", "GET", "/api/v1/search?q=x&category=%00", null, 400, "category"));
        c.add(new Case("NUL in search tag", "GET", "/api/v1/search?q=x&tag=%00", null, 400, "tag"));
        c.add(new Case("search from before 1900", "GET", "/api/v1/search?q=x&from=0001-01-01", null, 400, "from"));
        c.add(new Case(
                "search to after 9999", "GET", "/api/v1/search?q=x&to=%2B10000-01-01T00:00:00Z", null, 400, "to"));
        c.add(new Case(
                "search from before 4713 BC",
                "GET",
                "/api/v1/search?q=x&from=-4714-01-01T00:00:00Z",
                null,
                400,
                "from"));
        // Insight list filters and paging.
        c.add(new Case("insights from before 1900", "GET", "/api/v1/insights?from=0001-01-01", null, 400, "from"));
        c.add(new Case("insights to after 9999", "GET", "/api/v1/insights?to=%2B10000-01-01", null, 400, "to"));
        c.add(new Case(
                "insights cursor before 4713 BC",
                "GET",
                "/api/v1/insights?cursor=" + HostileRequests.cursor("-5000-01-01T00:00:00Z"),
                null,
                400,
                "cursor"));
        c.add(new Case(
                "insights cursor after 9999",
                "GET",
                "/api/v1/insights?cursor=" + HostileRequests.cursor("+100000-01-01T00:00:00Z"),
                null,
                400,
                "cursor"));
        c.add(new Case("insights limit abc", "GET", "/api/v1/insights?limit=abc", null, 400, "limit"));
        c.add(new Case("NUL in insights type", "GET", "/api/v1/insights?type=%00", null, 400, "type"));
        // Feedback text.
        c.add(new Case("NUL in feedback", "PATCH", INSIGHT, "{\"feedback\":\"ok\\u0000\"}", 422, "feedback"));
        c.add(new Case("lone surrogate in feedback", "PATCH", INSIGHT, "{\"feedback\":\"\\ud800\"}", 422, "feedback"));
        c.add(new Case("invisible feedback", "PATCH", INSIGHT, "{\"feedback\":\"\\u200b\"}", 422, "feedback"));
        // Strict JSON (it was lax here).
        c.add(new Case("duplicate keys", "PATCH", INSIGHT, "{\"validated\":true,\"validated\":false}", 400, null));
        c.add(new Case("trailing garbage", "PATCH", INSIGHT, "{\"validated\":true} {}", 400, null));
        c.add(new Case(
                "unknown field", "PATCH", INSIGHT, "{\"validated\":true,\"is_validated\":true}", 422, "is_validated"));
        c.add(new Case("string as boolean", "PATCH", INSIGHT, "{\"validated\":\"true\"}", 422, "validated"));
        c.add(new Case("number as feedback", "PATCH", INSIGHT, "{\"feedback\":1}", 422, "feedback"));
        // Generation periods outside the range.
        c.add(new Case(
                "period_start before 1900",
                "POST",
                GENERATE,
                "{\"period_start\":\"0001-01-01\",\"period_end\":\"2026-01-01\"}",
                422,
                "period_start"));
        c.add(new Case(
                "period_end after 9999",
                "POST",
                GENERATE,
                "{\"period_start\":\"2026-01-01\",\"period_end\":\"+10000-01-01\"}",
                422,
                "period_end"));
        c.add(new Case(
                "period_start before 4713 BC",
                "POST",
                GENERATE,
                "{\"period_start\":\"-4714-01-01\",\"period_end\":\"2026-01-01\"}",
                422,
                "period_start"));
        c.add(new Case(
                "period as a number",
                "POST",
                GENERATE,
                "{\"period_start\":20260101,\"period_end\":\"2026-01-02\"}",
                422,
                "period_start"));
        c.add(new Case(
                "body over 256 KiB", "PATCH", INSIGHT, "{\"feedback\":\"" + "x".repeat(300_000) + "\"}", 413, null));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersProblemNamingTheFieldAndWritesNothing(Case c) throws Exception {
        TestData.User user = TestData.user(false);
        long before = writes(user.id());
        HostileRequests.assertRefused(base, user.token(), c);
        assertThat(writes(user.id())).as("nothing written").isEqualTo(before);
    }

    @Test
    void transportErrorsAndMissingContentTypeAreProblems() throws Exception {
        TestData.User user = TestData.user(false);
        long before = writes(user.id());
        String auth = "Authorization: Bearer " + user.token();
        byte[] body =
                "{\"period_start\":\"2026-01-01\",\"period_end\":\"2026-01-31\"}".getBytes(StandardCharsets.UTF_8);
        HostileRequests.assertProblem(
                RawHttp.send(
                        base, "POST " + GENERATE + " HTTP/1.1\r\n" + auth + "\r\nContent-Length: " + body.length, body),
                415,
                null);
        HostileRequests.assertProblem(
                RawHttp.send(base, "GET /api/v1/search?q=" + "a".repeat(5000) + " HTTP/1.1\r\n" + auth, new byte[0]),
                414,
                null);
        HostileRequests.assertProblem(
                RawHttp.send(
                        base,
                        "GET /api/v1/insights HTTP/1.1\r\n" + auth + "\r\nX-Pad: " + "p".repeat(30_000),
                        new byte[0]),
                431,
                null);
        // A request target that is no URI (broken escape) is refused by Quarkus' root handler before any router hook,
        // with a bare 400 (documented); it never reaches the application.
        assertThat(RawHttp.send(base, "GET /api/v1/search?q=%ZZ HTTP/1.1\r\n" + auth, new byte[0])
                        .status())
                .isEqualTo(400);
        assertThat(writes(user.id())).isEqualTo(before);
    }

    @Test
    void fuzzedOperationsNeverFail() throws Exception {
        OpenApiFuzz.Result result =
                OpenApiFuzz.assertNoServerErrors(base, TestTokens.individual(TestTokens.newSubject()), 400);
        System.out.println("insight-service fuzz: " + result);
        assertThat(result.requests()).isGreaterThanOrEqualTo(2000);
    }

    /** Rows the user's requests could have written: insights (with their feedback) and outbox events. */
    private static long writes(UUID userId) {
        return ((Number) TestData.query(
                                "select (select count(*) from insights where user_id = ? and (feedback is not null"
                                        + " or validated or is_rejected)) + (select count(*) from outbox where"
                                        + " user_id = ?) as n",
                                userId,
                                userId)
                        .get(0)
                        .get("n"))
                .longValue();
    }
}
