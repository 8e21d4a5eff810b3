package io.pulse.sync.gitlab;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import io.pulse.sync.ingest.EvidenceItem;

/** GitLab objects to evidence items. One place decides ids, titles, categories and tags. */
public final class GitLabMapper {

    /** Kind of merged merge requests the user authored (their commits are summarised inside). */
    public static final String KIND_MR = "mr";
    /** Kind of merge requests the user reviewed or approved, with their own review comments. */
    public static final String KIND_REVIEW = "review";
    /** Kind of issues the user closed. */
    public static final String KIND_ISSUE = "issue";
    /** Kind of the user's pushes to one project on one UTC day (commits outside their merged MRs). */
    public static final String KIND_COMMITS = "commits";

    private static final int MAX_COMMIT_LINES = 50;
    private static final int MAX_PUSH_LINES = 100;

    private GitLabMapper() {}

    /** A merged MR the user authored, with its commits grouped in the content (not one item per commit). */
    public static EvidenceItem mergeRequest(JsonNode mr, List<JsonNode> commits) {
        String project = project(mr);
        StringBuilder content = new StringBuilder(text(mr, "description"));
        content.append("\n\nMerge request !")
                .append(mr.path("iid").asText())
                .append(" in ")
                .append(project);
        line(content, "Branch", text(mr, "source_branch") + " -> " + text(mr, "target_branch"));
        line(content, "Changes", text(mr, "changes_count"));
        line(content, "Comments", text(mr, "user_notes_count"));
        List<String> labels = labels(mr);
        if (!labels.isEmpty()) {
            line(content, "Labels", String.join(", ", labels));
        }
        if (!commits.isEmpty()) {
            content.append("\nCommits (").append(commits.size()).append("):");
            commits.stream()
                    .limit(MAX_COMMIT_LINES)
                    .forEach(c -> content.append("\n- ")
                            .append(text(c, "short_id"))
                            .append(' ')
                            .append(firstLine(
                                    c.path("title").asText(c.path("message").asText("")))));
            if (commits.size() > MAX_COMMIT_LINES) {
                content.append("\n- ... and ")
                        .append(commits.size() - MAX_COMMIT_LINES)
                        .append(" more");
            }
        }
        List<String> tags = new ArrayList<>(labels);
        tags.add(project);
        tags.add("merge-request");
        return new EvidenceItem(
                "gitlab:" + KIND_MR + ":" + mr.path("project_id").asText() + ":"
                        + mr.path("iid").asText(),
                text(mr, "web_url"),
                text(mr, "title"),
                content.toString(),
                category(labels, text(mr, "title"), "feature"),
                tags,
                firstTime(mr, "merged_at", "updated_at"));
    }

    /**
     * A merge request the user reviewed or approved, with their own (non-system) comments on it. When they occurred
     * is their approval if they approved it, else their latest comment, else when the MR was opened: each is at or
     * before the MR's updated_at, and an approval is also listed by the approval events of any window holding it.
     *
     * @param approvedAt when the user approved the MR, or null when they did not (or withdrew it)
     */
    public static EvidenceItem review(JsonNode mr, List<JsonNode> myNotes, Instant approvedAt) {
        String project = project(mr);
        StringBuilder content = new StringBuilder(approvedAt == null ? "Reviewed" : "Reviewed and approved")
                .append(" merge request !")
                .append(mr.path("iid").asText())
                .append(" in ")
                .append(project)
                .append(" by ")
                .append(mr.path("author").path("username").asText("unknown"))
                .append(" (")
                .append(text(mr, "state"))
                .append(")");
        String description = text(mr, "description");
        if (!description.isEmpty()) {
            content.append("\n\n").append(description);
        }
        List<JsonNode> notes = new ArrayList<>(myNotes);
        notes.sort(Comparator.comparing(n -> time(n, "created_at")));
        if (!notes.isEmpty()) {
            content.append("\n\nReview comments (").append(notes.size()).append("):");
            for (JsonNode note : notes) {
                content.append("\n- ");
                JsonNode position = note.path("position");
                if (position.hasNonNull("new_path")) {
                    content.append('[')
                            .append(position.get("new_path").asText())
                            .append(
                                    position.hasNonNull("new_line")
                                            ? ":" + position.get("new_line").asText()
                                            : "")
                            .append("] ");
                }
                content.append(text(note, "body"));
            }
        }
        Instant occurred = approvedAt != null
                ? approvedAt
                : notes.isEmpty()
                        ? firstTime(mr, "created_at", "updated_at")
                        : time(notes.get(notes.size() - 1), "created_at");
        List<String> tags = new ArrayList<>(labels(mr));
        tags.add(project);
        tags.add("code-review");
        if (approvedAt != null) {
            tags.add("approved");
        }
        return new EvidenceItem(
                "gitlab:" + KIND_REVIEW + ":" + mr.path("project_id").asText() + ":"
                        + mr.path("iid").asText(),
                text(mr, "web_url"),
                "Review: " + text(mr, "title"),
                content.toString(),
                "code-review",
                tags,
                occurred);
    }

