package io.pulse.evidence.review;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.evidence.support.Api;
import io.pulse.evidence.support.Api.User;
import io.pulse.evidence.support.ReviewFixtures;
import io.pulse.evidence.support.Uploads;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * A period with goals and evidence from all four sources becomes a review packet whose every citation, in the JSON,
 * the Markdown and the text of the PDF, exists, is the owner's and falls in the period.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class ReviewPacketTest {

    private static final Pattern UUID_PATTERN =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final LocalDate START = LocalDate.of(2026, 7, 1);
    private static final LocalDate END = LocalDate.of(2026, 12, 31);

    @Test
    void aPeriodsPacketCitesOnlyTheOwnersEvidenceOfThePeriodInEveryFormat() throws IOException {
        User alice = User.fresh();
        User bob = User.fresh();
        UUID owner = alice.id();
        String period = createPeriod(alice, "H2 2026", START, END);

        UUID mr = ReviewFixtures.synced(
                owner,
                "gitlab",
                "Cut checkout p99 latency by 40%",
                "https://gitlab.example.com/shop/checkout/-/merge_requests/482",
                Instant.parse("2026-09-14T10:00:00Z"));
        UUID issue = ReviewFixtures.synced(
                owner,
                "jira",
                "PAY-1423 Resolve duplicate refunds",
                "https://jira.example.com/browse/PAY-1423",
                Instant.parse("2026-10-02T16:30:00Z"));
        UUID note = ReviewFixtures.manual(
                alice, "Mentored two new engineers on the payments codebase", Instant.parse("2026-08-20T09:00:00Z"));
        UUID upload = UUID.fromString(Uploads.upload(
                        alice,
                        Uploads.Part.of(
                                "search-design-review.md",
                                "# Search design review\n\nHybrid ranking with reciprocal rank fusion.\n"
                                        .getBytes(StandardCharsets.UTF_8)))
                .then()
                .statusCode(201)
                .extract()
                .<String>path("items[0].evidence.id"));
        UUID before = ReviewFixtures.synced(
                owner, "gitlab", "Old migration work", null, Instant.parse("2026-03-01T12:00:00Z"));
        UUID bobs = UUID.fromString(bob.createItem("Bob's private incident write-up"));

        ReviewFixtures.insight(
                owner,
                "achievement",
                "Faster checkout",
                "Checkout got 40% faster and duplicate refunds stopped.",
                List.of(mr, issue, before, bobs));
        // The same achievement again (two generations of an overlapping span): still one bullet.
        ReviewFixtures.insight(
                owner,
                "achievement",
                "Faster checkout",
                "Checkout got 40% faster and duplicate refunds stopped.",
                List.of(mr, issue, before, bobs));
        ReviewFixtures.insight(
                owner, "strength", "Knowledge sharing", "Shares design knowledge widely.", List.of(note, upload));
        // Only evidence outside the period, or another user's: these can never become bullets.
        ReviewFixtures.insight(owner, "improvement", "Old habits", "Something from March.", List.of(before));
        ReviewFixtures.insight(owner, "trend", "Not yours", "Cites Bob only.", List.of(bobs));

        String goal = alice.as()
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "title", "Make checkout fast",
                        "description", "Cut p99 latency of the checkout",
                        "status", "in_progress",
                        "target_value", 40,
                        "current_value", 30,
                        "target_unit", "% p99 cut"))
                .post("/api/v1/periods/" + period + "/goals")
                .then()
                .statusCode(201)
                .body("progress", equalTo(0.75f))
                .extract()
                .path("id");
        alice.as()
                .put("/api/v1/goals/" + goal + "/evidence/" + mr)
                .then()
                .statusCode(200)
                .body("evidence", hasSize(1));
        alice.as()
                .put("/api/v1/goals/" + goal + "/evidence/" + before)
                .then()
                .statusCode(422)
                .body("errors[0].field", equalTo("evidence_id"));
        alice.as().put("/api/v1/goals/" + goal + "/evidence/" + bobs).then().statusCode(404);

        // The evidence list filtered by the period: the four items of the period, none from before, none of Bob's.
        List<String> inPeriod = alice.as()
                .queryParam("period_id", period)
                .get("/api/v1/evidence")
                .then()
                .statusCode(200)
                .extract()
                .path("items.id");
        assertThat(inPeriod)
                .containsExactlyInAnyOrder(mr.toString(), issue.toString(), note.toString(), upload.toString());

        JsonPath packet = alice.as()
                .post("/api/v1/periods/" + period + "/packet")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(packet.getList("sections.key"))
                .containsExactly("achievements", "strengths", "growth_areas", "trends", "goals");
        assertThat(packet.getList("sections[0].bullets")).hasSize(1);
        assertThat(packet.getList("sections[0].bullets[0].citations.evidence_id"))
                .containsExactly(mr.toString(), issue.toString());
        assertThat(packet.getList("sections[1].bullets[0].citations.evidence_id"))
                .containsExactly(note.toString(), upload.toString());
        assertThat(packet.getList("sections[2].bullets")).isEmpty();
        assertThat(packet.getList("sections[3].bullets")).isEmpty();
        assertThat(packet.getString("sections[4].bullets[0].text")).contains("Make checkout fast", "30 of 40", "75%");
        assertThat(packet.getString("sections[0].bullets[0].citations[0].source_url"))
                .isEqualTo("https://gitlab.example.com/shop/checkout/-/merge_requests/482");

        Set<UUID> expected = Set.of(mr, issue, note, upload);
        String json = export(alice, period, "json", "application/json").asString();
        String markdown = export(alice, period, "markdown", "text/markdown").asString();
        export(alice, period, "pdf", "application/pdf");
        byte[] pdf = rawBytes(alice, "/api/v1/periods/" + period + "/packet/export?format=pdf");
        String pdfText = pdfText(pdf);

        assertThat(citedIn(json)).as("JSON").containsAll(expected);
        assertThat(citedIn(markdown)).as("Markdown").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(citedIn(pdfText)).as("PDF text").containsExactlyInAnyOrderElementsOf(expected);
        for (String text : List.of(json, markdown, pdfText)) {
            for (UUID cited : evidenceCitedIn(text, packet)) {
                assertCheckedCitation(cited, owner);
            }
            assertThat(text).doesNotContain(before.toString(), bobs.toString(), "Bob's private");
        }
        assertThat(markdown)
                .contains("# Review packet: H2 2026", "## Achievements", "## Progress on goals")
                .contains(
                        "[Cut checkout p99 latency by 40%](https://gitlab.example.com/shop/checkout/-/merge_requests/482)");
        assertThat(pdfText).contains("Review packet: H2 2026", "Achievements", "PAY-1423 Resolve duplicate refunds");

        // The owner edits a bullet; the edit and its citations survive a regeneration, and the insight is not repeated.
        String bullet = packet.getString("sections[1].bullets[0].id");
        alice.as()
                .contentType(ContentType.JSON)
                .body(Map.of("text", "Ran the search design review and mentored two engineers"))
                .patch("/api/v1/packets/" + packet.getString("id") + "/bullets/" + bullet)
                .then()
                .statusCode(200)
                .body("sections[1].bullets[0].edited", equalTo(true));
        JsonPath again = alice.as()
                .post("/api/v1/periods/" + period + "/packet")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(again.getList("sections[1].bullets")).hasSize(1);
        assertThat(again.getString("sections[1].bullets[0].text"))
                .isEqualTo("Ran the search design review and mentored two engineers");
        assertThat(again.getList("sections[1].bullets[0].citations.evidence_id"))
                .containsExactly(note.toString(), upload.toString());

        // Citations are checked at every read: shrink the period to end in September and the October issue and the
        // November upload are no longer cited; the edited bullet keeps its August note.
        alice.as()
                .contentType(ContentType.JSON)
                .body(Map.of("end_date", "2026-09-30"))
                .patch("/api/v1/periods/" + period)
                .then()
                .statusCode(200);
        JsonPath shrunk = alice.as()
                .get("/api/v1/periods/" + period + "/packet")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(shrunk.getList("sections[0].bullets[0].citations.evidence_id"))
                .containsExactly(mr.toString());
        assertThat(shrunk.getList("sections[1].bullets[0].citations.evidence_id"))
                .containsExactly(note.toString());

        // Deleting the last cited item of a bullet drops the bullet, never ships it uncited.
        alice.as()
                .header("If-Match", "*")
                .delete("/api/v1/evidence/" + note)
                .then()
                .statusCode(204);
        JsonPath after = alice.as()
                .get("/api/v1/periods/" + period + "/packet")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(after.getList("sections[1].bullets")).isEmpty();
        assertThat(after.getInt("dropped_bullets")).isEqualTo(1);
        assertThat(export(alice, period, "markdown", "text/markdown").asString())
                .doesNotContain("Ran the search design review");
    }

    @Test
    void badInputIsAClearProblemAndOtherUsersPeriodsAreNotFound() {
        User alice = User.fresh();
        User bob = User.fresh();
        alice.as()
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Backwards", "start_date", "2026-06-30", "end_date", "2026-01-01"))
                .post("/api/v1/periods")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("end_date"));
        alice.as()
                .contentType(ContentType.JSON)
                .body("{\"name\": \"Bad date\", \"start_date\": \"2026-13-01\", \"end_date\": \"2026-12-31\"}")
                .post("/api/v1/periods")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        String period = createPeriod(alice, "Q3 2026", LocalDate.of(2026, 7, 1), LocalDate.of(2026, 9, 30));
        alice.as()
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Q3 2026", "start_date", "2026-07-01", "end_date", "2026-09-30"))
                .post("/api/v1/periods")
                .then()
                .statusCode(409);
        alice.as().get("/api/v1/periods/" + period + "/packet").then().statusCode(404);
        alice.as()
                .queryParam("format", "docx")
                .get("/api/v1/periods/" + period + "/packet/export")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("format"));
        alice.as()
                .contentType(ContentType.JSON)
                .body(Map.of("title", "", "status", "done", "target_value", -1))
                .post("/api/v1/periods/" + period + "/goals")
                .then()
                .statusCode(422)
                .body("errors.field", org.hamcrest.Matchers.hasItems("title", "status", "target_value"));

        bob.as().get("/api/v1/periods/" + period).then().statusCode(404);
        bob.as().post("/api/v1/periods/" + period + "/packet").then().statusCode(404);
        bob.as()
                .contentType(ContentType.JSON)
                .body(Map.of("title", "Sneaky"))
                .post("/api/v1/periods/" + period + "/goals")
                .then()
                .statusCode(404);
        bob.as().delete("/api/v1/periods/" + period).then().statusCode(404);
        bob.as().get("/api/v1/periods").then().statusCode(200).body("items", hasSize(0));
        alice.as().get("/api/v1/periods/not-a-uuid").then().statusCode(404).body("detail", containsString("Period"));
        assertThat(Api.count("select count(*) from review_periods where id = ?::uuid", period))
                .isEqualTo(1);
    }

    static String createPeriod(User user, String name, LocalDate start, LocalDate end) {
        return user.as()
                .contentType(ContentType.JSON)
                .body(Map.of("name", name, "start_date", start.toString(), "end_date", end.toString()))
                .post("/api/v1/periods")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static Response export(User user, String period, String format, String mediaType) {
        Response response = user.as().queryParam("format", format).get("/api/v1/periods/" + period + "/packet/export");
        // Read the raw bytes before any validation, which would cache the body as text.
        response.asByteArray();
        response.then()
                .statusCode(200)
                .contentType(containsString(mediaType))
                .header("Content-Disposition", containsString("review-packet-h2-2026"));
        return response;
    }

    /** Every UUID in the text that names an evidence item (packet, bullet and period ids are skipped). */
    private static Set<UUID> citedIn(String text) {
        Set<UUID> ids = new LinkedHashSet<>();
        Matcher m = UUID_PATTERN.matcher(text);
        while (m.find()) {
            UUID id = UUID.fromString(m.group());
            if (Api.count("select count(*) from evidence where id = ?", id) > 0) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** Every UUID in the text that is not an id of the packet's own structure: each must be a checked citation. */
    private static Set<UUID> evidenceCitedIn(String text, JsonPath packet) {
        Set<String> structural = new LinkedHashSet<>();
        structural.add(packet.getString("id"));
        structural.add(packet.getString("owner_id"));
        structural.add(packet.getString("period.id"));
        structural.addAll(packet.getList("sections.bullets.flatten().id"));
        structural.addAll(packet.getList("sections.bullets.flatten().goal_id"));
        structural.addAll(packet.getList("sections.bullets.flatten().insight_id"));
        Set<UUID> ids = new LinkedHashSet<>();
        Matcher m = UUID_PATTERN.matcher(text);
        while (m.find()) {
            if (!structural.contains(m.group())) {
                ids.add(UUID.fromString(m.group()));
            }
        }
        return ids;
    }

    private static void assertCheckedCitation(UUID evidence, UUID owner) {
        assertThat(Api.count(
                        "select count(*) from evidence where id = ? and user_id = ? and occurred_at >= ? and occurred_at < ?",
                        evidence,
                        owner,
                        java.sql.Timestamp.from(
                                START.atStartOfDay(ZoneOffset.UTC).toInstant()),
                        java.sql.Timestamp.from(
                                END.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())))
                .as("citation %s exists, is the owner's and falls in the period", evidence)
                .isEqualTo(1);
    }

    /** The body exactly as sent (rest-assured decodes bodies of types it does not know as text). */
    private static byte[] rawBytes(User user, String path) throws IOException {
        try {
            java.net.http.HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                            "http://localhost:" + io.restassured.RestAssured.port + path))
                                    .header("Authorization", "Bearer " + user.token())
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String pdfText(byte[] pdf) throws IOException {
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            for (var name : doc.getPage(0).getResources().getFontNames()) {
                PDFont font = doc.getPage(0).getResources().getFont(name);
                assertThat(font.isEmbedded())
                        .as("font %s is embedded", font.getName())
                        .isTrue();
            }
            return new PDFTextStripper().getText(doc);
        }
    }
}
