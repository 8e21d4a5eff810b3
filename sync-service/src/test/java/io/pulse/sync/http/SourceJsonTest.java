package io.pulse.sync.http;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pulse.sync.gitlab.client.GitLabLabel;
import io.pulse.sync.gitlab.client.GitLabMergeRequest;
import io.pulse.sync.jira.client.JiraComment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading third-party payloads into records, and building request URLs. */
class SourceJsonTest {

    @Test
    void gitLabRecordsReadSnakeCaseNumericIdsAndBothLabelShapes() throws Exception {
        GitLabMergeRequest mr = SourceJson.MAPPER.readValue("""
                {"iid": 7, "project_id": 201, "merged_at": "2024-01-15T10:00:00.000+01:00",
                 "labels": ["bug", {"name": "backend", "color": "#fff"}], "author": {"id": 12},
                 "unknown_field": {"nested": true}}
                """, GitLabMergeRequest.class);
        assertThat(mr.key()).isEqualTo("201:7");
        assertThat(mr.authoredBy("12")).isTrue();
        assertThat(mr.labels()).extracting(GitLabLabel::name).containsExactly("bug", "backend");
        assertThat(mr.mergedAt()).isEqualTo(Instant.parse("2024-01-15T09:00:00Z"));
        assertThat(mr.createdAt()).isNull();
    }

    @Test
    void jiraTimestampsWithoutAColonInTheOffsetAreRead() throws Exception {
        JiraComment comment = SourceJson.MAPPER.readValue(
                "{\"created\": \"2024-01-15T10:00:00.000+0200\", \"body\": \"text\"}", JiraComment.class);
        assertThat(comment.created()).isEqualTo(Instant.parse("2024-01-15T08:00:00Z"));
        assertThat(comment.body().asText()).isEqualTo("text");
        assertThat(SourceJson.MAPPER
                        .readValue("{\"created\": 1}", JiraComment.class)
                        .created())
                .as("an odd value only fails a mapper that needs it")
                .isNull();
    }

    @Test
    void aBodyOfAnotherShapeFailsAsRejectedWithoutQuotingIt() {
        SourceResponse response = new SourceResponse(
                URI.create("https://gitlab.example.com/api/v4/merge_requests"),
                200,
                HttpHeaders.of(Map.of(), (a, b) -> true),
                "{\"secret\": 1}");
        assertThatThrownBy(() -> response.readList(GitLabMergeRequest.class))
                .isInstanceOfSatisfying(
                        SourceException.class, e -> assertThat(e.kind()).isEqualTo(SourceException.Kind.REJECTED))
                .hasMessageNotContaining("secret");
    }

    @Test
    void urlsEncodeSegmentsAndParametersAndSkipAbsentOnes() {
        SourceUri uri = SourceUri.path("rest", "api", "3", "issue", "a b/c")
                .query("jql", "project = X AND updated >= \"2024/01/01 10:00\"")
                .query("nextPageToken", null)
                .query("token", "ab+c/=");
        assertThat(uri.pathAndQuery())
                .isEqualTo(
                        "/rest/api/3/issue/a%20b%2Fc?jql=project+%3D+X+AND+updated+%3E%3D+%222024%2F01%2F01+10%3A00%22"
                                + "&token=ab%2Bc%2F%3D");
        assertThat(SourceUri.withQueryParam(URI.create("https://h/api/v4/x?page=2&per_page=100"), "page", "3")
                        .toString())
                .isEqualTo("https://h/api/v4/x?per_page=100&page=3");
    }
}
