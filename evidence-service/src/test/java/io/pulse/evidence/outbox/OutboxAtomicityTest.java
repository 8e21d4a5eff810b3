package io.pulse.evidence.outbox;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestDatabase;
import io.pulse.evidence.support.Api;
import io.pulse.evidence.support.Api.User;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The change and its event commit together or not at all: when the outbox insert fails (a trigger, installed for
 * this test's user only, rejects it), the evidence change is rolled back too.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class OutboxAtomicityTest {

    @Test
    void whenTheEventCannotBeWrittenTheChangeIsRolledBack() throws Exception {
        User alice = User.fresh();
        UUID aliceId = alice.id();
        String id = alice.createItem("Before the failure");
        assertThat(Api.outboxOf(aliceId)).isEqualTo(1);

        String suffix = UUID.randomUUID().toString().replace("-", "");
        String function = "test_reject_outbox_" + suffix;
        String trigger = "test_reject_outbox_" + suffix;
        try (Connection owner = TestDatabase.connect(TestDatabase.Role.OWNER);
                Statement sql = owner.createStatement()) {
            sql.execute("create function " + function + "() returns trigger language plpgsql as $$ begin"
                    + " if new.user_id = '" + aliceId + "' then raise exception 'outbox unavailable'; end if;"
                    + " return new; end $$");
            sql.execute("create trigger " + trigger + " before insert on outbox for each row execute function "
                    + function + "()");
            try {
                alice.create(Map.of("title", "Never stored", "content", "c"))
                        .then()
                        .statusCode(500)
                        .contentType("application/problem+json")
                        .body("detail", equalTo("An unexpected error occurred"));
                alice.as()
                        .contentType(ContentType.JSON)
                        .header("If-Match", "\"1\"")
                        .body(Map.of("title", "Never changed"))
                        .patch("/api/v1/evidence/" + id)
                        .then()
                        .statusCode(500);
                alice.as()
                        .header("If-Match", "\"1\"")
                        .delete("/api/v1/evidence/" + id)
                        .then()
                        .statusCode(500);
            } finally {
                sql.execute("drop trigger " + trigger + " on outbox");
                sql.execute("drop function " + function + "()");
            }
        }

        assertThat(Api.evidenceOf(aliceId)).isEqualTo(1);
        assertThat(Api.outboxOf(aliceId)).isEqualTo(1);
        alice.as()
                .get("/api/v1/evidence/" + id)
                .then()
                .statusCode(200)
                .body("title", equalTo("Before the failure"))
                .body("version", equalTo(1));
    }
}
