package io.pulse.sync.connection;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestTokens;
import io.pulse.sync.connection.service.TokenCipher;
import io.pulse.sync.testing.Fixtures;
import io.pulse.sync.testing.SyncApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.unauthorized;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(PulseTestResource.class)
class ConnectionResourceTest {

    private static final String TOKEN = "glpat-" + UUID.randomUUID().toString().replace("-", "");
    private static final String JIRA_TOKEN =
            "ATATT3x" + UUID.randomUUID().toString().replace("-", "");
    private static final String DC_TOKEN = "NjA0" + UUID.randomUUID().toString().replace("-", "");
    private static WireMockServer source;

    private String subject;
    private String jwt;

    @BeforeAll
    static void startSource() {
        source =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        source.start();
    }

    @AfterAll
    static void stopSourceAndCheckLogs() throws Exception {
        source.stop();
        Path log = Path.of("target/sync-service-test.log");
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(text).contains("connection ").contains(" created for gitlab");
        for (String secret : List.of(TOKEN, JIRA_TOKEN, DC_TOKEN)) {
            assertThat(text).doesNotContain(secret);
            assertThat(text)
                    .doesNotContain(Base64.getEncoder().encodeToString(("mia@example.com:" + secret).getBytes()));
        }
    }

    @BeforeEach
    void fresh() {
        source.resetAll();
        subject = TestTokens.newSubject();
        jwt = TestTokens.individual(subject);
    }

    private String base() {
        return "http://127.0.0.1:" + source.port();
    }

    private void stubGitLabUser() {
        source.stubFor(get("/api/v4/user")
                .withHeader("PRIVATE-TOKEN", WireMock.equalTo(TOKEN))
                .willReturn(okJson(Fixtures.load("gitlab/user.json").toString())));
        source.stubFor(get("/api/v4/user")
                .withHeader("PRIVATE-TOKEN", com.github.tomakehurst.wiremock.client.WireMock.notContaining(TOKEN))
                .willReturn(unauthorized().withBody("{\"message\":\"401 Unauthorized\"}")));
    }

