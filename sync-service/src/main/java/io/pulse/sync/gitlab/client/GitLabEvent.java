package io.pulse.sync.gitlab.client;

import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** An entry of a user's events feed ({@code /users/:id/events}): an approval, an issue close or a push. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GitLabEvent(
        long id, String projectId, String targetIid, String targetType, Instant createdAt, PushData pushData) {

    /** {@code project:iid} of the target MR, if this is a complete event about a merge request. */
    public Optional<String> mergeRequestKey() {
        // GitLab spells it MergeRequest; some versions and recorded fixtures use merge_request.
        return targetType != null && "MergeRequest".equalsIgnoreCase(targetType.replace("_", ""))
                ? targetKey()
                : Optional.empty();
    }

    /** {@code project:iid} of the target issue, if this is a complete event about an issue. */
    public Optional<String> issueKey() {
        return "Issue".equalsIgnoreCase(targetType) ? targetKey() : Optional.empty();
    }

    private Optional<String> targetKey() {
        return projectId == null || targetIid == null || createdAt == null
                ? Optional.empty()
                : Optional.of(projectId + ":" + targetIid);
    }

    /** What a push event carries. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PushData(
            int commitCount,
            String action,
            String refType,
            String ref,
            String commitFrom,
            String commitTo,
            String commitTitle) {}
}
