package io.pulse.sync.jira.mapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

class AdfTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rendersBlocksListsMentionsAndBreaks() throws IOException {
        JsonNode doc = JSON.readTree("""
                {"type":"doc","version":1,"content":[
                  {"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Plan"}]},
                  {"type":"paragraph","content":[{"type":"text","text":"Ask "},
                    {"type":"mention","attrs":{"id":"123","text":"@Mia"}},{"type":"text","text":" first"},
                    {"type":"hardBreak"},{"type":"text","text":"then ship "},{"type":"emoji","attrs":{"shortName":":rocket:"}}]},
                  {"type":"orderedList","content":[
                    {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"one"}]}]},
                    {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"two"}]}]}]},
                  {"type":"codeBlock","content":[{"type":"text","text":"mvn verify"}]},
                  {"type":"paragraph","content":[{"type":"inlineCard","attrs":{"url":"https://example.com/x"}}]}
                ]}""");
        assertThat(AdfText.render(doc))
                .isEqualTo("Plan\nAsk @Mia first\nthen ship :rocket:\n- one\n- two\nmvn verify\nhttps://example.com/x");
    }

    /** Issue 10, defect 6: dates, task lists and tables as a person reads them. */
    @Test
    void rendersDatesTaskListsAndTablesReadably() throws IOException {
        JsonNode doc = JSON.readTree("""
                {"type":"doc","version":1,"content":[
                  {"type":"paragraph","content":[{"type":"text","text":"Due "},
                    {"type":"date","attrs":{"timestamp":"1709251200000"}}]},
                  {"type":"taskList","attrs":{"localId":"t"},"content":[
                    {"type":"taskItem","attrs":{"localId":"1","state":"DONE"},"content":[{"type":"text","text":"write the runbook"}]},
                    {"type":"taskItem","attrs":{"localId":"2","state":"TODO"},"content":[{"type":"text","text":"rotate keys"}]}]},
                  {"type":"paragraph","content":[{"type":"text","text":"Results:"}]},
                  {"type":"table","content":[
                    {"type":"tableRow","content":[
                      {"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"Region"}]}]},
                      {"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"p99"}]}]}]},
                    {"type":"tableRow","content":[
                      {"type":"tableCell","content":[{"type":"paragraph","content":[{"type":"text","text":"eu-west"}]},
                        {"type":"paragraph","content":[{"type":"text","text":"(primary)"}]}]},
                      {"type":"tableCell","content":[{"type":"paragraph","content":[{"type":"text","text":"120 ms"}]}]}]}]},
                  {"type":"paragraph","content":[{"type":"text","text":"Done."}]}
                ]}""");
        assertThat(AdfText.render(doc))
                .isEqualTo("Due 2024-03-01\n[x] write the runbook\n[ ] rotate keys\nResults:\n| Region | p99 |\n"
                        + "| eu-west (primary) | 120 ms |\nDone.");
    }

    @Test
    void passesWikiMarkupStringsThroughAndToleratesNull() throws IOException {
        assertThat(AdfText.render(JSON.readTree("\"h2. Problem\\n*bold*\""))).isEqualTo("h2. Problem\n*bold*");
        assertThat(AdfText.render(null)).isEmpty();
        assertThat(AdfText.render(JSON.nullNode())).isEmpty();
    }

    /** The Atlassian-authored comment example from the shared fixtures, when present. */
    @Test
    void rendersTheAtlassianSpecCommentExample() throws IOException {
        Path example =
                Path.of("../../shared/fixtures/payloads/jira/atlassian-spec-examples/issue_comments_GET_200.json");
        Assumptions.assumeTrue(Files.exists(example), "shared fixtures not present");
        JsonNode body = JSON.readTree(example.toFile()).path("comments").get(0).path("body");
        String text = AdfText.render(body);
        assertThat(text).startsWith("Lorem ipsum dolor sit amet").doesNotContain("\"type\"");
    }
}
