package io.pulse.sync.gitlab.client;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The fields of an issue that ingestion reads. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GitLabIssue(
        String iid,
        String projectId,
        String title,
        String description,
        String state,
        String webUrl,
        List<GitLabLabel> labels,
        GitLabReferences references,
        GitLabUser closedBy,
        Instant closedAt,
        Instant updatedAt) {

    public GitLabIssue {
        labels = labels == null ? List.of() : labels;
    }
}
