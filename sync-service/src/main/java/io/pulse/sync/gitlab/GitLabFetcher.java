package io.pulse.sync.gitlab;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.pulse.sync.config.SyncConfig;
import io.pulse.sync.connection.Connection;
import io.pulse.sync.http.SourceEndpoint;
import io.pulse.sync.ingest.Concurrency;
import io.pulse.sync.ingest.EvidenceItem;
import io.pulse.sync.ingest.FetchRequest;
import io.pulse.sync.ingest.PageSink;
import io.pulse.sync.ingest.SourceFetcher;

/**
 * The user's GitLab work: merged MRs they authored (with their commits), MRs they were reviewer of (with their own
 * review comments, system notes dropped) and closed issues assigned to them. All three listings filter on
 * {@code updated_after} = the run's window start; per-MR sub-requests run with bounded concurrency.
 */
@ApplicationScoped
public class GitLabFetcher implements SourceFetcher {

    private final GitLabClient client;
    private final SyncConfig config;

    public GitLabFetcher(GitLabClient client, SyncConfig config) {
        this.client = client;
        this.config = config;
    }

    @Override
    public String source() {
        return Connection.GITLAB;
    }

    @Override
    public List<String> kinds() {
        return List.of(GitLabMapper.KIND_MR, GitLabMapper.KIND_REVIEW, GitLabMapper.KIND_ISSUE);
    }

    @Override
    public void fetch(FetchRequest request, PageSink sink) {
        Connection connection = request.connection();
        SourceEndpoint endpoint =
                client.endpoint(URI.create(connection.baseUrl()), request.token(), connection.caBundlePem(), false);
        String me = URLEncoder.encode(connection.accountId(), StandardCharsets.UTF_8);
        String window = request.windowStart() == null
                ? ""
                : "&updated_after=" + URLEncoder.encode(request.windowStart().toString(), StandardCharsets.UTF_8);
        String paging =
                "&order_by=updated_at&sort=asc&per_page=" + config.gitlab().pageSize();
        ExecutorService pool = Executors.newFixedThreadPool(config.http().concurrency());
        try {
            client.forEachPage(
                    endpoint,
                    "/api/v4/merge_requests?scope=all&state=merged&author_id=" + me + window + paging,
                    page -> sink.accept(Concurrency.map(pool, page, mr -> authored(endpoint, mr))));
            client.forEachPage(
                    endpoint,
                    "/api/v4/merge_requests?scope=all&reviewer_id=" + me + window + paging,
                    page -> sink.accept(Concurrency.map(
                            pool,
                            page.stream()
                                    .filter(mr -> !connection
                                            .accountId()
                                            .equals(mr.path("author").path("id").asText()))
                                    .toList(),
                            mr -> reviewed(endpoint, mr, connection.accountId()))));
            client.forEachPage(
                    endpoint,
                    "/api/v4/issues?scope=all&state=closed&assignee_id=" + me + window + paging,
                    page -> sink.accept(page.stream().map(GitLabMapper::issue).toList()));
        } finally {
            pool.shutdownNow();
        }
    }

    private EvidenceItem authored(SourceEndpoint endpoint, JsonNode mr) {
        List<JsonNode> commits = config.gitlab().includeCommits()
                ? client.all(
                        endpoint,
                        mrPath(mr) + "/commits?per_page=" + config.gitlab().pageSize())
                : List.of();
        return GitLabMapper.mergeRequest(mr, commits);
    }

    private EvidenceItem reviewed(SourceEndpoint endpoint, JsonNode mr, String me) {
        List<JsonNode> myNotes =
                client.all(endpoint, mrPath(mr) + "/notes?sort=asc&order_by=created_at&per_page=100").stream()
                        .filter(n -> !n.path("system").asBoolean(false))
                        .filter(n -> me.equals(n.path("author").path("id").asText()))
                        .toList();
        return GitLabMapper.review(mr, myNotes);
    }

    private static String mrPath(JsonNode mr) {
        return "/api/v4/projects/" + mr.path("project_id").asText() + "/merge_requests/"
                + mr.path("iid").asText();
    }
}
