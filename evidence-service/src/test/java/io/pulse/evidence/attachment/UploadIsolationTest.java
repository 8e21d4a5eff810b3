package io.pulse.evidence.attachment;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.pulse.common.db.RlsSession;
import io.pulse.common.testing.Documents;
import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestDatabase;
import io.pulse.evidence.support.Api.User;
import io.pulse.evidence.support.Uploads;
import io.pulse.evidence.support.Uploads.Part;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files are private to their owner: in the API (404, like ids that do not exist) and in the database (RLS). */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class UploadIsolationTest {

    @Test
    void anotherUserCannotListDownloadAttachToOrDeleteAttachments() throws SQLException {
        User alice = User.fresh();
        User bob = User.fresh();
        UUID aliceId = alice.id();
        UUID bobId = bob.id();
        Response created =
                Uploads.upload(alice, Part.of("private.md", Documents.markdown("Salary negotiation notes.")));
        String evidenceId = created.path("items[0].evidence.id");
        String attachmentId = created.path("items[0].attachment.id");
        String href = created.path("items[0].attachment.href");

        bob.as().get(href).then().statusCode(404).contentType("application/problem+json");
        bob.as().header("Range", "bytes=0-3").get(href).then().statusCode(404);
        bob.as().get("/api/v1/evidence/" + evidenceId + "/attachments").then().statusCode(404);
        bob.as().delete(href).then().statusCode(404);
        Uploads.attach(bob, evidenceId, Part.of("x.md", Documents.markdown("Bob was here")))
                .then()
                .statusCode(404);
        // Guessing: Bob's own item with Alice's attachment id.
        String bobsItem = bob.createItem("Bob's item");
        bob.as()
                .get("/api/v1/evidence/" + bobsItem + "/attachments/" + attachmentId)
                .then()
                .statusCode(404);

        alice.as().get(href).then().statusCode(200);
        assertThat(Uploads.attachmentsOf(aliceId)).isEqualTo(1);
        assertThat(Uploads.attachmentsOf(bobId)).isZero();

        // The database itself: the request role bound to Bob sees none of Alice's rows or bytes, and cannot write
        // a chunk into her object; bound to Alice it sees them.
        try (Connection c = TestDatabase.connect(TestDatabase.Role.APP)) {
            c.setAutoCommit(false);
            actAs(c, bobId);
            assertThat(count(c, "select count(*) from evidence_attachments")).isZero();
            assertThat(count(c, "select count(*) from attachment_chunks")).isZero();
            assertThat(count(c, "select count(*) from evidence_attachments where id = '" + attachmentId + "'"))
                    .isZero();
            assertThat(count(c, "select count(*) from attachment_chunks where attachment_id = '" + attachmentId + "'"))
                    .isZero();
            try (Statement s = c.createStatement()) {
                s.execute("savepoint probe");
            }
            assertThatThrownBy(() -> execute(
                            c,
                            "insert into attachment_chunks (attachment_id, byte_offset, user_id, data) values ('"
                                    + attachmentId + "', 999999, '" + aliceId + "', '\\x00')"))
                    .isInstanceOf(SQLException.class);
            c.rollback();
            actAs(c, aliceId);
            assertThat(count(c, "select count(*) from evidence_attachments")).isEqualTo(1);
            assertThat(count(c, "select count(*) from attachment_chunks")).isEqualTo(1);
            c.rollback();
        }
        try (Connection c = TestDatabase.connect(TestDatabase.Role.APP)) {
            // No user bound: nothing at all.
            assertThat(count(c, "select count(*) from attachment_chunks")).isZero();
            assertThat(count(c, "select count(*) from evidence_attachments")).isZero();
        }
    }

    private static void actAs(Connection c, UUID user) throws SQLException {
        try (var ps = c.prepareStatement(RlsSession.SET_USER_SQL.replace("$1", "?"))) {
            ps.setString(1, user.toString());
            ps.executeQuery().close();
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
