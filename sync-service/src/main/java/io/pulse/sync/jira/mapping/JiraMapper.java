package io.pulse.sync.jira.mapping;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.pulse.common.evidence.SourceItem;
import io.pulse.sync.http.SourceException;
import io.pulse.sync.ingest.TextCut;
import io.pulse.sync.jira.client.JiraComment;
import io.pulse.sync.jira.client.JiraIssue;
import io.pulse.sync.jira.client.JiraNamed;
import io.pulse.sync.jira.client.JiraWorklog;

/** Jira issues, the user's comments and the user's worklogs to evidence items. */
public final class JiraMapper {

    /** Kind of resolved issues assigned to the user. */
    public static final String KIND_ISSUE = "issue";
    /** Kind of the user's comments on one issue, grouped. */
    public static final String KIND_COMMENTS = "comments";
    /** Kind of the user's worklogs on one issue, grouped. */
    public static final String KIND_WORKLOG = "worklog";

    private JiraMapper() {}

    /** {@code jira:<kind>:<issue id>}: keyed by the issue's id, which survives a move to another project. */
    public static String sourceId(String kind, JiraIssue issue) {
        return "jira:" + kind + ":" + text(issue.id());
    }

    /** A resolved issue. */
    public static SourceItem issue(String baseUrl, JiraIssue issue) {
        JiraIssue.Fields f = issue.fields();
        StringBuilder content = new StringBuilder();
        content.append("\n\n").append(text(issue.key())).append(" in ").append(projectName(f));
        line(content, "Type", name(f.issuetype()));
        line(content, "Status", name(f.status()));
        line(content, "Priority", name(f.priority()));
        line(content, "Resolution", name(f.resolution()));
        List<String> components = names(f.components());
        if (!components.isEmpty()) {
            line(content, "Components", String.join(", ", components));
        }
        if (!f.labels().isEmpty()) {
            line(content, "Labels", String.join(", ", f.labels()));
        }
        return new SourceItem(
                sourceId(KIND_ISSUE, issue),
                browse(baseUrl, issue),
                TextCut.cut(text(issue.key()) + ": " + text(f.summary()), SourceItem.MAX_TITLE),
                TextCut.fit("", AdfText.render(f.description()), content.toString(), SourceItem.MAX_CONTENT),
                category(f),
                tags(f),
                required(f.resolutiondate() != null ? f.resolutiondate() : f.updated()));
    }

    /** The user's comments on an issue, oldest first; occurred = their latest comment. */
    public static SourceItem comments(String baseUrl, JiraIssue issue, List<JiraComment> myComments) {
        JiraIssue.Fields f = issue.fields();
        List<JiraComment> sorted = new ArrayList<>(myComments);
        sorted.sort(Comparator.comparing(c -> required(c.created())));
        String head = "Comments on " + text(issue.key()) + " (" + text(f.summary()) + "):";
        StringBuilder content = new StringBuilder();
        for (JiraComment c : sorted) {
            content.append("\n\n[").append(required(c.created())).append("] ").append(AdfText.render(c.body()));
        }
        return new SourceItem(
                sourceId(KIND_COMMENTS, issue),
                browse(baseUrl, issue),
                TextCut.cut("Comments on " + text(issue.key()) + ": " + text(f.summary()), SourceItem.MAX_TITLE),
                TextCut.fit(head, content.toString(), "", SourceItem.MAX_CONTENT),
                "collaboration",
                tags(f),
                required(sorted.get(sorted.size() - 1).created()));
    }

    /** The user's worklogs on an issue; occurred = the latest start of their logged work. */
    public static SourceItem worklogs(String baseUrl, JiraIssue issue, List<JiraWorklog> myWorklogs) {
        JiraIssue.Fields f = issue.fields();
        List<JiraWorklog> sorted = new ArrayList<>(myWorklogs);
        sorted.sort(Comparator.comparing(w -> required(w.started())));
        long seconds = sorted.stream().mapToLong(JiraWorklog::timeSpentSeconds).sum();
        String head = "Work logged on " + text(issue.key()) + " (" + text(f.summary()) + "): " + duration(seconds)
                + " in " + sorted.size() + (sorted.size() == 1 ? " entry" : " entries");
        StringBuilder content = new StringBuilder();
        for (JiraWorklog w : sorted) {
            content.append("\n- ")
                    .append(required(w.started()))
                    .append(' ')
                    .append(w.timeSpent() != null ? w.timeSpent() : duration(w.timeSpentSeconds()));
            String comment = AdfText.render(w.comment());
            if (!comment.isEmpty()) {
                content.append(": ").append(comment);
            }
        }
        return new SourceItem(
                sourceId(KIND_WORKLOG, issue),
                browse(baseUrl, issue),
                TextCut.cut(
                        "Logged " + duration(seconds) + " on " + text(issue.key()) + ": " + text(f.summary()),
                        SourceItem.MAX_TITLE),
                TextCut.fit(head, content.toString(), "", SourceItem.MAX_CONTENT),
                category(f),
                tags(f),
                required(sorted.get(sorted.size() - 1).started()));
    }

    static String category(JiraIssue.Fields fields) {
        String type = name(fields.issuetype()).toLowerCase(Locale.ROOT);
        String labels = String.join(" ", fields.labels()).toLowerCase(Locale.ROOT);
        if (type.contains("incident") || labels.matches("(?s).*\\b(incident|outage|postmortem)\\b.*")) {
            return "incident";
        }
        if (type.contains("bug") || type.contains("defect")) {
            return "bugfix";
        }
        if (labels.matches("(?s).*\\b(docs?|documentation)\\b.*")) {
            return "documentation";
        }
        if (type.equals("epic") || type.contains("initiative") || type.contains("spike")) {
            return "planning";
        }
        return "feature";
    }

    private static List<String> tags(JiraIssue.Fields f) {
        List<String> tags = new ArrayList<>(f.labels());
        tags.addAll(names(f.components()));
        tags.add(f.project() == null ? "" : text(f.project().key()));
        tags.add(name(f.issuetype()).toLowerCase(Locale.ROOT));
        return tags;
    }

    private static String projectName(JiraIssue.Fields f) {
        if (f.project() == null) {
            return "";
        }
        return f.project().name() != null
                ? f.project().name()
                : text(f.project().key());
    }

    private static String browse(String baseUrl, JiraIssue issue) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + "/browse/" + text(issue.key());
    }

    private static List<String> names(List<JiraNamed> values) {
        return values.stream().map(JiraMapper::name).toList();
    }

    private static String name(JiraNamed value) {
        return value == null ? "" : text(value.name());
    }

    private static void line(StringBuilder content, String name, String value) {
        if (!value.isBlank()) {
            content.append('\n').append(name).append(": ").append(value);
        }
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    static String duration(long seconds) {
        long hours = seconds / 3600;
        long minutes = (seconds % 3600) / 60;
        if (hours > 0 && minutes > 0) {
            return hours + "h " + minutes + "m";
        }
        return hours > 0 ? hours + "h" : minutes + "m";
    }

    /** Jira always sends these timestamps; a missing one fails the run visibly rather than storing a guess. */
    private static Instant required(Instant value) {
        if (value == null) {
            throw new SourceException(SourceException.Kind.REJECTED, 200, "Jira item lacks a timestamp");
        }
        return value;
    }
}
