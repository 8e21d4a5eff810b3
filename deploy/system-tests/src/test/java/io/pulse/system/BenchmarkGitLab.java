package io.pulse.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * A self-managed GitLab (REST v4) whose one user has merged {@code count} merge requests over the last ten months,
 * for {@link IngestionBenchmark}: the merged-MR listing in offset pages as GitLab sends them ({@code X-Page},
 * {@code X-Next-Page}, {@code Link rel="next"}; no totals above 10,000 records), and each MR's commits. The MRs are
 * generated from {@code bench/gitlab-work.json} with a fixed seed, so every run serves the same items: titles,
 * descriptions of varied length (some empty, some long enough to be embedded in several chunks), labels and one to
 * eight commits. Every other listing (reviews, events) answers an empty last page. Listens on this machine's network
 * address ({@link PackagedStack#sourceHost()}), as {@link SimulatedGitLab} does.
 *
 * <p>Unlike the tests' simulators this one is not WireMock: it shares the benchmark's two cores with the pipeline it
 * measures, and WireMock spent about 19 CPU s serving one run's 10,100 requests (6% of the machine during the run,
 * CPU that a real GitLab on its own servers never takes). It answers from memory on one Vert.x event loop, with the
 * same bodies and headers, at a small fraction of that.
 */
final class BenchmarkGitLab implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_ID = "7310442";
    private static final Pattern COMMITS = Pattern.compile("/api/v4/projects/(\\d+)/merge_requests/(\\d+)/commits");
    /** Above this many records GitLab leaves out X-Total, X-Total-Pages and the last-page link. */
    private static final int TOTALS_LIMIT = 10_000;

    private static final Buffer EMPTY_LIST = Buffer.buffer("[]");

    private final String token;
    private final List<String> mergeRequests = new ArrayList<>();
    private final Map<String, Buffer> commits = new HashMap<>();
    private final Vertx vertx;
    private final HttpServer server;

    BenchmarkGitLab(String token, int count) {
        this.token = token;
        generate(count);
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            server = vertx.createHttpServer()
                    .requestHandler(this::answer)
                    .listen(0, PackagedStack.sourceHost())
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("the simulated GitLab did not start", e);
        }
    }

    String baseUrl() {
        return "http://" + PackagedStack.sourceHost() + ":" + server.actualPort();
    }

    String token() {
        return token;
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the simulated GitLab did not stop", e);
        }
    }

    /** The user (with the token), the merged-MR listing page by page, each MR's commits; an empty page otherwise. */
    private void answer(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        String path = request.path();
        if (request.method() != HttpMethod.GET || !path.startsWith("/api/v4/")) {
            response.setStatusCode(404).end();
            return;
        }
        if (path.equals("/api/v4/user")) {
            if (!token.equals(request.getHeader("PRIVATE-TOKEN"))) {
                json(response.setStatusCode(401)).end("{\"message\":\"401 Unauthorized\"}");
                return;
            }
            json(response).end(user().toString());
            return;
        }
        Matcher commitsPath = COMMITS.matcher(path);
        if (commitsPath.matches()) {
            Buffer body = commits.get(commitsPath.group(1) + ":" + commitsPath.group(2));
            if (body == null) {
                json(response.setStatusCode(404)).end("{\"message\":\"404 Not found\"}");
            } else {
                lastPage(response).end(body);
            }
            return;
        }
        if (path.equals("/api/v4/merge_requests")
                && USER_ID.equals(request.getParam("author_id"))
                && "merged".equals(request.getParam("state"))) {
            mergeRequests(request, response);
            return;
        }
        lastPage(response).end(EMPTY_LIST);
    }

    private void mergeRequests(HttpServerRequest request, HttpServerResponse response) {
        int perPage = Math.min(100, Math.max(1, number(request, "per_page", 20)));
        int page = Math.max(1, number(request, "page", 1));
        int from = Math.min(mergeRequests.size(), (page - 1) * perPage);
        int to = Math.min(mergeRequests.size(), from + perPage);
        int pages = Math.max(1, (mergeRequests.size() + perPage - 1) / perPage);
        boolean more = to < mergeRequests.size();
        json(response)
                .putHeader("X-Page", Integer.toString(page))
                .putHeader("X-Per-Page", Integer.toString(perPage))
                .putHeader("X-Prev-Page", page > 1 ? Integer.toString(page - 1) : "")
                .putHeader("X-Next-Page", more ? Integer.toString(page + 1) : "")
                .putHeader("RateLimit-Limit", "2000")
                .putHeader("RateLimit-Remaining", "1990");
        String url = request.absoluteURI();
        StringBuilder link = new StringBuilder();
        if (more) {
            link.append('<').append(withPage(url, page + 1)).append(">; rel=\"next\", ");
        }
        link.append('<').append(withPage(url, 1)).append(">; rel=\"first\"");
        if (mergeRequests.size() <= TOTALS_LIMIT) {
            response.putHeader("X-Total", Integer.toString(mergeRequests.size()))
                    .putHeader("X-Total-Pages", Integer.toString(pages));
            link.append(", <").append(withPage(url, pages)).append(">; rel=\"last\"");
        }
        response.putHeader("Link", link.toString()).end("[" + String.join(",", mergeRequests.subList(from, to)) + "]");
    }

    private static HttpServerResponse json(HttpServerResponse response) {
        return response.putHeader("Content-Type", "application/json");
    }

    /** The last (and only) page of a GitLab list, with its paging and rate-limit headers. */
    private static HttpServerResponse lastPage(HttpServerResponse response) {
        SimulatedGitLab.LAST_PAGE_HEADERS.forEach(response::putHeader);
        return json(response);
    }

    private static int number(HttpServerRequest request, String name, int fallback) {
        String value = request.getParam(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
    }

    private static String withPage(String url, int page) {
        String base = url.replaceAll("([?&])page=\\d+&?", "$1").replaceAll("[?&]$", "");
        return base + (base.contains("?") ? "&" : "?") + "page=" + page;
    }

    // ------------------------------------------------------------------------------------------------ generation

    private void generate(int count) {
        JsonNode work = work();
        Random random = new Random(20261130L);
        Instant first = Instant.now().minus(300, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        long spacing = Duration.ofDays(290).getSeconds() / Math.max(1, count);
        Map<Integer, Integer> iids = new HashMap<>();
        for (int i = 0; i < count; i++) {
            JsonNode project = pick(random, work.get("projects"));
            int projectId = project.get("id").asInt();
            int iid = iids.merge(projectId, 1, Integer::sum) + 100;
            String area = pick(random, work.get("areas")).asText();
            Instant merged = first.plusSeconds(i * spacing);
            Instant created = merged.minus(1 + random.nextInt(96), ChronoUnit.HOURS);
            List<String> commitTitles = new ArrayList<>();
            int commitCount = 1 + random.nextInt(8);
            for (int c = 0; c < commitCount; c++) {
                commitTitles.add(fill(pick(random, work.get("commits")).asText(), area, random));
            }
            ArrayNode commitList = JSON.createArrayNode();
            for (String title : commitTitles) {
                commitList.add(commit(random, project, title, created));
            }
            commits.put(projectId + ":" + iid, Buffer.buffer(commitList.toString()));
            mergeRequests.add(mergeRequest(random, work, project, iid, area, created, merged, commitList)
                    .toString());
        }
    }

    private ObjectNode mergeRequest(
            Random random,
            JsonNode work,
            JsonNode project,
            int iid,
            String area,
            Instant created,
            Instant merged,
            ArrayNode commitList) {
        String path = project.get("path").asText();
        String title = fill(pick(random, work.get("titles")).asText(), area, random);
        ObjectNode mr = JSON.createObjectNode();
        mr.put("id", project.get("id").asLong() * 100_000 + iid);
        mr.put("iid", iid);
        mr.put("project_id", project.get("id").asInt());
        mr.put("title", title);
        mr.put("description", description(random, work, area, iid));
        mr.put("state", "merged");
        mr.put("created_at", created.toString());
        mr.put("updated_at", merged.toString());
        mr.put("merged_at", merged.toString());
        mr.putNull("closed_at");
        mr.put("target_branch", "main");
        mr.put("source_branch", slug(title));
        mr.put("user_notes_count", random.nextInt(12));
        mr.put("upvotes", random.nextInt(4));
        mr.put("downvotes", 0);
        mr.set("author", user());
        mr.set("assignees", JSON.createArrayNode());
        mr.set("reviewers", JSON.createArrayNode().add(reviewer(random)));
        mr.put("source_project_id", project.get("id").asInt());
        mr.put("target_project_id", project.get("id").asInt());
        java.util.Set<String> labels = new java.util.LinkedHashSet<>();
        int labelCount = random.nextInt(4);
        for (int l = 0; l < labelCount; l++) {
            labels.add(pick(random, work.get("labels")).asText());
        }
        labels.forEach(mr.putArray("labels")::add);
        mr.put("draft", false);
        mr.put("work_in_progress", false);
        mr.putNull("milestone");
        mr.put("merge_status", "can_be_merged");
        mr.put("detailed_merge_status", "mergeable");
        mr.put("sha", commitList.get(commitList.size() - 1).get("id").asText());
        mr.put("merge_commit_sha", hex(random, 40));
        mr.putNull("squash_commit_sha");
        mr.put("reference", "!" + iid);
        ObjectNode references = mr.putObject("references");
        references.put("short", "!" + iid);
        references.put("relative", "!" + iid);
        references.put("full", path + "!" + iid);
        mr.put("web_url", "https://gitlab.example.com/" + path + "/-/merge_requests/" + iid);
        mr.put("squash", false);
        mr.put("has_conflicts", false);
        return mr;
    }

    /**
     * A description as people write them: often a few plain sentences, sometimes the project's template with a
     * testing section, sometimes nothing, and now and then a long write-up (several embedding chunks).
     */
    private static String description(Random random, JsonNode work, String area, int iid) {
        int kind = random.nextInt(100);
        if (kind < 8) {
            return "";
        }
        if (kind < 55) {
            return sentences(random, work, area, 1 + random.nextInt(5));
        }
        if (kind < 95) {
            return "## What does this MR do?\n\n" + sentences(random, work, area, 2 + random.nextInt(6))
                    + "\n\n## How was it tested?\n\n"
                    + fill(pick(random, work.get("testing")).asText(), area, random)
                    + "\n\nCloses #" + (iid * 3 + random.nextInt(40));
        }
        StringBuilder longForm = new StringBuilder("## Background\n\n")
                .append(sentences(random, work, area, 6 + random.nextInt(6)))
                .append("\n\n## Changes\n\n");
        int bullets = 6 + random.nextInt(10);
        for (int b = 0; b < bullets; b++) {
            longForm.append("- ")
                    .append(fill(pick(random, work.get("sentences")).asText(), area, random))
                    .append('\n');
        }
        return longForm.append("\n## Rollout\n\n")
                .append(sentences(random, work, area, 3 + random.nextInt(5)))
                .toString();
    }

    private static String sentences(Random random, JsonNode work, String area, int count) {
        List<String> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            out.add(fill(pick(random, work.get("sentences")).asText(), area, random));
        }
        return String.join(" ", out);
    }

    private static ObjectNode commit(Random random, JsonNode project, String title, Instant around) {
        String sha = hex(random, 40);
        Instant at = around.plus(random.nextInt(48 * 60), ChronoUnit.MINUTES);
        ObjectNode commit = JSON.createObjectNode();
        commit.put("id", sha);
        commit.put("short_id", sha.substring(0, 8));
        commit.put("created_at", at.toString());
        commit.set("parent_ids", JSON.createArrayNode().add(hex(random, 40)));
        commit.put("title", title);
        commit.put("message", title + "\n");
        commit.put("author_name", "Alice Martin");
        commit.put("author_email", "alice@example.com");
        commit.put("authored_date", at.toString());
        commit.put("committer_name", "Alice Martin");
        commit.put("committer_email", "alice@example.com");
        commit.put("committed_date", at.toString());
        commit.putObject("trailers");
        commit.put(
                "web_url", "https://gitlab.example.com/" + project.get("path").asText() + "/-/commit/" + sha);
        return commit;
    }

    private static ObjectNode user() {
        ObjectNode user = JSON.createObjectNode();
        user.put("id", Long.parseLong(USER_ID));
        user.put("username", "alice.martin");
        user.put("name", "Alice Martin");
        user.put("state", "active");
        user.put("web_url", "https://gitlab.example.com/alice.martin");
        return user;
    }

    private static ObjectNode reviewer(Random random) {
        String[] names = {"bob.nguyen", "chen.li", "dana.okafor", "erik.berg"};
        String name = names[random.nextInt(names.length)];
        ObjectNode user = JSON.createObjectNode();
        user.put("id", 7_400_000 + name.length() * 17 + name.charAt(0));
        user.put("username", name);
        user.put("name", name);
        user.put("state", "active");
        user.put("web_url", "https://gitlab.example.com/" + name);
        return user;
    }

    private static String fill(String template, String area, Random random) {
        return template.replace("{area}", area).replace("{n}", Integer.toString(120 + random.nextInt(2_000)));
    }

    private static JsonNode pick(Random random, JsonNode array) {
        return array.get(random.nextInt(array.size()));
    }

    private static String slug(String title) {
        String slug = title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return slug.substring(0, Math.min(40, slug.length())).replaceAll("-+$", "");
    }

    private static String hex(Random random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(Character.forDigit(random.nextInt(16), 16));
        }
        return out.toString();
    }

    private static JsonNode work() {
        try (InputStream in = BenchmarkGitLab.class.getResourceAsStream("/bench/gitlab-work.json")) {
            if (in == null) {
                throw new IllegalStateException("missing resource bench/gitlab-work.json");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
