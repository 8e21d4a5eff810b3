package io.pulse.sync.jira;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Plain text of an Atlassian Document Format tree (Jira Cloud v3 descriptions, comments, worklog comments). Blocks
 * end with a newline, list items get a dash, mentions/emoji/cards keep their visible text. Plain strings (Data
 * Center's wiki markup) pass through.
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
            case "date" -> out.append(node.path("attrs").path("timestamp").asText(""));
            case "status" -> out.append(node.path("attrs").path("text").asText(""));
            case "rule" -> out.append("\n---\n");
            case "listItem" -> {
                out.append("- ");
                children(node, out);
                if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                    out.append('\n');
                }
            }
            case "paragraph", "heading", "codeBlock", "blockquote", "panel", "tableRow" -> {
                children(node, out);
                out.append('\n');
            }
            case "tableCell", "tableHeader" -> {
                children(node, out);
                out.append(" | ");
            }
            default -> children(node, out);
        }
    }

    private static void children(JsonNode node, StringBuilder out) {
        for (JsonNode child : node.path("content")) {
            append(child, out);
        }
    }
}
