package io.pulse.evidence.evidence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.evidence.support.Api.User;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(PulseTestResource.class)
class ListingTest {

    record Item(String id, Instant occurredAt) {}

    @Test
    void cursorWalkReturnsEveryItemExactlyOnceNewestFirst() {
        User alice = User.fresh();
        List<Item> created = new ArrayList<>();
        Instant base = Instant.parse("2026-01-01T09:00:00Z");
        for (int i = 0; i < 23; i++) {
            // Every third item shares its time with the previous one, so the id breaks ties.
            Instant at = base.plusSeconds(3600L * (i - i / 3));
            String id = alice.create(Map.of("title", "Item " + i, "content", "c", "occurred_at", at.toString()))
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            created.add(new Item(id, at));
        }
        List<String> expected = created.stream()
                .sorted(Comparator.comparing(Item::occurredAt)
                        // Lowercase hex order is PostgreSQL's (unsigned, byte-wise) uuid order.
                        .thenComparing(Item::id)
                        .reversed())
                .map(Item::id)
                .toList();

        List<String> walked = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = alice.as().queryParam("limit", 5);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/evidence")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            List<String> ids = page.getList("items.id", String.class);
            assertThat(ids.size()).isLessThanOrEqualTo(5);
            walked.addAll(ids);
            cursor = page.getString("next_cursor");
            pages++;
        } while (cursor != null && pages < 20);

        assertThat(pages).isEqualTo(5);
        assertThat(walked).containsExactlyElementsOf(expected);
        // Default page size is 20.
        alice.as().get("/api/v1/evidence").then().body("items", hasSize(20));
        alice.as()
                .queryParam("limit", 100)
                .get("/api/v1/evidence")
                .then()
                .body("items", hasSize(23))
                .body("next_cursor", nullValue());
    }

    @Test
    void filtersCombine() {
        User alice = User.fresh();
        String review = create(
                alice,
                "Reviewed the billing API",
                "Careful review of 40% of the diff",
                "code-review",
                List.of("api", "billing"),
                "2026-02-10T12:00:00Z");
        String design = create(
                alice,
                "Designed the sync worker",
                "Design doc with_underscore",
                "design",
                List.of("api", "sync"),
                "2026-03-05T12:00:00Z");
        String talk = create(
                alice, "Gave a talk", "Internal tech talk on Kafka", null, List.of("speaking"), "2026-04-01T12:00:00Z");

        assertThat(ids(alice, Map.of("source", "manual"))).containsExactly(talk, design, review);
        assertThat(ids(alice, Map.of("source", "gitlab"))).isEmpty();
        assertThat(ids(alice, Map.of("category", "design"))).containsExactly(design);
        assertThat(ids(alice, Map.of("tag", "api"))).containsExactly(design, review);
        assertThat(alice.as()
                        .queryParam("tag", "api", "billing")
                        .get("/api/v1/evidence")
                        .jsonPath()
                        .getList("items.id", String.class))
                .containsExactly(review);
        assertThat(ids(alice, Map.of("from", "2026-03-01T00:00:00Z"))).containsExactly(talk, design);
        assertThat(ids(alice, Map.of("to", "2026-03-05T12:00:00Z"))).containsExactly(review);
        assertThat(ids(alice, Map.of("from", "2026-02-01T00:00:00+01:00", "to", "2026-04-01T00:00:00Z")))
                .containsExactly(design, review);
        assertThat(ids(alice, Map.of("q", "KAFKA"))).containsExactly(talk);
        assertThat(ids(alice, Map.of("q", "billing"))).containsExactly(review);
        // LIKE wildcards in the text are literal.
        assertThat(ids(alice, Map.of("q", "40%"))).containsExactly(review);
        assertThat(ids(alice, Map.of("q", "with_under"))).containsExactly(design);
        // "n_d" would match "Design doc" if _ were a wildcard.
        assertThat(ids(alice, Map.of("q", "n_d"))).isEmpty();
        assertThat(ids(alice, Map.of("q", "%%"))).isEmpty();
    }

    private static List<String> ids(User user, Map<String, String> query) {
        return user.as()
                .queryParams(query)
                .get("/api/v1/evidence")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id", String.class);
    }

    private static String create(
            User user, String title, String content, String category, List<String> tags, String occurredAt) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", title);
        body.put("content", content);
        body.put("category", category);
        body.put("tags", tags);
        body.put("occurred_at", occurredAt);
        return user.create(body).then().statusCode(201).extract().path("id");
    }
}
