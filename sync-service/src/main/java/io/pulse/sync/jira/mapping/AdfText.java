package io.pulse.sync.jira.mapping;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Plain text of an Atlassian Document Format tree (Jira Cloud v3 descriptions, comments, worklog comments), as a person
 * would read it. Blocks end with a newline, list items get a dash, task items a checkbox ({@code [ ]} / {@code [x]}),
 * each table row is one {@code | a | b |} line, dates are ISO dates, mentions/emoji/cards keep their visible text.
 * Plain strings (Data Center's wiki markup) pass through.
 */
public final class AdfText {

    private AdfText() {}

    public static String render(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "";
        }
        if (node.isTextual()) {
            return node.asText();
        }
        StringBuilder out = new StringBuilder();
        append(node, out);
        return out.toString().replaceAll("\n{3,}", "\n\n").strip();
    }

    private static void append(JsonNode node, StringBuilder out) {
        String type = node.path("type").asText("");
        switch (type) {
            case "text" -> out.append(node.path("text").asText(""));
            case "hardBreak" -> out.append('\n');
            case "mention" -> out.append(node.path("attrs").path("text").asText(""));
            case "emoji" -> out.append(node.path("attrs").path("shortName").asText(""));
            case "inlineCard", "blockCard" ->
                out.append(node.path("attrs").path("url").asText(""));
            case "date" -> out.append(date(node.path("attrs").path("timestamp").asText("")));
            case "status" -> out.append(node.path("attrs").path("text").asText(""));
            case "rule" -> out.append("\n---\n");
            case "listItem" -> {
                out.append("- ");
                children(node, out);
                if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                    out.append('\n');
                }
            }
            case "taskItem" -> {
                out.append(
                        "DONE".equalsIgnoreCase(node.path("attrs").path("state").asText("")) ? "[x] " : "[ ] ");
                children(node, out);
                newline(out);
            }
            case "decisionItem" -> {
                out.append("- ");
                children(node, out);
                newline(out);
            }
            case "paragraph", "heading", "codeBlock", "blockquote", "panel" -> {
                children(node, out);
                out.append('\n');
            }
            case "tableRow" -> {
                newline(out);
                out.append('|');
                children(node, out);
                out.append('\n');
            }
            case "tableCell", "tableHeader" -> {
                // A cell holds paragraphs; on one row line they are separated by spaces.
                StringBuilder cell = new StringBuilder();
                children(node, cell);
                out.append(' ')
                        .append(cell.toString().strip().replaceAll("\\s*\n\\s*", " "))
                        .append(" |");
            }
            default -> children(node, out);
        }
    }

    /** An ADF date (epoch milliseconds, as text) as an ISO date in UTC, the zone ADF dates are stored in. */
    private static String date(String epochMillis) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(epochMillis.strip()))
                    .atOffset(ZoneOffset.UTC)
                    .toLocalDate()
                    .toString();
        } catch (NumberFormatException | DateTimeException e) {
            return epochMillis;
        }
    }

    private static void newline(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }

    private static void children(JsonNode node, StringBuilder out) {
        for (JsonNode child : node.path("content")) {
            append(child, out);
        }
    }
}
