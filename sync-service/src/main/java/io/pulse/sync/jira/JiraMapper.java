package io.pulse.sync.jira;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import io.pulse.sync.http.SourceException;
import io.pulse.sync.ingest.EvidenceItem;

/** Jira issues, the user's comments and the user's worklogs to evidence items. */
public final class JiraMapper {

    /** Kind of resolved issues assigned to the user. */
    public static final String KIND_ISSUE = "issue";
    /** Kind of the user's comments on one issue, grouped. */
    public static final String KIND_COMMENTS = "comments";
    /** Kind of the user's worklogs on one issue, grouped. */
    public static final String KIND_WORKLOG = "worklog";

    private static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private JiraMapper() {}

    /** A resolved issue. */
    public static EvidenceItem issue(String baseUrl, JsonNode issue) {
        JsonNode f = issue.path("fields");
        StringBuilder content = new StringBuilder(AdfText.render(f.get("description")));
        content.append("\n\n").append(issue.path("key").asText()).append(" in ").append(projectName(f));
        line(content, "Type", f.path("issuetype").path("name").asText(""));
        line(content, "Status", f.path("status").path("name").asText(""));
        line(content, "Priority", f.path("priority").path("name").asText(""));
        line(content, "Resolution", f.path("resolution").path("name").asText(""));
        List<String> components = names(f.path("components"));
        if (!components.isEmpty()) {
            line(content, "Components", String.join(", ", components));
        }
        List<String> labels = strings(f.path("labels"));
        if (!labels.isEmpty()) {
            line(content, "Labels", String.join(", ", labels));
        }
        return new EvidenceItem(
                "jira:" + KIND_ISSUE + ":" + issue.path("id").asText(),
                browse(baseUrl, issue),
                issue.path("key").asText() + ": " + f.path("summary").asText(""),
                content.toString(),
                category(f),
                tags(f, labels, components),
                f.hasNonNull("resolutiondate") ? time(f.get("resolutiondate")) : time(f.get("updated")));
    }

    /** The user's comments on an issue, oldest first; occurred = their latest comment. */
    public static EvidenceItem comments(String baseUrl, JsonNode issue, List<JsonNode> myComments) {
        JsonNode f = issue.path("fields");
        List<JsonNode> sorted = new ArrayList<>(myComments);
        sorted.sort(Comparator.comparing(c -> time(c.get("created"))));
        StringBuilder content = new StringBuilder("Comments on ")
                .append(issue.path("key").asText())
                .append(" (")
                .append(f.path("summary").asText(""))
                .append("):");
        for (JsonNode c : sorted) {
            content.append("\n\n[").append(time(c.get("created"))).append("] ").append(AdfText.render(c.get("body")));
        }
        return new EvidenceItem(
                "jira:" + KIND_COMMENTS + ":" + issue.path("id").asText(),
                browse(baseUrl, issue),
                "Comments on " + issue.path("key").asText() + ": "
                        + f.path("summary").asText(""),
                content.toString(),
                "collaboration",
                tags(f, strings(f.path("labels")), names(f.path("components"))),
                time(sorted.get(sorted.size() - 1).get("created")));
    }

    /** The user's worklogs on an issue; occurred = the latest start of their logged work. */
    public static EvidenceItem worklogs(String baseUrl, JsonNode issue, List<JsonNode> myWorklogs) {
        JsonNode f = issue.path("fields");
        List<JsonNode> sorted = new ArrayList<>(myWorklogs);
        sorted.sort(Comparator.comparing(w -> time(w.get("started"))));
        long seconds = sorted.stream()
                .mapToLong(w -> w.path("timeSpentSeconds").asLong(0))
                .sum();
        StringBuilder content = new StringBuilder("Work logged on ")
                .append(issue.path("key").asText())
                .append(" (")
                .append(f.path("summary").asText(""))
                .append("): ")
                .append(duration(seconds))
                .append(" in ")
                .append(sorted.size())
                .append(sorted.size() == 1 ? " entry" : " entries");
        for (JsonNode w : sorted) {
            content.append("\n- ")
                    .append(time(w.get("started")))
                    .append(' ')
                    .append(w.path("timeSpent")
                            .asText(duration(w.path("timeSpentSeconds").asLong(0))));
            String comment = AdfText.render(w.get("comment"));
            if (!comment.isEmpty()) {
                content.append(": ").append(comment);
            }
        }
        return new EvidenceItem(
                "jira:" + KIND_WORKLOG + ":" + issue.path("id").asText(),
                browse(baseUrl, issue),
                "Logged " + duration(seconds) + " on " + issue.path("key").asText() + ": "
                        + f.path("summary").asText(""),
                content.toString(),
                category(f),
                tags(f, strings(f.path("labels")), names(f.path("components"))),
                time(sorted.get(sorted.size() - 1).get("started")));
    }

    /** Whether a Jira user object is the connection's account (accountId on Cloud; key or name on Data Center). */
    public static boolean isAccount(JsonNode user, String accountId) {
        return accountId.equals(user.path("accountId").asText(null))
                || accountId.equals(user.path("key").asText(null))
                || accountId.equals(user.path("name").asText(null));
    }

    static String category(JsonNode fields) {
        String type = fields.path("issuetype").path("name").asText("").toLowerCase(Locale.ROOT);
        String labels = String.join(" ", strings(fields.path("labels"))).toLowerCase(Locale.ROOT);
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

    private static List<String> tags(JsonNode f, List<String> labels, List<String> components) {
        List<String> tags = new ArrayList<>(labels);
        tags.addAll(components);
        tags.add(f.path("project").path("key").asText(""));
        tags.add(f.path("issuetype").path("name").asText("").toLowerCase(Locale.ROOT));
        return tags;
    }

    private static String projectName(JsonNode f) {
        return f.path("project")
                .path("name")
                .asText(f.path("project").path("key").asText(""));
    }

    private static String browse(String baseUrl, JsonNode issue) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + "/browse/" + issue.path("key").asText();
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.path("name").asText("")));
        return names;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asText()));
        return values;
    }

    private static void line(StringBuilder content, String name, String value) {
        if (!value.isBlank()) {
            content.append('\n').append(name).append(": ").append(value);
        }
    }

    static String duration(long seconds) {
        long hours = seconds / 3600;
        long minutes = (seconds % 3600) / 60;
        if (hours > 0 && minutes > 0) {
            return hours + "h " + minutes + "m";
        }
        return hours > 0 ? hours + "h" : minutes + "m";
    }

    static Instant time(JsonNode value) {
        if (value == null || value.isNull()) {
            throw new SourceException(SourceException.Kind.REJECTED, 200, "Jira item lacks a timestamp");
        }
        String text = value.asText();
        try {
            return OffsetDateTime.parse(text, JIRA_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                throw new SourceException(SourceException.Kind.REJECTED, 200, "Jira sent an unreadable timestamp");
            }
        }
    }
}
