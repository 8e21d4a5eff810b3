package io.pulse.sync.connection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestTokens;
import io.pulse.sync.testing.Fixtures;
import io.pulse.sync.testing.GitLabStubs;
import io.pulse.sync.testing.SyncApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A self-managed GitLab behind TLS with a private CA: the connection's PEM bundle is what makes it trusted, for the
 * verification call and for the sync itself.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class PrivateCaConnectionTest {

    private static final String TOKEN = "glpat-" + UUID.randomUUID().toString().replace("-", "");
    private static WireMockServer server;
    private static String caPem;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("private-ca");
        Path keystore = dir.resolve("server.p12");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(
                keytool,
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=gitlab.internal.test",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit");
        Path cert = dir.resolve("server.pem");
        run(
                keytool,
                "-exportcert",
                "-rfc",
                "-alias",
                "server",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-file",
                cert.toString());
        caPem = Files.readString(cert);
        server = new WireMockServer(WireMockConfiguration.options()
                .httpDisabled(true)
                .dynamicHttpsPort()
                .bindAddress("127.0.0.1")
                .keystorePath(keystore.toString())
                .keystoreType("PKCS12")
                .keystorePassword("changeit")
                .keyManagerPassword("changeit"));
        server.start();
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void theCaBundleMakesAPrivatelySignedServerTrustedAndNothingElseDoes() {
        String base = "https://127.0.0.1:" + server.httpsPort();
        server.stubFor(get("/api/v4/user")
                .withHeader("PRIVATE-TOKEN", WireMock.equalTo(TOKEN))
                .willReturn(okJson(Fixtures.load("gitlab/user.json").toString())));
        server.stubFor(get(WireMock.urlPathMatching("/api/v4/(merge_requests|users/[0-9]+/events)"))
                .willReturn(GitLabStubs.page(List.of()).withHeader("X-Next-Page", "")));

        String jwt = TestTokens.individual(TestTokens.newSubject());
        // Without the bundle the default trust store refuses the certificate: the server is unreachable for us.
        SyncApi.createConnection(jwt, Map.of("source", "gitlab", "base_url", base, "token", TOKEN))
                .then()
                .statusCode(502);
        SyncApi.createConnection(
                        jwt, Map.of("source", "gitlab", "base_url", base, "token", TOKEN, "ca_bundle_pem", caPem))
                .then()
                .statusCode(201)
                .body("custom_ca", equalTo(true));
        Map<String, Object> job = SyncApi.syncAndWait(jwt, "gitlab");
        assertThat(job.get("status")).as(String.valueOf(job)).isEqualTo("completed");
    }
}
