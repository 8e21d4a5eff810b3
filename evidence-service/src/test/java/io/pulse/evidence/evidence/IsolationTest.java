package io.pulse.evidence.evidence;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.evidence.support.Api;
import io.pulse.evidence.support.Api.User;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@WithTestResource(PulseTestResource.class)
class IsolationTest {

    @Test
    void anotherUserCannotListReadUpdateOrDeleteEvidence() {
        User alice = User.fresh();
        User bob = User.fresh();
        UUID aliceId = alice.id();
        String id = alice.createItem("Alice's private review notes");

        bob.as().get("/api/v1/evidence").then().statusCode(200).body("items", empty());
        bob.as()
                .queryParam("q", "private review")
                .get("/api/v1/evidence")
                .then()
                .body("items", empty());
        bob.as()
                .get("/api/v1/evidence/" + id)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("Evidence was not found"));
        bob.as()
                .contentType(ContentType.JSON)
                .header("If-Match", "\"1\"")
                .body(Map.of("title", "Bob was here"))
                .patch("/api/v1/evidence/" + id)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        bob.as()
                .header("If-Match", "*")
                .delete("/api/v1/evidence/" + id)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");

        // Alice's item is untouched and Bob's attempts produced no events.
        alice.as()
                .get("/api/v1/evidence/" + id)
                .then()
                .statusCode(200)
                .body("title", equalTo("Alice's private review notes"))
                .body("version", equalTo(1));
        alice.as().get("/api/v1/evidence").then().body("items", hasSize(1));
        assertThat(Api.outboxOf(aliceId)).isEqualTo(1);
        assertThat(Api.outboxOf(bob.id())).isZero();
        assertThat(Api.evidenceOf(bob.id())).isZero();
    }
}
