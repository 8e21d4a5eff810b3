package io.pulse.sync.gitlab.client;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The fields of a merge request that ingestion reads. Ids are kept as text: they only ever become parts of stable
 * source ids and paths. {@code changesCount} is text at GitLab too ({@code "1000+"}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GitLabMergeRequest(
        String iid,
        String projectId,
        String title,
        String description,
        String state,
        String webUrl,
        String sourceBranch,
        String targetBranch,
        String changesCount,
        String userNotesCount,
        List<GitLabLabel> labels,
        GitLabReferences references,
        GitLabUser author,
        List<GitLabUser> reviewers,
        String sha,
        String mergeCommitSha,
        String squashCommitSha,
        Instant mergedAt,
        Instant createdAt,
        Instant updatedAt) {

    public GitLabMergeRequest {
        labels = labels == null ? List.of() : labels;
    }

    /** {@code project:iid}, the key approvals and reviews are matched by. */
    public String key() {
        return projectId + ":" + iid;
    }

    public boolean authoredBy(String userId) {
        return author != null && userId.equals(author.id());
    }

    /** Whether the user is among the reviewers; true when the payload does not say (older servers). */
    public boolean mayBeReviewedBy(String userId) {
        return reviewers == null || reviewers.stream().anyMatch(r -> r != null && userId.equals(r.id()));
    }

    /** Whether the MR is merged. */
    public boolean merged() {
        return "merged".equals(state) || (state == null && mergedAt != null);
    }

    /** The SHAs that identify the MR's merged work: its head, merge and squash commits, where GitLab gives them. */
    public List<String> commitShas() {
        return java.util.stream.Stream.of(sha, mergeCommitSha, squashCommitSha)
                .filter(s -> s != null && !s.isEmpty())
                .toList();
    }
}
