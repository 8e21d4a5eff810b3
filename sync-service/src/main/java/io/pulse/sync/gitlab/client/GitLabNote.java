package io.pulse.sync.gitlab.client;

import java.time.Instant;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A note (comment) on a merge request; {@code system} notes record actions such as approvals. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GitLabNote(String body, boolean system, GitLabUser author, Instant createdAt, Position position) {

    public boolean writtenBy(String userId) {
        return author != null && userId.equals(author.id());
    }

    /** Where a diff comment sits. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Position(String newPath, String newLine) {}
}
