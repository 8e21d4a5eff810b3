package io.pulse.evidence.attachment;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.pulse.common.testing.Documents;
import io.pulse.common.testing.PulseTestResource;
import io.pulse.evidence.support.Api;
import io.pulse.evidence.support.Api.User;
import io.pulse.evidence.support.Uploads;
import io.pulse.evidence.support.Uploads.Part;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Real documents become evidence with their text, their file attached, and an evidence.created event each. */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class UploadTest {

    @Test
    void pdfDocxPptxAndMarkdownBecomeEvidenceWithTheirTextAndAttachment() {
        User alice = User.fresh();
        UUID aliceId = alice.id();
        byte[] pdf = Documents.pdf("Checkout latency review", "Cut p99 checkout latency from 900 ms to 250 ms.");
        byte[] docx = Documents.docx("Search design", "Proposed hybrid search with reciprocal rank fusion.");
        byte[] pptx = Documents.pptx("Quarterly platform roadmap: Kafka migration finished.");
        byte[] md = Documents.markdown("Mentored two engineers through their first on-call rotation.");

        Response response = Uploads.upload(
                alice,
                // The claimed types are wrong on purpose: the service detects them from the bytes.
                new Part("latency.pdf", pdf, "text/plain"),
                Part.of("search-design.docx", docx),
                Part.of("roadmap.pptx", pptx),
                new Part("notes.md", md, "application/pdf"));
        response.then().statusCode(201).body("items", hasSize(4));
        JsonPath body = response.jsonPath();

        assertItem(body, 0, "Checkout latency review", "p99 checkout latency", "application/pdf", pdf);
        assertItem(
                body,
                1,
                "Search design",
                "reciprocal rank fusion",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                docx);
        assertItem(
                body,
                2,
                "roadmap",
                "Kafka migration finished",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                pptx);
        assertItem(body, 3, "notes", "first on-call rotation", "text/markdown", md);

        // Every item went through the evidence write path: one evidence.created each, as for manual evidence.
        for (int i = 0; i < 4; i++) {
            String id = body.getString("items[" + i + "].evidence.id");
            assertThat(Api.count(
                            "select count(*) from outbox where user_id = ? and event_type = 'evidence.created'"
                                    + " and envelope -> 'payload' ->> 'evidenceId' = ?"
                                    + " and envelope -> 'payload' ->> 'source' = 'upload'",
                            aliceId,
                            id))
                    .as("evidence.created of item %d", i)
                    .isEqualTo(1);
        }
        // Only those (enrichment, when an insight-service shares the test topics, adds its own events later).
        assertThat(Api.count(
                        "select count(*) from outbox where user_id = ? and event_type like 'evidence.%'"
                                + " and event_type <> 'evidence.enriched'",
                        aliceId))
                .isEqualTo(4);
        alice.as()
                .queryParam("source", "upload")
                .get("/api/v1/evidence")
                .then()
                .statusCode(200)
                .body("items", hasSize(4));
        assertThat(Uploads.chunksOf(aliceId)).isEqualTo(4);
        Uploads.assertNoOrphans();
        Uploads.assertNoTemporaryFiles();
    }

    private static void assertItem(JsonPath body, int i, String title, String text, String type, byte[] bytes) {
        String item = "items[" + i + "]";
        String evidenceId = body.getString(item + ".evidence.id");
        String href = body.getString(item + ".attachment.href");
        assertThat(body.getString(item + ".evidence.source")).isEqualTo("upload");
        assertThat(body.getString(item + ".evidence.title")).isEqualTo(title);
        assertThat(body.getString(item + ".evidence.content")).contains(text);
        assertThat(body.getList(item + ".evidence.attachments", String.class)).containsExactly(href);
        assertThat(href)
                .isEqualTo(
                        "/api/v1/evidence/" + evidenceId + "/attachments/" + body.getString(item + ".attachment.id"));
        assertThat(body.getString(item + ".attachment.content_type")).isEqualTo(type);
        assertThat(body.getLong(item + ".attachment.size_bytes")).isEqualTo(bytes.length);
        assertThat(body.getBoolean(item + ".text_truncated")).isFalse();
        assertThat(body.getString(item + ".attachment.sha256")).hasSize(64);
    }

    @Test
    void downloadsCarryTheDetectedTypeASafeNameAnETagAndRanges() {
        User alice = User.fresh();
        byte[] md = Documents.markdown("Range requests let large files resume.");
        // A colon (reserved on Windows) and a right-to-left override (disguises extensions) in the name.
        String name = "r\u00e9sum\u00e9:final\u202e.md";
        Response created = Uploads.uploadUtf8Name(alice, name, md);
        created.then().statusCode(201);
        String href = created.path("items[0].attachment.href");
        String sha = created.path("items[0].attachment.sha256");
        assertThat(created.<String>path("items[0].attachment.file_name")).isEqualTo("r\u00e9sum\u00e9_final.md");

        Response whole = alice.as().get(href);
        whole.then()
                .statusCode(200)
                .header("Content-Type", containsString("text/markdown"))
                .header("ETag", "\"" + sha + "\"")
                .header("Accept-Ranges", "bytes")
                .header("X-Content-Type-Options", "nosniff")
                .header(
                        "Content-Disposition",
                        "attachment; filename=\"r_sum__final.md\"; filename*=UTF-8''r%C3%A9sum%C3%A9_final.md");
        assertThat(whole.asByteArray()).isEqualTo(md);

        Response part = alice.as().header("Range", "bytes=2-7").get(href);
        part.then().statusCode(206).header("Content-Range", "bytes 2-7/" + md.length);
        assertThat(part.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(md, 2, 8));
        Response tail = alice.as().header("Range", "bytes=-5").get(href);
        tail.then().statusCode(206);
        assertThat(tail.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(md, md.length - 5, md.length));
        // If-Range with another tag: the whole file, not a piece of a different version.
        alice.as()
                .header("Range", "bytes=2-7")
                .header("If-Range", "\"other\"")
                .get(href)
                .then()
                .statusCode(200);
        alice.as()
                .header("Range", "bytes=" + md.length + "-")
                .get(href)
                .then()
                .statusCode(416)
                .header("Content-Range", "bytes */" + md.length)
                .contentType("application/problem+json")
                .body("status", equalTo(416));
        alice.as().header("If-None-Match", "\"" + sha + "\"").get(href).then().statusCode(304);
    }

    @Test
    void imagesAreKeptWithEmptyContentAndLongTextIsCutWithANote() {
        User alice = User.fresh();
        String paragraph = "Shipped the billing export and measured its effect on month-end close. ";
        byte[] longText = paragraph.repeat(1500).getBytes(StandardCharsets.UTF_8); // ~105,000 characters
        Response response = Uploads.upload(alice, Part.of("scan.png", Documents.png()), Part.of("log.txt", longText));
        response.then().statusCode(201);
        assertThat(response.<String>path("items[0].evidence.content")).isEmpty();
        assertThat(response.<String>path("items[0].attachment.content_type")).isEqualTo("image/png");
        assertThat(response.<String>path("items[0].evidence.title")).isEqualTo("scan");
        String content = response.path("items[1].evidence.content");
        assertThat(content.length()).isLessThanOrEqualTo(50_000);
        assertThat(content).startsWith("Shipped the billing export").endsWith("The whole file is attached.]");
        assertThat(content).contains("[Text cut at 50000 characters");
        assertThat(response.<Boolean>path("items[1].text_truncated")).isTrue();
        // The whole file is still there.
        assertThat(alice.as()
                        .get(response.<String>path("items[1].attachment.href"))
                        .asByteArray())
                .isEqualTo(longText);
        Uploads.assertNoOrphans();
    }

    @Test
    void uploadedItemsCanBeEditedLikeAnyOther() {
        User alice = User.fresh();
        Response created = Uploads.upload(alice, Part.of("notes.md", Documents.markdown("Wrote the ADR.")));
        String id = created.path("items[0].evidence.id");
        alice.as()
                .contentType("application/json")
                .header("If-Match", "\"1\"")
                .body(Map.of("tags", List.of("adr")))
                .patch("/api/v1/evidence/" + id)
                .then()
                .statusCode(200)
                .body("source", equalTo("upload"))
                .body("attachments", hasSize(1));
    }
}
