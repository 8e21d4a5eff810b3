package io.pulse.evidence;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pulse.common.testing.PulseTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document lists every endpoint with its models and its problem+json errors. */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class OpenApiTest {

    @Test
    void everyOperationDocumentsItsErrorsAsProblems() {
        JsonPath doc = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, List<String>> expected = Map.of(
                "/api/v1/profile", List.of("get", "patch"),
                "/api/v1/evidence", List.of("get", "post"),
                "/api/v1/evidence/{id}", List.of("get", "patch", "delete"),
                "/api/v1/evidence/uploads", List.of("post"),
                "/api/v1/evidence/{id}/attachments", List.of("get", "post"),
                "/api/v1/evidence/{id}/attachments/{attachment_id}", List.of("get", "delete"),
                "/api/v1/stream", List.of("get"));
        expected.forEach((path, methods) -> {
            for (String method : methods) {
                Map<String, Object> responses = doc.getMap("paths.'" + path + "'." + method + ".responses");
                assertThat(responses).as("%s %s", method, path).containsKeys("401");
                for (Map.Entry<String, Object> response : responses.entrySet()) {
                    if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                        assertThat(response.getValue().toString())
                                .as("%s %s %s", method, path, response.getKey())
                                .contains("application/problem+json");
                    }
                }
            }
        });
        assertThat(doc.getMap("components.schemas"))
                .containsKeys(
                        "Evidence",
                        "NewEvidence",
                        "EvidenceUpdate",
                        "PageEvidenceView",
                        "Profile",
                        "ProfileUpdate",
                        "Problem");
        assertThat(doc.getMap("components.schemas.Evidence.properties"))
                .containsKeys("id", "user_id", "title", "occurred_at", "version")
                .doesNotContainKeys("embedding");
        assertThat(doc.getMap("components.schemas.NewEvidence.properties"))
                .doesNotContainKeys("summary", "embedding", "ai_metadata", "source", "source_id", "user_id");
        assertThat(doc.getMap("components.securitySchemes")).containsKey("bearer");
        assertThat(doc.getMap("paths.'/api/v1/evidence/{id}'.patch.responses")).containsKeys("412", "428", "422");
        assertThat(doc.getMap("paths.'/api/v1/evidence'.post.responses")).containsKeys("201", "413", "415", "422");
        assertThat(doc.getMap("paths.'/api/v1/evidence/uploads'.post.responses"))
                .containsKeys("201", "413", "415", "422");
        assertThat(doc.getMap("paths.'/api/v1/evidence/uploads'.post.requestBody.content"))
                .containsKey("multipart/form-data");
        assertThat(doc.getMap("paths.'/api/v1/evidence/{id}/attachments/{attachment_id}'.get.responses"))
                .containsKeys("200", "206", "304", "404", "416");
        assertThat(doc.getList("components.schemas.Evidence.properties.source.enum"))
                .containsExactlyInAnyOrder("gitlab", "jira", "upload", "manual");
        assertThat(doc.getMap("components.schemas.Evidence.properties")).containsKey("attachments");
    }
}
