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
    /** Kind of merge requests the user reviewed, with their own review comments. */
    public static final String KIND_REVIEW = "review";
    /** Kind of closed issues assigned to the user. */
    public static final String KIND_ISSUE = "issue";

    private static final int MAX_COMMIT_LINES = 50;

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
     * A merge request the user reviewed, with their own (non-system) comments on it. When they occurred is their
     * latest comment, else when the MR was opened: both are at or before the MR's updated_at.
     */
    public static EvidenceItem review(JsonNode mr, List<JsonNode> myNotes) {
        String project = project(mr);
        StringBuilder content = new StringBuilder("Reviewed merge request !")
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
        Instant occurred = notes.isEmpty()
                ? firstTime(mr, "created_at", "updated_at")
                : time(notes.get(notes.size() - 1), "created_at");
        List<String> tags = new ArrayList<>(labels(mr));
        tags.add(project);
        tags.add("code-review");
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

    /** A closed issue assigned to the user. */
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