    /**
     * Whether a system note records an approval: +1 for "approved this merge request", -1 for "unapproved this merge
     * request" (GitLab's wording for withdrawing it), 0 for anything else.
     */
    static int approvalNote(JsonNode note) {
        String body = text(note, "body").strip().toLowerCase(Locale.ROOT);
        if (body.startsWith("approved this merge request")) {
            return 1;
        }
        if (body.startsWith("unapproved this merge request")) {
            return -1;
        }
        return 0;
    }

    /**
     * The user's pushes to one project on one UTC day as one item: each push's branch, commit count, head commit
     * title and range. When it occurred is the day's latest push.
     *
     * @param project the project ({@code path_with_namespace}, {@code web_url}), or null when it is not visible
     */
    public static EvidenceItem commitDay(
            String projectId, JsonNode project, java.time.LocalDate day, List<JsonNode> pushes) {
        List<JsonNode> ordered = new ArrayList<>(pushes);
        ordered.sort(Comparator.comparing((JsonNode e) -> time(e, "created_at"))
                .thenComparing(e -> e.path("id").asLong()));
        String path = project == null || text(project, "path_with_namespace").isEmpty()
                ? "project-" + projectId
                : text(project, "path_with_namespace");
        int commits = ordered.stream()
                .mapToInt(e -> e.path("push_data").path("commit_count").asInt(0))
                .sum();
        List<String> refs = ordered.stream()
                .map(e -> e.path("push_data").path("ref").asText(""))
                .filter(r -> !r.isEmpty())
                .distinct()
                .toList();
        StringBuilder content = new StringBuilder("Pushed ")
                .append(commits)
                .append(commits == 1 ? " commit" : " commits")
                .append(" to ")
                .append(path)
                .append(" on ")
                .append(day)
                .append(" (UTC) in ")
                .append(ordered.size())
                .append(ordered.size() == 1 ? " push" : " pushes")
                .append(", outside merged merge requests:");
        StringBuilder titles = new StringBuilder();
        ordered.stream().limit(MAX_PUSH_LINES).forEach(e -> {
            JsonNode push = e.path("push_data");
            int count = push.path("commit_count").asInt(0);
            String title = firstLine(push.path("commit_title").asText(""));
            titles.append(' ').append(title);
            content.append("\n- ")
                    .append(time(e, "created_at").toString(), 11, 16)
                    .append(' ')
                    .append(push.path("ref").asText("?"))
                    .append(": ")
                    .append(count)
                    .append(count == 1 ? " commit" : " commits")
                    .append(title.isEmpty() ? "" : ", latest \"" + title + "\"")
                    .append(range(push));
        });
        if (ordered.size() > MAX_PUSH_LINES) {
            content.append("\n- ... and ")
                    .append(ordered.size() - MAX_PUSH_LINES)
                    .append(" more pushes");
        }
        String url = project == null ? "" : text(project, "web_url");
        if (!url.isEmpty() && refs.size() == 1) {
            url = url + "/-/commits/" + refs.get(0);
        }
        List<String> tags = new ArrayList<>();
        tags.add(path);
        tags.add("commits");
        return new EvidenceItem(
                "gitlab:" + KIND_COMMITS + ":" + projectId + ":" + day,
                url.isEmpty() ? null : url,
                "Commits to " + path + " on " + day + " (" + commits + ")",
                content.toString(),
                category(List.of(), titles.toString(), "feature"),
                tags,
                time(ordered.get(ordered.size() - 1), "created_at"));
    }

