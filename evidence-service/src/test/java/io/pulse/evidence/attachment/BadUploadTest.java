package io.pulse.evidence.attachment;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.pulse.common.testing.Documents;
import io.pulse.common.testing.PulseTestResource;
import io.pulse.evidence.support.Api.User;
import io.pulse.evidence.support.Uploads;
import io.pulse.evidence.support.Uploads.Part;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Every refused upload gets its own 4xx problem and leaves nothing behind: no evidence, attachment, stored chunk or
 * event of the user, no orphan anywhere, no temporary file. A request with one bad file among good ones stores none.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class BadUploadTest {

    private static final byte[] GOOD = Documents.markdown("A perfectly good file.");

    @TestHTTPResource("/")
    URL base;

    @Test
    void aFileOverTheSizeLimitIs413() throws IOException {
        User alice = User.fresh();
        File big = File.createTempFile("oversized", ".bin");
        big.deleteOnExit();
        try (RandomAccessFile file = new RandomAccessFile(big, "rw")) {
            file.setLength(52_428_800L + 1);
        }
        problem(
                        alice.as()
                                .multiPart("files", big, "application/pdf")
                                .post("/api/v1/evidence/uploads")
                                .then(),
                        413)
                .body("errors[0].field", equalTo("files[0]"));
        big.delete();
        nothingStored(alice);
    }

    @Test
    void tooManyFilesIs413() {
        User alice = User.fresh();
        Part[] eleven = new Part[11];
        for (int i = 0; i < eleven.length; i++) {
            eleven[i] = Part.of("n" + i + ".md", GOOD);
        }
        problem(Uploads.upload(alice, eleven).then(), 413).body("errors[0].field", equalTo("files"));
        nothingStored(alice);
    }

    @Test
    void aRequestDeclaredLargerThanTheUploadLimitIs413BeforeItIsRead() throws IOException {
        User alice = User.fresh();
        UUID aliceId = alice.id();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/evidence/uploads HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                            + alice.token() + "\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                            + "Content-Length: 104857601\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readAll(socket.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 413").contains("application/problem+json");
        }
        Uploads.assertNothingStoredFor(aliceId);
    }

    @Test
    void anEmptyFileIs422() {
        User alice = User.fresh();
        problem(Uploads.upload(alice, Part.of("empty.pdf", new byte[0])).then(), 422)
                .body("errors[0].field", equalTo("files[0]"))
                .body("errors[0].message", equalTo("is empty"));
        problem(
                        alice.as()
                                .multiPart("other", "x")
                                .post("/api/v1/evidence/uploads")
                                .then(),
                        422)
                .body("errors[0].field", equalTo("files"));
        nothingStored(alice);
    }

    @Test
    void typesAreDetectedFromTheBytesAndRefusedWith415() {
        User alice = User.fresh();
        // An executable that claims to be a PDF, with a PDF name.
        problem(
                        Uploads.upload(alice, new Part("report.pdf", Documents.executable(), "application/pdf"))
                                .then(),
                        415)
                .body("errors[0].field", equalTo("files[0]"));
        // A plain ZIP archive, next to a good file: nothing of the request is stored.
        problem(
                        Uploads.upload(alice, Part.of("GOOD.md", GOOD), Part.of("archive.zip", plainZip()))
                                .then(),
                        415)
                .body("errors[0].field", equalTo("files[1]"))
                .body("errors[0].message", containsString("application/zip"));
        // Not multipart at all.
        problem(
                        alice.as()
                                .contentType(ContentType.JSON)
                                .body(Map.of("files", "x"))
                                .post("/api/v1/evidence/uploads")
                                .then(),
                        415)
                .body("status", equalTo(415));
        nothingStored(alice);
    }

    @Test
    void decompressionBombsAre422() {
        User alice = User.fresh();
        problem(
                        Uploads.upload(
                                        alice,
                                        Part.of("GOOD.md", GOOD),
                                        Part.of("bomb.docx", Documents.docxBomb(30 << 20)))
                                .then(),
                        422)
                .body("errors[0].field", equalTo("files[1]"))
                .body("errors[0].message", containsString("compressed container"));
        nothingStored(alice);
    }

    @Test
    void fileNamesThatArePathsAre422() {
        User alice = User.fresh();
        for (String name : new String[] {"../../etc/passwd.md", "..\\..\\boot.ini.md", "/etc/shadow.md", ".."}) {
            problem(Uploads.upload(alice, Part.of(name, GOOD)).then(), 422)
                    .body("errors[0].field", equalTo("files[0]"))
                    .body("errors[0].message", containsString("not a path"));
        }
        nothingStored(alice);
    }

    @Test
    void aBadFileLeavesAnExistingItemUntouched() {
        User alice = User.fresh();
        UUID aliceId = alice.id();
        String id = alice.createItem("Item");
        problem(
                        Uploads.attach(alice, id, Part.of("ok.md", GOOD), Part.of("x.exe", Documents.executable()))
                                .then(),
                        415)
                .body("errors[0].field", equalTo("files[1]"));
        problem(Uploads.attach(alice, id, Part.of("../x.md", GOOD)).then(), 422);
        alice.as()
                .get("/api/v1/evidence/" + id)
                .then()
                .header("ETag", "\"1\"")
                .body("attachments", org.hamcrest.Matchers.empty());
        assertThat(Uploads.attachmentsOf(aliceId)).isZero();
        assertThat(Uploads.chunksOf(aliceId)).isZero();
        Uploads.assertNoOrphans();
        Uploads.assertNoTemporaryFiles();
    }

    @Test
    void chunkedJsonIsRefusedNowThatTheTransportCapIsRaised() throws IOException {
        User alice = User.fresh();
        alice.id();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/evidence HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + alice.token()
                            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                            + "Connection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readAll(socket.getInputStream())).startsWith("HTTP/1.1 411");
        }
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status).contentType("application/problem+json");
    }

    private static void nothingStored(User user) {
        Uploads.assertNothingStoredFor(user.id());
        Uploads.assertNoTemporaryFiles();
    }

    private static byte[] plainZip() {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            zip.write("hello".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.finish();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The status line and headers (the server may keep the connection open for a body it will not read). */
    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            head.write(b);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                return text;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
