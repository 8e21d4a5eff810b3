package io.pulse.sync.gitlab.mapping;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.pulse.common.evidence.SourceItem;
import io.pulse.sync.gitlab.client.GitLabCommit;
import io.pulse.sync.gitlab.client.GitLabEvent;
import io.pulse.sync.gitlab.client.GitLabIssue;
import io.pulse.sync.gitlab.client.GitLabLabel;
import io.pulse.sync.gitlab.client.GitLabMergeRequest;
import io.pulse.sync.gitlab.client.GitLabNote;
import io.pulse.sync.gitlab.client.GitLabProject;
import io.pulse.sync.gitlab.client.GitLabReferences;
import io.pulse.sync.http.SourceException;
import io.pulse.sync.ingest.TextCut;

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
    /** Longest commit title in a summary line. */
    private static final int MAX_LINE = 300;

    private GitLabMapper() {}

    /** A merged MR the user authored, with its commits grouped in the content (not one item per commit). */
    public static SourceItem mergeRequest(GitLabMergeRequest mr, List<GitLabCommit> commits) {
        String project = project(mr.references(), mr.webUrl(), "/-/merge_requests", '!', mr.projectId());
        StringBuilder footer = new StringBuilder("\n\nMerge request !")
                .append(text(mr.iid()))
                .append(" in ")
                .append(project);
        line(footer, "Branch", text(mr.sourceBranch()) + " -> " + text(mr.targetBranch()));
        line(footer, "Changes", mr.changesCount());
        line(footer, "Comments", mr.userNotesCount());
        List<String> labels = labels(mr.labels());
        if (!labels.isEmpty()) {
            line(footer, "Labels", String.join(", ", labels));
        }
        if (!commits.isEmpty()) {
            footer.append("\nCommits (").append(commits.size()).append("):");
            commits.stream()
                    .limit(MAX_COMMIT_LINES)
                    .forEach(c -> footer.append("\n- ")
                            .append(text(c.shortId()))
                            .append(' ')
                            .append(TextCut.cut(
                                    firstLine(c.title() != null ? c.title() : text(c.message())), MAX_LINE)));
            if (commits.size() > MAX_COMMIT_LINES) {
                footer.append("\n- ... and ")
                        .append(commits.size() - MAX_COMMIT_LINES)
                        .append(" more");
            }
        }
        List<String> tags = new ArrayList<>(labels);
        tags.add(project);
        tags.add("merge-request");
        return new SourceItem(
                "gitlab:" + KIND_MR + ":" + text(mr.projectId()) + ":" + text(mr.iid()),
                text(mr.webUrl()),
                TextCut.cut(text(mr.title()), SourceItem.MAX_TITLE),
                TextCut.fit("", text(mr.description()), footer.toString(), SourceItem.MAX_CONTENT),
                category(labels, text(mr.title()), "feature"),
                tags,
                required(mr.mergedAt() != null ? mr.mergedAt() : mr.updatedAt(), "updated_at"));
    }

    /**
     * A merge request the user reviewed or approved, with their own (non-system) comments on it. When they occurred
     * is their approval if they approved it, else their latest comment, else when the MR was opened: each is at or
     * before the MR's updated_at, and an approval is also listed by the approval events of any window holding it.
     *
     * @param approvedAt when the user approved the MR, or null when they did not (or withdrew it)
     */
    public static SourceItem review(GitLabMergeRequest mr, List<GitLabNote> myNotes, Instant approvedAt) {
        String project = project(mr.references(), mr.webUrl(), "/-/merge_requests", '!', mr.projectId());
        StringBuilder head = new StringBuilder(approvedAt == null ? "Reviewed" : "Reviewed and approved")
                .append(" merge request !")
                .append(text(mr.iid()))
                .append(" in ")
                .append(project)
                .append(" by ")
                .append(
                        mr.author() == null || mr.author().username() == null
                                ? "unknown"
                                : mr.author().username())
                .append(" (")
                .append(text(mr.state()))
                .append(")");
        String description = text(mr.description());
        String body = description.isEmpty() ? "" : "\n\n" + description;
        List<GitLabNote> notes = new ArrayList<>(myNotes);
        notes.sort(Comparator.comparing(n -> required(n.createdAt(), "created_at")));
        StringBuilder comments = new StringBuilder();
        if (!notes.isEmpty()) {
            comments.append("\n\nReview comments (").append(notes.size()).append("):");
            for (GitLabNote note : notes) {
                comments.append("\n- ");
                GitLabNote.Position position = note.position();
                if (position != null && position.newPath() != null) {
                    comments.append('[')
                            .append(position.newPath())
                            .append(position.newLine() != null ? ":" + position.newLine() : "")
                            .append("] ");
                }
                comments.append(text(note.body()));
            }
        }
        Instant occurred = approvedAt != null
                ? approvedAt
                : notes.isEmpty()
                        ? required(mr.createdAt() != null ? mr.createdAt() : mr.updatedAt(), "updated_at")
                        : required(notes.get(notes.size() - 1).createdAt(), "created_at");
        List<String> tags = new ArrayList<>(labels(mr.labels()));
        tags.add(project);
        tags.add("code-review");
        if (approvedAt != null) {
            tags.add("approved");
        }
        return new SourceItem(
                "gitlab:" + KIND_REVIEW + ":" + text(mr.projectId()) + ":" + text(mr.iid()),
                text(mr.webUrl()),
                TextCut.cut("Review: " + text(mr.title()), SourceItem.MAX_TITLE),
                TextCut.fit(head.toString(), body, comments.toString(), SourceItem.MAX_CONTENT),
                "code-review",
                tags,
                occurred);
    }

    /**
     * Whether a system note records an approval: +1 for "approved this merge request", -1 for "unapproved this merge
     * request" (GitLab's wording for withdrawing it), 0 for anything else.
     */
    public static int approvalNote(GitLabNote note) {
        String body = text(note.body()).strip().toLowerCase(Locale.ROOT);
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
     * @param project the project as last seen (live, or remembered when it now answers 404), or null when it was
     *     never visible
     */
    public static SourceItem commitDay(
            String projectId, GitLabProject project, LocalDate day, List<GitLabEvent> pushes) {
        List<GitLabEvent> ordered = new ArrayList<>(pushes);
        ordered.sort(Comparator.comparing(GitLabEvent::createdAt).thenComparing(GitLabEvent::id));
        String path = project == null || text(project.pathWithNamespace()).isEmpty()
                ? "project-" + projectId
                : project.pathWithNamespace();
        int commits = ordered.stream().mapToInt(e -> e.pushData().commitCount()).sum();
        List<String> refs = ordered.stream()
                .map(e -> text(e.pushData().ref()))
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
            GitLabEvent.PushData push = e.pushData();
            int count = push.commitCount();
            String title = TextCut.cut(firstLine(text(push.commitTitle())), MAX_LINE);
            titles.append(' ').append(title);
            content.append("\n- ")
                    .append(e.createdAt().toString(), 11, 16)
                    .append(' ')
                    .append(push.ref() == null ? "?" : push.ref())
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
        String url = project == null ? "" : text(project.webUrl());
        if (!url.isEmpty() && refs.size() == 1) {
            url = url + "/-/commits/" + refs.get(0);
        }
        List<String> tags = new ArrayList<>();
        tags.add(path);
        tags.add("commits");
        return new SourceItem(
                "gitlab:" + KIND_COMMITS + ":" + projectId + ":" + day,
                url.isEmpty() ? null : url,
                TextCut.cut("Commits to " + path + " on " + day + " (" + commits + ")", SourceItem.MAX_TITLE),
                TextCut.cut(content.toString(), SourceItem.MAX_CONTENT),
                category(List.of(), titles.toString(), "feature"),
                tags,
                ordered.get(ordered.size() - 1).createdAt());
    }

    private static String range(GitLabEvent.PushData push) {
        String from = text(push.commitFrom());
        String to = text(push.commitTo());
        if (to.isEmpty()) {
            return "";
        }
        return " (" + (from.isEmpty() ? "" : shortSha(from) + "..") + shortSha(to) + ")";
    }

    private static String shortSha(String sha) {
        return sha.length() > 8 ? sha.substring(0, 8) : sha;
    }

    /**
     * An issue the user closed (the stable id is the same as when issues came from the assignee listing). It names
     * no one: it exists only while the user is the one who closed it, and a renamed account must not rewrite it.
     */
    public static SourceItem issue(GitLabIssue issue) {
        List<String> labels = labels(issue.labels());
        String project = project(issue.references(), issue.webUrl(), "/-/issues", '#', issue.projectId());
        StringBuilder footer = new StringBuilder("\n\nIssue #")
                .append(text(issue.iid()))
                .append(" in ")
                .append(project);
        if (!labels.isEmpty()) {
            line(footer, "Labels", String.join(", ", labels));
        }
        List<String> tags = new ArrayList<>(labels);
        tags.add(project);
        tags.add("issue");
        return new SourceItem(
                "gitlab:" + KIND_ISSUE + ":" + text(issue.projectId()) + ":" + text(issue.iid()),
                text(issue.webUrl()),
                TextCut.cut(text(issue.title()), SourceItem.MAX_TITLE),
                TextCut.fit("", text(issue.description()), footer.toString(), SourceItem.MAX_CONTENT),
                category(labels, text(issue.title()), "feature"),
                tags,
                required(issue.closedAt() != null ? issue.closedAt() : issue.updatedAt(), "updated_at"));
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

    /**
     * The project path: from {@code references.full} ({@code group/project!12}), else from the web URL, else a
     * placeholder from the id.
     */
    private static String project(
            GitLabReferences references, String webUrl, String marker, char separator, String projectId) {
        String full = references == null ? "" : text(references.full());
        if (full.indexOf(separator) >= 0) {
            return full.substring(0, full.lastIndexOf(separator));
        }
        String url = text(webUrl);
        int cut = url.indexOf(marker);
        if (cut > 0) {
            String beforeMarker = url.substring(0, cut);
            int schemeEnd = beforeMarker.indexOf("://");
            int pathStart = beforeMarker.indexOf('/', schemeEnd + 3);
            if (pathStart > 0) {
                return beforeMarker.substring(pathStart + 1);
            }
        }
        return "project-" + text(projectId);
    }

    private static List<String> labels(List<GitLabLabel> labels) {
        return labels.stream().map(l -> text(l.name())).toList();
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

    private static String text(String value) {
        return value == null ? "" : value;
    }

    /** A timestamp the item cannot do without; GitLab always sends it, so its absence fails the run visibly. */
    private static Instant required(Instant value, String field) {
        if (value == null) {
            throw new SourceException(SourceException.Kind.REJECTED, 200, "GitLab item lacks " + field);
        }
        return value;
    }
}
