package io.pulse.evidence.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.pulse.evidence.support.Api.User;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import static org.assertj.core.api.Assertions.assertThat;

/** Upload helpers: multipart requests, and the checks that a failed request left nothing behind. */
public final class Uploads {

    /** Where the service under test streams multipart parts (%test.quarkus.http.body.uploads-directory). */
    public static final Path TEMP_DIR = Path.of("target/upload-tmp");

    private Uploads() {}

    /** One file part. The declared type is what a client claims; the service ignores it. */
    public record Part(String name, byte[] bytes, String claimedType) {
        public static Part of(String name, byte[] bytes) {
            return new Part(name, bytes, "application/octet-stream");
        }
    }

    public static RequestSpecification multipart(User user, List<Part> parts) {
        RequestSpecification spec = user.as();
        for (Part part : parts) {
            spec = spec.multiPart("files", part.name(), part.bytes(), part.claimedType());
        }
        return spec;
    }

    public static Response upload(User user, Part... parts) {
        return multipart(user, List.of(parts)).post("/api/v1/evidence/uploads");
    }

    /**
     * One file with its name sent as raw UTF-8, as browsers do (rest-assured's multipart encoder turns non-ASCII
     * names into question marks).
     */
    public static Response uploadUtf8Name(User user, String name, byte[] bytes) {
        String boundary = "pulse-" + UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + name
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return user.as()
                .contentType("multipart/form-data; boundary=" + boundary)
                .body(body.toByteArray())
                .post("/api/v1/evidence/uploads");
    }

    public static Response attach(User user, String evidenceId, Part... parts) {
        return multipart(user, List.of(parts)).post("/api/v1/evidence/" + evidenceId + "/attachments");
    }

    public static long attachmentsOf(UUID userId) {
        return Api.count("select count(*) from evidence_attachments where user_id = ?", userId);
    }

    public static long chunksOf(UUID userId) {
        return Api.count("select count(*) from attachment_chunks where user_id = ?", userId);
    }

    /**
     * Nothing of the user is stored (no evidence, attachment, chunk or event), no chunk anywhere lacks its attachment,
     * every item's attachments column names exactly its attachments, and no temporary upload file is left.
     */
    public static void assertNothingStoredFor(UUID userId) {
        assertThat(Api.evidenceOf(userId)).as("evidence rows").isZero();
        assertThat(attachmentsOf(userId)).as("attachment rows").isZero();
        assertThat(chunksOf(userId)).as("stored chunks").isZero();
        assertThat(Api.outboxOf(userId)).as("outbox events").isZero();
        assertNoOrphans();
    }

    /** Store-wide: no chunk without its attachment, no item whose attachments column disagrees with its rows. */
    public static void assertNoOrphans() {
        assertThat(Api.count("select count(*) from attachment_chunks c where not exists"
                        + " (select 1 from evidence_attachments a where a.id = c.attachment_id)"))
                .as("chunks without an attachment")
                .isZero();
        assertThat(Api.count("select count(*) from evidence e where e.attachments is distinct from coalesce((select"
                        + " array_agg('/api/v1/evidence/' || a.evidence_id || '/attachments/' || a.id order by"
                        + " array_position(e.attachments, '/api/v1/evidence/' || a.evidence_id || '/attachments/'"
                        + " || a.id)) from evidence_attachments a where a.evidence_id = e.id), '{}')"))
                .as("items whose attachments column is not true")
                .isZero();
        assertThat(Api.count("select count(*) from evidence_attachments a where (select coalesce(sum(length(c.data)),"
                        + " 0) from attachment_chunks c where c.attachment_id = a.id) <> a.size_bytes"))
                .as("attachments whose stored bytes do not add up")
                .isZero();
    }

    /** The service deletes its temporary multipart files when each request ends. */
    public static void assertNoTemporaryFiles() {
        if (!Files.isDirectory(TEMP_DIR)) {
            return;
        }
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(5))
                .untilAsserted(() -> {
                    try (Stream<Path> files = Files.list(TEMP_DIR)) {
                        assertThat(files.toList()).as("temporary upload files").isEmpty();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
