package io.pulse.sync.jira.client;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** An issue from a search, with the fields ingestion asks for ({@link JiraClient#SEARCH_FIELDS}). */
public record JiraIssue(String id, String key, Fields fields) {

    public JiraIssue {
        fields = fields == null ? Fields.EMPTY : fields;
    }

    /**
     * The issue's fields. {@code description} stays a tree: Atlassian Document Format on Cloud, wiki text on Data
     * Center. {@code comment} and {@code worklog} vary in shape (wrapped or bare lists); {@link JiraClient#embedded}
     * reads them.
     */
    public record Fields(
            String summary,
            JsonNode description,
            JiraNamed status,
            JiraNamed priority,
            JiraNamed resolution,
            JiraNamed issuetype,
            List<JiraNamed> components,
            List<String> labels,
            JiraUser assignee,
            JiraProject project,
            Instant resolutiondate,
            Instant updated,
            JsonNode comment,
            JsonNode worklog) {

        static final Fields EMPTY =
                new Fields(null, null, null, null, null, null, null, null, null, null, null, null, null, null);

        public Fields {
            components = components == null ? List.of() : components;
            labels = labels == null ? List.of() : labels;
        }
    }
}
