package io.pulse.evidence.profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestTokens;
import io.pulse.evidence.support.Api;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(PulseTestResource.class)
class ProfileTest {

    @Test
    void firstRequestCreatesTheProfileFromTokenClaims() {
        String subject = TestTokens.newSubject();
        given().auth()
                .oauth2(TestTokens.individual(subject))
                .get("/api/v1/profile")
                .then()
                .statusCode(200)
                .body("email", equalTo(subject + "@example.test"))
                .body("full_name", startsWith("Test test-"))
                .body("role", equalTo("individual"))
                .body("preferences", equalTo(Map.of()));
        assertThat(Api.profilesWithSubject(subject)).isEqualTo(1);
    }

    @Test
    void roleFollowsTheToken() {
        String subject = TestTokens.newSubject();
        given().auth()
                .oauth2(TestTokens.token(subject, List.of("individual", "manager")))
                .get("/api/v1/profile")
                .then()
                .body("role", equalTo("manager"));
        given().auth()
                .oauth2(TestTokens.individual(subject))
                .get("/api/v1/profile")
                .then()
                .body("role", equalTo("individual"));
        assertThat(Api.count("select count(*) from profiles where oidc_subject = ? and role = 'individual'", subject))
                .isEqualTo(1);
    }

    @Test
    void concurrentFirstRequestsCreateExactlyOneProfile() throws Exception {
        String subject = TestTokens.newSubject();
        String token = TestTokens.individual(subject);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<String> call = () -> {
                    start.await();
                    return given().auth()
                            .oauth2(token)
                            .get("/api/v1/profile")
                            .then()
                            .statusCode(200)
                            .extract()
                            .path("id");
                };
                ids.add(pool.submit(call));
            }
            start.countDown();
            Set<String> distinct = new HashSet<>();
            for (Future<String> id : ids) {
                distinct.add(id.get());
            }
            assertThat(distinct).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Api.profilesWithSubject(subject)).isEqualTo(1);
    }

    @Test
    void patchIsAMergePatch() {
        String token = TestTokens.individual(TestTokens.newSubject());
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "full_name", "Ada Lovelace",
                        "avatar_url", "https://cdn.example.com/ada.png",
                        "gitlab_username", "ada.l",
                        "preferences", Map.of("theme", "dark", "digest", Map.of("weekly", true))))
                .patch("/api/v1/profile")
                .then()
                .statusCode(200)
                .body("full_name", equalTo("Ada Lovelace"))
                .body("gitlab_username", equalTo("ada.l"))
                .body("preferences.digest.weekly", equalTo(true));

        Map<String, Object> clear = new HashMap<>();
        clear.put("avatar_url", null);
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(clear)
                .patch("/api/v1/profile")
                .then()
                .statusCode(200)
                .body("avatar_url", nullValue())
                .body("full_name", equalTo("Ada Lovelace"))
                .body("preferences.theme", equalTo("dark"));

        given().auth()
                .oauth2(token)
                .get("/api/v1/profile")
                .then()
                .body("gitlab_username", equalTo("ada.l"))
                .body("avatar_url", nullValue());
    }
}
