package io.pulse.evidence.review;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.evidence.support.Api;
import io.pulse.evidence.support.Api.User;
import io.pulse.evidence.support.ReviewFixtures;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import static io.pulse.evidence.support.ReviewFixtures.asRequestRole;
import static io.pulse.evidence.support.ReviewFixtures.writeAsRequestRole;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * A manager sees exactly what the owner shared, through the API and through SQL with no WHERE clause as the request
 * role; nothing after a revoke; another manager sees nothing; an individual cannot make themselves anyone's manager.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class SharingIsolationTest {

    /** Every table a manager could read something of the owner's from. */
    private static final List<String> TABLES = List.of(
            "profiles",
            "evidence",
            "insights",
            "review_periods",
            "goals",
            "goal_evidence",
            "review_packets",
            "packet_bullets",
            "packet_citations",
            "manager_links",
            "shares",
            "evidence_attachments",
            "sync_jobs",
            "source_connections");

    @Test
    void aManagerSeesOnlyWhatWasSharedAndNothingAfterARevoke() {
        User alice = User.fresh();
        User manager = ReviewFixtures.manager();
        User otherManager = ReviewFixtures.manager();
        UUID aliceId = alice.id();
        UUID managerId = manager.id();
        UUID otherId = otherManager.id();

        UUID shared = ReviewFixtures.manual(alice, "Led the incident review for the payment outage", at("2026-09-01"));
        UUID cited = ReviewFixtures.manual(alice, "Shipped the refund reconciliation job", at("2026-09-10"));
        UUID privateItem = ReviewFixtures.manual(alice, "Private: notes about my own burnout", at("2026-09-12"));
        UUID insight = ReviewFixtures.insight(
                aliceId, "achievement", "Reliable refunds", "Refunds reconcile nightly.", List.of(cited));
        UUID privateInsight = ReviewFixtures.insight(
                aliceId, "improvement", "Private: too many late nights", "Works late.", List.of(privateItem));
        String period =
                ReviewPacketTest.createPeriod(alice, "Q3 2026", LocalDate.of(2026, 7, 1), LocalDate.of(2026, 9, 30));
        io.restassured.path.json.JsonPath written = alice.as()
                .post("/api/v1/periods/" + period + "/packet")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String packet = written.getString("id");
        // Sharing a packet shares what it says: before sharing, the owner removes the bullet she keeps private.
        assertThat(written.getString("sections[2].bullets[0].text")).contains("late nights");
        alice.as()
                .delete("/api/v1/packets/" + packet + "/bullets/" + written.getString("sections[2].bullets[0].id"))
                .then()
                .statusCode(200)
                .body("sections[2].bullets", hasSize(0));

        // Nothing is shared before a manager is named, and only a manager can be named.
        ReviewFixtures.share(alice, "evidence", shared).then().statusCode(409);
        alice.as()
                .contentType(ContentType.JSON)
                .body(Map.of("email", User.fresh().subject() + "@example.test"))
                .put("/api/v1/manager")
                .then()
                .statusCode(422);
        alice.as()
                .contentType(ContentType.JSON)
                .body(Map.of("email", manager.subject() + "@example.test"))
                .put("/api/v1/manager")
                .then()
                .statusCode(200)
                .body("manager_id", equalTo(managerId.toString()))
                .body("email", equalTo(manager.subject() + "@example.test"));
        alice.as().get("/api/v1/manager").then().statusCode(200).body("manager_id", equalTo(managerId.toString()));

        String evidenceShare = ReviewFixtures.share(alice, "evidence", shared)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        ReviewFixtures.share(alice, "packet", UUID.fromString(packet)).then().statusCode(201);
        ReviewFixtures.share(alice, "evidence", shared).then().statusCode(409);
        ReviewFixtures.share(alice, "evidence", UUID.fromString(Api.User.fresh().createItem("someone else's")))
                .then()
                .statusCode(404);

        // The manager, through the API.
        manager.as()
                .get("/api/v1/shared-with-me")
                .then()
                .statusCode(200)
                .body("", hasSize(1))
                .body("[0].owner_id", equalTo(aliceId.toString()))
                .body("[0].evidence", equalTo(1))
                .body("[0].packets", equalTo(1))
                .body("[0].insights", equalTo(0));
        String bundle = manager.as()
                .get("/api/v1/shared-with-me/" + aliceId)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(bundle)
                .contains(shared.toString(), "Led the incident review", packet, "Shipped the refund reconciliation job")
                .doesNotContain(privateItem.toString(), "burnout", privateInsight.toString(), "late nights");
        // Shares never leak into the manager's own lists.
        manager.as().get("/api/v1/evidence").then().statusCode(200).body("items", hasSize(0));
        manager.as().get("/api/v1/periods").then().statusCode(200).body("items", hasSize(0));
        manager.as().get("/api/v1/periods/" + period + "/packet").then().statusCode(404);

        // The manager, through SQL with no WHERE clause as the request role: exactly the shared rows.
        assertThat(asRequestRole(managerId, "select id::text from evidence"))
                .containsExactlyInAnyOrder(shared.toString(), cited.toString());
        assertThat(asRequestRole(managerId, "select id::text from insights")).isEmpty();
        assertThat(asRequestRole(managerId, "select id::text from review_packets"))
                .containsExactly(packet);
        assertThat(asRequestRole(managerId, "select id::text from review_periods"))
                .containsExactly(period);
        assertThat(asRequestRole(managerId, "select id::text from profiles"))
                .containsExactlyInAnyOrder(managerId.toString(), aliceId.toString());

        // Another manager sees nothing at all, through the API or SQL.
        otherManager.as().get("/api/v1/shared-with-me").then().statusCode(200).body("", hasSize(0));
        otherManager.as().get("/api/v1/shared-with-me/" + aliceId).then().statusCode(404);
        for (String table : TABLES) {
            assertThat(asRequestRole(
                            otherId,
                            "select count(*) from " + table + " where " + ownerColumn(table) + " <> '" + otherId + "'"))
                    .as("another manager reads nothing of anyone from %s", table)
                    .containsExactly("0");
        }

        // Sharing an insight, then revoking it: gone at once.
        String insightShare = ReviewFixtures.share(alice, "insight", insight)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertThat(asRequestRole(managerId, "select id::text from insights")).containsExactly(insight.toString());
        alice.as().delete("/api/v1/shares/" + insightShare).then().statusCode(204);
        assertThat(asRequestRole(managerId, "select id::text from insights")).isEmpty();
        alice.as().delete("/api/v1/shares/" + evidenceShare).then().statusCode(204);
        assertThat(asRequestRole(managerId, "select id::text from evidence")).containsExactly(cited.toString());
        assertThat(manager.as().get("/api/v1/shared-with-me/" + aliceId).asString())
                .doesNotContain(shared.toString());

        // Removing the manager revokes everything.
        alice.as().delete("/api/v1/manager").then().statusCode(204);
        manager.as().get("/api/v1/shared-with-me").then().statusCode(200).body("", hasSize(0));
        manager.as().get("/api/v1/shared-with-me/" + aliceId).then().statusCode(404);
        for (String table : TABLES) {
            assertThat(asRequestRole(
                            managerId,
                            "select count(*) from " + table + " where " + ownerColumn(table) + " <> '" + managerId
                                    + "'"))
                    .as("after removal the manager reads nothing of Alice's from %s", table)
                    .containsExactly("0");
        }

        // Every grant and revocation went through the outbox.
        assertThat(Api.count(
                        "select count(*) from outbox where user_id = ? and envelope ->> 'type' = 'share.granted'",
                        aliceId))
                .isEqualTo(3);
        assertThat(Api.count(
                        "select count(*) from outbox where user_id = ? and envelope ->> 'type' = 'share.revoked'",
                        aliceId))
                .isEqualTo(3);
    }

    @Test
    void anIndividualCannotMakeThemselvesSomeonesManager() {
        User alice = User.fresh();
        User mallory = User.fresh();
        User manager = ReviewFixtures.manager();
        UUID aliceId = alice.id();
        UUID malloryId = mallory.id();
        UUID item = ReviewFixtures.manual(alice, "Alice's confidential design", at("2026-08-01"));
        alice.as()
                .contentType(ContentType.JSON)
                .body(Map.of("email", manager.subject() + "@example.test"))
                .put("/api/v1/manager")
                .then()
                .statusCode(200);

        // Mallory, an individual, cannot be named anyone's manager, and cannot write the link or a share herself.
        alice.as()
                .contentType(ContentType.JSON)
                .body(Map.of("email", mallory.subject() + "@example.test"))
                .put("/api/v1/manager")
                .then()
                .statusCode(422);
        String policy = "42501";
        assertThat(writeAsRequestRole(
                        malloryId,
                        "insert into manager_links (owner_id, manager_id) values ('" + aliceId + "', '" + malloryId
                                + "')"))
                .isEqualTo(policy);
        assertThat(writeAsRequestRole(
                        malloryId,
                        "update manager_links set manager_id = '" + malloryId + "' where owner_id = '" + aliceId + "'"))
                .isNull(); // matches no row she can see: nothing changes
        assertThat(Api.count(
                        "select count(*) from manager_links where owner_id = ? and manager_id = ?", aliceId, malloryId))
                .isZero();
        assertThat(writeAsRequestRole(
                        malloryId,
                        "insert into shares (id, owner_id, manager_id, evidence_id) values (gen_random_uuid(), '"
                                + aliceId + "', '" + malloryId + "', '" + item + "')"))
                .isNotNull();
        // Nor can she grant herself the manager role, or name herself her own manager to read through a share.
        assertThat(writeAsRequestRole(malloryId, "update profiles set role = 'manager' where id = '" + malloryId + "'"))
                .isEqualTo(policy);
        assertThat(writeAsRequestRole(
                        malloryId,
                        "insert into manager_links (owner_id, manager_id) values ('" + malloryId + "', '" + malloryId
                                + "')"))
                .isNotNull();
        mallory.as().get("/api/v1/shared-with-me/" + aliceId).then().statusCode(404);
        assertThat(asRequestRole(malloryId, "select count(*) from evidence where user_id = '" + aliceId + "'"))
                .containsExactly("0");
    }

    private static String ownerColumn(String table) {
        return switch (table) {
            case "profiles" -> "id";
            case "manager_links", "shares" -> "owner_id";
            default -> "user_id";
        };
    }

    private static Instant at(String day) {
        return Instant.parse(day + "T12:00:00Z");
    }
}
