package io.pulse.evidence.profile;

import java.time.Duration;
import java.time.Instant;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.pulse.common.security.VerifiedTokens;
import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** A verified token is not verified again on its next request, and the cache never outlives the token. */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class VerifiedTokenCacheTest {

    @Inject
    VerifiedTokens tokens;

    @Test
    void aVerifiedTokenIsRememberedAndEachCallerKeepsTheirOwnIdentity() {
        String alice = TestTokens.newSubject();
        String bob = TestTokens.newSubject();
        String aliceToken = TestTokens.individual(alice);
        String bobToken = TestTokens.individual(bob);
        assertThat(tokens.find(aliceToken)).isNull();

        String aliceId = profileId(aliceToken, alice);
        assertThat(tokens.find(aliceToken)).isNotNull();
        assertThat(tokens.find(aliceToken).getPrincipal().getName()).isEqualTo(alice);
        String bobId = profileId(bobToken, bob);
        // Served from the cache now: still each caller's own profile.
        for (int i = 0; i < 3; i++) {
            assertThat(profileId(aliceToken, alice)).isEqualTo(aliceId);
            assertThat(profileId(bobToken, bob)).isEqualTo(bobId);
        }
        assertThat(aliceId).isNotEqualTo(bobId);
    }

    @Test
    void aCachedTokenIsRefusedOnceItHasExpired() {
        String subject = TestTokens.newSubject();
        String token = TestTokens.expiringIn(subject, Duration.ofSeconds(4));
        Instant expiry = Instant.now().plusSeconds(4);
        profileId(token, subject);
        assertThat(tokens.find(token)).isNotNull();

        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> Instant.now().isAfter(expiry.plusSeconds(1)));
        assertThat(tokens.find(token)).isNull();
        given().auth().oauth2(token).get("/api/v1/profile").then().statusCode(401);
    }

    @Test
    void aForgedCopyOfACachedTokenIsStillRefused() {
        String subject = TestTokens.newSubject();
        profileId(TestTokens.individual(subject), subject);
        given().auth()
                .oauth2(TestTokens.forged(subject))
                .get("/api/v1/profile")
                .then()
                .statusCode(401);
    }

    private static String profileId(String token, String subject) {
        return given().auth()
                .oauth2(token)
                .get("/api/v1/profile")
                .then()
                .statusCode(200)
                .body("email", equalTo(subject + "@example.test"))
                .extract()
                .path("id");
    }
}