    private static String range(JsonNode push) {
        String from = push.path("commit_from").asText("");
        String to = push.path("commit_to").asText("");
        if (to.isEmpty()) {
            return "";
        }
        return " (" + (from.isEmpty() ? "" : shortSha(from) + "..") + shortSha(to) + ")";
    }

    private static String shortSha(String sha) {
        return sha.length() > 8 ? sha.substring(0, 8) : sha;
    }

    /** An issue the user closed (the stable id is the same as when issues came from the assignee listing). */
    public static EvidenceItem issue(JsonNode issue) {
        List<String> labels = labels(issue);
        String project = issue.path("references").path("full").asText("");
        project = project.contains("#")
                ? project.substring(0, project.lastIndexOf('#'))
                : pathFromUrl(issue, "/-/issues");
        StringBuilder content = new StringBuilder(text(issue, "description"));
        content.append("\n\nIssue #")
                .append(issue.path("iid").asText())
                .append(" in ")
                .append(project);
        line(content, "Closed by", issue.path("closed_by").path("username").asText(""));
        if (!labels.isEmpty()) {
            line(content, "Labels", String.join(", ", labels));
        }
        List<String> tags = new ArrayList<>(labels);
        tags.add(project);
        tags.add("issue");
        return new EvidenceItem(
                "gitlab:" + KIND_ISSUE + ":" + issue.path("project_id").asText() + ":"
                        + issue.path("iid").asText(),
                text(issue, "web_url"),
                text(issue, "title"),
                content.toString(),
                category(labels, text(issue, "title"), "feature"),
                tags,
                firstTime(issue, "closed_at", "updated_at"));
    }

    /** Category from labels and title words: bug fixes, incidents and documentation stand out; else the default. */
    static String category(List<String> labels, String title, String fallback) {
        String haystack = (String.join(" ", labels) + " " + title).toLowerCase(Locale.ROOT);
        if (haystack.matches("(?s).*\\b(incident|outage|postmortem|post-mortem|hotfix)\\b.*")) {
            return "incident";
        }
        if (haystack.matches("(?s).*\\b(bug|bugfix|fix|fixes|fixed|defect|regression)\\b.*")) {
            return "bugfix";
        }
        if (haystack.matches("(?s).*\\b(docs?|documentation|readme)\\b.*")) {
            return "documentation";
        }
        return fallback;
    }

    private static String project(JsonNode mr) {
        String full = mr.path("references").path("full").asText("");
        if (full.contains("!")) {
            return full.substring(0, full.lastIndexOf('!'));
        }
        return pathFromUrl(mr, "/-/merge_requests");
    }

    private static String pathFromUrl(JsonNode node, String marker) {
        String url = text(node, "web_url");
        int cut = url.indexOf(marker);
        if (cut > 0) {
            String beforeMarker = url.substring(0, cut);
            int schemeEnd = beforeMarker.indexOf("://");
            int pathStart = beforeMarker.indexOf('/', schemeEnd + 3);
            if (pathStart > 0) {
                return beforeMarker.substring(pathStart + 1);
            }
        }
        return "project-" + node.path("project_id").asText();
    }

    private static List<String> labels(JsonNode node) {
        List<String> labels = new ArrayList<>();
        node.path("labels")
                .forEach(l -> labels.add(l.isObject() ? l.path("name").asText() : l.asText()));
        return labels;
    }

    private static void line(StringBuilder content, String name, String value) {
        if (value != null && !value.isBlank()) {
            content.append('\n').append(name).append(": ").append(value);
        }
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    private static Instant firstTime(JsonNode node, String field, String fallback) {
        return node.hasNonNull(field) ? time(node, field) : time(node, fallback);
    }

    static Instant time(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new io.pulse.sync.http.SourceException(
                    io.pulse.sync.http.SourceException.Kind.REJECTED, 200, "GitLab item lacks " + field);
        }
        return OffsetDateTime.parse(value.asText()).toInstant();
    }
}
