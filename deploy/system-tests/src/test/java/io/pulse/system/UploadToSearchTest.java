package io.pulse.system;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.pulse.common.testing.Documents;
import io.pulse.common.testing.TestTokens;
import io.pulse.system.PackagedStack.Service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Uploaded documents become evidence whose content holds the document's text, are enriched by insight-service like
 * any note, and are then found by meaning: the packaged services, end to end.
 */
class UploadToSearchTest {

    private static PackagedStack stack;

    @BeforeAll
    static void start() {
        stack = PackagedStack.get();
    }

    static List<Object[]> documents() {
        return List.of(
                new Object[] {
                    "design.pdf",
                    Documents.pdf(
                            "Payments retry design",
                            "We designed idempotent retries for card payments with exponential backoff and a ledger."),
                    "how did we make card payment retries safe",
                    "idempotent retries"
                },
                new Object[] {
                    "postmortem.docx",
                    Documents.docx(
                            "Checkout outage postmortem",
                            "The checkout database ran out of connections; we added pooling limits and an alert."),
                    "incident where checkout ran out of database connections",
                    "pooling limits"
                },
                new Object[] {
                    "roadmap.pptx",
                    Documents.pptx("Quarterly roadmap: migrate search to vector embeddings and retire the old index."),
                    "plan to move search onto embeddings",
                    "vector embeddings"
                },
                new Object[] {
                    "praise.md",
                    Documents.markdown("# Kudos\n\nThanks for mentoring the two new graduates through their first"
                            + " on-call rotation."),
                    "helped junior colleagues grow",
                    "mentoring"
                });
    }

    @ParameterizedTest
    @MethodSource("documents")
    void anUploadedDocumentIsFoundByMeaning(String fileName, byte[] bytes, String query, String text) {
        String owner = TestTokens.individual(TestTokens.newSubject());
        Map<String, Object> created = given().baseUri(
                        stack.uri(Service.EVIDENCE).toString())
                .auth()
                .oauth2(owner)
                .multiPart("files", fileName, bytes)
                .post("/api/v1/evidence/uploads")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getMap("items[0].evidence");
        assertThat(created.get("source")).isEqualTo("upload");
        assertThat((String) created.get("content")).contains(text);
        String id = (String) created.get("id");
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    List<String> hits = given().baseUri(
                                    stack.uri(Service.INSIGHT).toString())
                            .auth()
                            .oauth2(owner)
                            .queryParam("q", query)
                            .get("/api/v1/search")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getList("results.id", String.class);
                    assertThat(hits).contains(id);
                });
    }
}
