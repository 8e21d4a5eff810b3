package io.pulse.sync.connection;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestTokens;
import io.pulse.sync.testing.SyncApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection creation cannot be used to map the server's network (issue 10, defect 7; issue 9: no exception class
 * names in 502s): every network failure is one "could not verify the connection" problem, and internal addresses
 * are refused before any request is made.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class ConnectionPolicyTest {

    private static final String TOKEN = "glpat-" + UUID.randomUUID().toString().replace("-", "");
    private static WireMockServer server;

    @BeforeAll
    static void start() {
        server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static Response create(String jwt, String baseUrl) {
        return SyncApi.createConnection(jwt, Map.of("source", "gitlab", "base_url", baseUrl, "token", TOKEN));
    }

    /** Status and problem body without the members that name the request itself. */
    private static Map<String, Object> problem(Response response) {
        Map<String, Object> body = response.then().extract().jsonPath().getMap("$");
        body.remove("instance");
        body.remove("request_id");
        return Map.of("status", response.statusCode(), "content_type", response.contentType(), "body", body);
    }

    @Test
    void aClosedPortAWrongPathAServerThatIsNotGitLabAndAnUnknownHostAllAnswerTheSame() {
        String jwt = TestTokens.individual(TestTokens.newSubject());
        // Port 1 on loopback: nothing listens (loopback is allowed in the test profile only).
        Map<String, Object> closedPort = problem(create(jwt, "http://127.0.0.1:1"));
        // An open port whose server answers 404 for /api/v4/user (WireMock without stubs).
        Map<String, Object> wrongPath = problem(create(jwt, "http://127.0.0.1:" + server.port() + "/not-gitlab"));
        Map<String, Object> unknownHost = problem(create(jwt, "https://does-not-exist.invalid"));

        assertThat(wrongPath).isEqualTo(closedPort);
        assertThat(unknownHost).isEqualTo(closedPort);
        assertThat(closedPort.get("status")).isEqualTo(502);
        assertThat((String) closedPort.get("content_type")).startsWith("application/problem+json");
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) closedPort.get("body");
        assertThat(body.get("title")).isEqualTo("Could not verify the connection");
        assertThat(String.valueOf(body))
                .doesNotContainPattern("[A-Z][A-Za-z]*(Exception|Error)")
                .doesNotContain("127.0.0.1")
                .doesNotContain("404")
                .doesNotContain("unreachable");
        assertThat(server.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
    }

    @Test
    void metadataLinkLocalPrivateAndUnspecifiedAddressesAreRefusedWithoutARequest() {
        String jwt = TestTokens.individual(TestTokens.newSubject());
        for (String url : List.of(
                "https://169.254.169.254",
                "https://169.254.169.254/latest/meta-data",
                "https://[fd00:ec2::254]",
                "https://[::ffff:169.254.169.254]",
                "https://100.100.100.200",
                "https://10.0.0.12:8443",
                "https://192.168.1.20",
                "https://0.0.0.0:8080")) {
            create(jwt, url)
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("errors[0].field", org.hamcrest.Matchers.equalTo("base_url"))
                    .body("errors[0].message", org.hamcrest.Matchers.startsWith("points at an internal address"));
        }
        // Plain http only for the hosts allowed to use it (loopback, in the test profile).
        create(jwt, "http://169.254.169.254/latest/meta-data")
                .then()
                .statusCode(422)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("base_url"))
                .body("errors[0].message", org.hamcrest.Matchers.equalTo("must use https"));
    }
}