    @Test
    void gitLabConnectionIsVerifiedEncryptedAndNeverShowsTheToken() throws Exception {
        stubGitLabUser();
        String body = SyncApi.createConnection(
                        jwt,
                        Map.of(
                                "source",
                                "gitlab",
                                "base_url",
                                base() + "/",
                                "token",
                                TOKEN,
                                "sync_interval_minutes",
                                60))
                .then()
                .statusCode(201)
                .body("source", equalTo("gitlab"))
                .body("auth_type", equalTo("gitlab_pat"))
                .body("base_url", equalTo(base()))
                .body("account_id", equalTo("4088036"))
                .body("account_name", equalTo("hfyngvason"))
                .body("sync_interval_minutes", equalTo(60))
                .body("token", nullValue())
                .extract()
                .asString();
        assertThat(body).doesNotContain(TOKEN);
        source.verify(
                1,
                getRequestedFor(urlPathEqualTo("/api/v4/user")).withHeader("PRIVATE-TOKEN", WireMock.equalTo(TOKEN)));

        String list = given().auth()
                .oauth2(jwt)
                .get("/api/v1/connections")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("next_cursor", org.hamcrest.Matchers.nullValue())
                .extract()
                .asString();
        assertThat(list).doesNotContain(TOKEN);

        UUID userId = SyncApi.userId(subject);
        Map<String, Object> row = SyncApi.rows(
                        "select user_id, token_ciphertext, token_nonce, token_key_id, account_id from source_connections"
                                + " where user_id = ?",
                        userId)
                .values()
                .iterator()
                .next();
        byte[] ciphertext = (byte[]) row.get("token_ciphertext");
        assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain(TOKEN);
        assertThat(row.get("token_key_id")).isEqualTo("primary");
        assertThat((byte[]) row.get("token_nonce")).hasSize(12);
        TokenCipher cipher =
                new TokenCipher(Map.of("primary", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="), "primary");
        assertThat(cipher.decrypt(
                        new SealedToken(ciphertext, (byte[]) row.get("token_nonce"), "primary"),
                        TokenCipher.associatedData(userId, "gitlab")))
                .isEqualTo(TOKEN);
        // Leave no connection with an interval behind for the periodic scheduler of later runs.
        String id = given().auth()
                .oauth2(jwt)
                .get("/api/v1/connections")
                .then()
                .extract()
                .path("items[0].id");
        given().auth().oauth2(jwt).delete("/api/v1/connections/" + id).then().statusCode(204);
    }

    @Test
    void rejectedTokenIs422AndNothingIsStored() {
        stubGitLabUser();
        SyncApi.createConnection(jwt, Map.of("source", "gitlab", "base_url", base(), "token", "glpat-revoked-000"))
                .then()
                .statusCode(422)
                .contentType(containsString("application/problem+json"))
                .body("detail", containsString("401"));
        given().auth()
                .oauth2(jwt)
                .get("/api/v1/connections")
                .then()
                .statusCode(200)
                .body("items", hasSize(0));
    }

    @Test
    void invalidRequestsAre422WithTheFields() {
        Map<String, Object> plainHttp =
                Map.of("source", "gitlab", "base_url", "http://gitlab.example.com", "token", TOKEN);
        SyncApi.createConnection(jwt, plainHttp).then().statusCode(422).body("errors.field", hasItem("base_url"));
        Map<String, Object> userInfo =
                Map.of("source", "gitlab", "base_url", "https://me:pw@gitlab.example.com", "token", TOKEN);
        SyncApi.createConnection(jwt, userInfo).then().statusCode(422).body("errors.field", hasItem("base_url"));
        Map<String, Object> noAuthType =
                Map.of("source", "jira", "base_url", "https://acme.atlassian.net", "token", TOKEN);
        SyncApi.createConnection(jwt, noAuthType).then().statusCode(422).body("errors.field", hasItem("auth_type"));
        Map<String, Object> cloudNoEmail = Map.of(
                "source",
                "jira",
                "auth_type",
                "jira_cloud_basic",
                "base_url",
                "https://acme.atlassian.net",
                "token",
                TOKEN);
        SyncApi.createConnection(jwt, cloudNoEmail).then().statusCode(422).body("errors.field", hasItem("email"));
        Map<String, Object> badPem = new HashMap<>(Map.of("source", "gitlab", "base_url", base(), "token", TOKEN));
        badPem.put("ca_bundle_pem", "-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----");
        SyncApi.createConnection(jwt, badPem).then().statusCode(422).body("errors.field", hasItem("ca_bundle_pem"));
        Map<String, Object> noToken = Map.of("source", "gitlab", "base_url", base());
        SyncApi.createConnection(jwt, noToken).then().statusCode(422).body("errors.field", hasItem("token"));
        Map<String, Object> badInterval =
                Map.of("source", "gitlab", "base_url", base(), "token", TOKEN, "sync_interval_minutes", 1);
        SyncApi.createConnection(jwt, badInterval)
                .then()
                .statusCode(422)
                .body("errors.field", hasItem("sync_interval_minutes"));
        source.verify(0, getRequestedFor(urlPathEqualTo("/api/v4/user")));
    }

    @Test
    void jiraCloudAndDataCenterAreVerifiedWithTheirOwnAuth() {
        String basic = "Basic " + Base64.getEncoder().encodeToString(("mia@example.com:" + JIRA_TOKEN).getBytes());
        source.stubFor(get("/rest/api/3/myself")
                .withHeader("Authorization", WireMock.equalTo(basic))
                .willReturn(okJson(Fixtures.load("jira/myself_cloud.json").toString())));
        SyncApi.createConnection(
                        jwt,
                        Map.of(
                                "source",
                                "jira",
                                "auth_type",
                                "jira_cloud_basic",
                                "base_url",
                                base(),
                                "email",
                                "mia@example.com",
                                "token",
                                JIRA_TOKEN))
                .then()
                .statusCode(201)
                .body("account_id", equalTo("5b10a2844c20165700ede21g"))
                .body("account_name", equalTo("Mia Krystof"))
                .body("login", equalTo("mia@example.com"));

        String other = TestTokens.individual(TestTokens.newSubject());
        source.stubFor(get("/rest/api/2/myself")
                .withHeader("Authorization", WireMock.equalTo("Bearer " + DC_TOKEN))
                .willReturn(okJson(Fixtures.load("jira/myself_dc.json").toString())));
        SyncApi.createConnection(
                        other,
                        Map.of("source", "jira", "auth_type", "jira_dc_bearer", "base_url", base(), "token", DC_TOKEN))
                .then()
                .statusCode(201)
                .body("account_id", equalTo("JIRAUSER10100"))
                .body("login", nullValue());
    }

    @Test
    void secondConnectionForTheSameSourceIs409() {
        stubGitLabUser();
        SyncApi.connectGitLab(jwt, base(), TOKEN);
        SyncApi.createConnection(jwt, Map.of("source", "gitlab", "base_url", base(), "token", TOKEN))
                .then()
                .statusCode(409);
    }

    @Test
    void usersCannotSeeOrDeleteEachOthersConnections() {
        stubGitLabUser();
        String id = SyncApi.createConnection(jwt, Map.of("source", "gitlab", "base_url", base(), "token", TOKEN))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String bob = TestTokens.individual(TestTokens.newSubject());
        given().auth()
                .oauth2(bob)
                .get("/api/v1/connections")
                .then()
                .statusCode(200)
                .body("items", hasSize(0));
        given().auth().oauth2(bob).delete("/api/v1/connections/" + id).then().statusCode(404);
        given().auth().oauth2(jwt).get("/api/v1/connections").then().body("items", hasSize(1));
        given().auth().oauth2(jwt).delete("/api/v1/connections/" + id).then().statusCode(204);
        given().auth().oauth2(jwt).get("/api/v1/connections").then().body("items", hasSize(0));
        given().get("/api/v1/connections").then().statusCode(401);
    }
}
