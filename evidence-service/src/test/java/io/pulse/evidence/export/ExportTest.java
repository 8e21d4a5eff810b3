package io.pulse.evidence.export;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestDatabase;
import io.pulse.common.testing.TestTokens;
import io.pulse.evidence.export.repository.ExportTable;
import io.pulse.evidence.support.Api.User;
import io.pulse.evidence.support.ReviewFixtures;
import io.pulse.evidence.support.Uploads;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * An account filled through every feature is exported; the archive is checked against the database item by item:
 * every row of every exported table of the owner is in it with the same values (tokens and vectors left out), every
 * attached file is in it byte for byte, and nothing of another user is.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class ExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theArchiveHoldsEveryRowAndFileOfTheOwnerAndNothingElse() throws Exception {
        String subject = TestTokens.newSubject();
        User alice = new User(subject, TestTokens.token(subject, List.of("manager")));
        User morgan = ReviewFixtures.manager();
        User bob = User.fresh();
        UUID aliceId = alice.id();
        UUID note = ReviewFixtures.manual(alice, "Led the checkout rewrite", Instant.parse("2026-08-01T10:00:00Z"));
        ReviewFixtures.synced(
                aliceId,
                "jira",
                "PAY-1 Fix refunds",
                "https://jira.example.com/browse/PAY-1",
                Instant.parse("2026-08-03T10:00:00Z"));
        byte[] file = "# Design\n\nThe new checkout, with a table:\n| a | b |\n".getBytes(StandardCharsets.UTF_8);
        Uploads.upload(alice, Uploads.Part.of("design review.md", file)).then().statusCode(201);
        ReviewFixtures.insight(aliceId, "achievement", "Checkout", "Faster checkout.", List.of(note));
        String period = alice.as()
                .contentType(ContentType.JSON)
                .body(Map.of("name", "H2 2026", "start_date", "2026-07-01", "end_date", "2026-12-31"))
                .post("/api/v1/periods")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String goal = alice.as()
                .contentType(ContentType.JSON)
                .body(Map.of("title", "Fast checkout", "target_value", 10, "current_value", 4))
                .post("/api/v1/periods/" + period + "/goals")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        alice.as().put("/api/v1/goals/" + goal + "/evidence/" + note).then().statusCode(200);
        String packet = alice.as()
                .post("/api/v1/periods/" + period + "/packet")
                .then()
                .extract()
                .path("id");
        ReviewFixtures.nameManager(alice, morgan);
        ReviewFixtures.share(alice, "packet", UUID.fromString(packet)).then().statusCode(201);
        try (Connection c = TestDatabase.connect(TestDatabase.Role.SERVICE);
                PreparedStatement ps = c.prepareStatement("insert into source_connections (user_id, source, auth_type,"
                        + " base_url, account_id, token_ciphertext, token_nonce, token_key_id) values (?, 'gitlab',"
                        + " 'gitlab_pat', 'https://gitlab.example.com', '42', 'c2VjcmV0LXRva2Vu'::bytea,"
                        + " 'bm9uY2U='::bytea, 'k1')")) {
            ps.setObject(1, aliceId);
            ps.executeUpdate();
        }
        String bobs = bob.createItem("Bob's private review");

        String href = alice.as()
                .post("/api/v1/exports")
                .then()
                .statusCode(201)
                .extract()
                .path("href");
        Map<String, byte[]> archive = unzip(download(alice, href, 200));

        assertThat(new String(archive.get("README.md"), StandardCharsets.UTF_8)).contains("JSON Lines");
        for (ExportTable table : ExportTable.ALL) {
            Map<String, JsonNode> exported = lines(archive.get("data/" + table.file()));
            Map<String, JsonNode> stored = rowsOf(table, aliceId);
            assertThat(exported.keySet()).as(table.table()).isEqualTo(stored.keySet());
            stored.forEach((key, row) ->
                    assertThat(exported.get(key)).as(table.table() + " " + key).isEqualTo(row));
            exported.values()
                    .forEach(row -> table.omitted()
                            .forEach(column -> assertThat(row.has(column))
                                    .as("%s.%s is left out", table.table(), column)
                                    .isFalse()));
        }
        assertThat(lines(archive.get("data/evidence.jsonl"))).hasSize(3);
        assertThat(lines(archive.get("data/connections.jsonl"))).hasSize(1);
        String everything = archive.entrySet().stream()
                .filter(e -> !e.getKey().equals("README.md"))
                .map(e -> e.getKey() + "\n" + new String(e.getValue(), StandardCharsets.UTF_8))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertThat(everything).doesNotContain(bobs, "Bob's private review", "token_ciphertext", "oidc_subject");

        // Every attached file, byte for byte (its SHA-256 as stored).
        for (JsonNode attachment : lines(archive.get("data/attachments.jsonl")).values()) {
            String name = "attachments/" + attachment.get("evidence_id").asText() + "/"
                    + attachment.get("id").asText() + "-"
                    + attachment.get("file_name").asText();
            assertThat(archive).containsKey(name);
            assertThat(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(archive.get(name))))
                    .isEqualTo(attachment.get("sha256").asText());
        }
        assertThat(archive.values()).anySatisfy(bytes -> assertThat(bytes).isEqualTo(file));

        // Only its owner may download it, and only until it expires.
        download(bob, href, 404);
        try (Connection c = TestDatabase.connect(TestDatabase.Role.SERVICE);
                PreparedStatement ps = c.prepareStatement(
                        "update data_exports set created_at = now() - interval '2 days', expires_at = now() - interval"
                                + " '1 day' where user_id = ?")) {
            ps.setObject(1, aliceId);
            ps.executeUpdate();
        }
        String problem = new String(download(alice, href, 410), StandardCharsets.UTF_8);
        assertThat(problem).contains("expired");
        alice.as().get(href.replace("/archive", "")).then().statusCode(410).body("status", equalTo(410));
    }

    /** The owner's rows of a table as the export should have them: the row's JSON minus the omitted columns. */
    private static Map<String, JsonNode> rowsOf(ExportTable table, UUID owner) throws Exception {
        StringBuilder json = new StringBuilder("to_jsonb(t)");
        table.omitted().forEach(column -> json.append(" - '").append(column).append('\''));
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        try (Connection c = TestDatabase.connect(TestDatabase.Role.SERVICE);
                PreparedStatement ps = c.prepareStatement("select (" + json + ")::text from " + table.table()
                        + " t where t." + table.ownerColumn() + " = ?")) {
            ps.setObject(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonNode row = JSON.readTree(rs.getString(1));
                    rows.put(key(row), row);
                }
            }
        }
        return rows;
    }

    private static Map<String, JsonNode> lines(byte[] jsonl) throws IOException {
        assertThat(jsonl).isNotNull();
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        for (String line : new String(jsonl, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                JsonNode row = JSON.readTree(line);
                rows.put(key(row), row);
            }
        }
        return rows;
    }

    /** A row's identity: its id, or the whole row for link tables. */
    private static String key(JsonNode row) {
        if (row.has("id")) {
            return row.get("id").asText();
        }
        Set<String> parts = new TreeSet<>();
        row.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue()));
        return String.join(",", parts);
    }

    private static byte[] download(User user, String href, int status) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + href))
                                .header("Authorization", "Bearer " + user.token())
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(status);
        if (status == 200) {
            assertThat(response.headers().firstValue("content-type")).hasValue("application/zip");
        }
        return response.body();
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }
}
