package io.pulse.evidence.attachment;

import java.util.List;
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
import io.restassured.response.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** Files attached to existing evidence: the item's attachments column stays true through every change. */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class AttachmentTest {

    @Test
    void attachListDownloadAndRemoveKeepTheItemsAttachmentsTrue() {
        User alice = User.fresh();
        UUID aliceId = alice.id();
        String id = alice.createItem("Ran the incident review");

        Response attached = Uploads.attach(
                alice,
                id,
                Part.of("timeline.pdf", Documents.pdf("Timeline", "Detected at 09:12, mitigated at 09:40.")),
                Part.of("graph.png", Documents.png()));
        attached.then().statusCode(201).body("items", hasSize(2));
        String first = attached.path("items[0].href");
        String second = attached.path("items[1].href");

        // Attaching changes the item's representation: new version, evidence.updated, content untouched.
        alice.as()
                .get("/api/v1/evidence/" + id)
                .then()
                .statusCode(200)
                .header("ETag", "\"2\"")
                .body("attachments", contains(first, second))
                .body("content", equalTo("Content of Ran the incident review"));
        assertThat(Api.count(
                        "select count(*) from outbox where user_id = ? and event_type = 'evidence.updated'", aliceId))
                .isEqualTo(1);

        alice.as()
                .queryParam("limit", 1)
                .get("/api/v1/evidence/" + id + "/attachments")
                .then()
                .statusCode(200)
                .body("items", hasSize(1));
        alice.as()
                .get("/api/v1/evidence/" + id + "/attachments")
                .then()
                .statusCode(200)
                .body("items", hasSize(2))
                .body("next_cursor", nullValue());
        alice.as().get(first).then().statusCode(200).header("Content-Type", "application/pdf");

        alice.as().delete(first).then().statusCode(204);
        alice.as().get(first).then().statusCode(404).contentType("application/problem+json");
        alice.as().get("/api/v1/evidence/" + id).then().header("ETag", "\"3\"").body("attachments", contains(second));
        Uploads.assertNoOrphans();

        // Deleting the item deletes its attachments and their bytes.
        alice.as()
                .header("If-Match", "\"3\"")
                .delete("/api/v1/evidence/" + id)
                .then()
                .statusCode(204);
        assertThat(Uploads.attachmentsOf(aliceId)).isZero();
        assertThat(Uploads.chunksOf(aliceId)).isZero();
        Uploads.assertNoOrphans();
    }

    @Test
    void deletingAnUploadedItemLeavesNothing() {
        User alice = User.fresh();
        UUID aliceId = alice.id();
        Response created = Uploads.upload(alice, Part.of("a.md", Documents.markdown("Led the migration.")));
        String id = created.path("items[0].evidence.id");
        assertThat(Uploads.chunksOf(aliceId)).isEqualTo(1);
        alice.as()
                .header("If-Match", "\"1\"")
                .delete("/api/v1/evidence/" + id)
                .then()
                .statusCode(204);
        assertThat(Api.evidenceOf(aliceId)).isZero();
        assertThat(Uploads.attachmentsOf(aliceId)).isZero();
        assertThat(Uploads.chunksOf(aliceId)).isZero();
        assertThat(Api.count(
                        "select count(*) from outbox where user_id = ? and event_type = 'evidence.deleted'", aliceId))
                .isEqualTo(1);
    }

    @Test
    void anItemHasAtMostTheConfiguredNumberOfAttachments() {
        User alice = User.fresh();
        String id = alice.createItem("Many screenshots");
        Part[] twenty = new Part[10];
        for (int i = 0; i < twenty.length; i++) {
            twenty[i] = Part.of("shot-" + i + ".png", Documents.png());
        }
        Uploads.attach(alice, id, twenty).then().statusCode(201);
        Uploads.attach(alice, id, twenty).then().statusCode(201);
        Uploads.attach(alice, id, Part.of("one-more.png", Documents.png()))
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        alice.as().get("/api/v1/evidence/" + id).then().body("attachments", hasSize(20));
        Uploads.assertNoOrphans();
    }

    @Test
    void unknownItemsAndAttachmentsAre404() {
        User alice = User.fresh();
        String id = alice.createItem("Plain item");
        String missing = "/api/v1/evidence/" + id + "/attachments/" + UUID.randomUUID();
        alice.as().get(missing).then().statusCode(404).contentType("application/problem+json");
        alice.as().delete(missing).then().statusCode(404).contentType("application/problem+json");
        alice.as()
                .get("/api/v1/evidence/" + UUID.randomUUID() + "/attachments")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        alice.as()
                .get("/api/v1/evidence/" + id + "/attachments/not-a-uuid")
                .then()
                .statusCode(404);
        alice.as().get("/api/v1/evidence/" + id + "/attachments").then().body("items", empty());
        assertThat(List.of()).isEmpty();
    }
}
