package io.pulse.sync.gitlab.client;

import java.time.Instant;
import java.time.LocalDate;

import io.pulse.sync.http.SourceUri;

/** The GitLab REST v4 requests ingestion makes, built with encoded segments and parameters. */
public final class GitLabApi {

    private GitLabApi() {}

    public static SourceUri currentUser() {
        return SourceUri.path("api", "v4", "user");
    }

    /**
     * A feed of the user's events, oldest first. {@code after} is an exclusive date in the server's time zone; null
     * for no lower bound.
     */
    public static SourceUri events(String userId, String action, String targetType, LocalDate after, int pageSize) {
        return SourceUri.path("api", "v4", "users", userId, "events")
                .query("action", action)
                .query("target_type", targetType)
                .query("sort", "asc")
                .query("per_page", pageSize)
                .query("after", after);
    }

    /** Merged MRs the user authored, updated since the window start (null: all), oldest first. */
    public static SourceUri mergedAuthoredBy(String userId, Instant updatedAfter, int pageSize) {
        return mergeRequests(updatedAfter, pageSize).query("state", "merged").query("author_id", userId);
    }

    /** MRs the user is a reviewer of, updated since the window start (null: all), oldest first. */
    public static SourceUri reviewedBy(String userId, Instant updatedAfter, int pageSize) {
        return mergeRequests(updatedAfter, pageSize).query("reviewer_id", userId);
    }

    /**
     * Ordered by creation, which never changes: ordered by update, an MR commented on while the listing is read moves
     * to the end and the offset pages after it shift by one, hiding an MR. Offset pages can still shift when an MR is
     * deleted mid-listing; the run re-fetches every stored item it did not see before deciding it is gone.
     */
    private static SourceUri mergeRequests(Instant updatedAfter, int pageSize) {
        return SourceUri.path("api", "v4", "merge_requests")
                .query("scope", "all")
                .query("updated_after", updatedAfter)
                .query("order_by", "created_at")
                .query("sort", "asc")
                .query("per_page", pageSize);
    }

    public static SourceUri mergeRequest(String projectId, String iid) {
        return SourceUri.path("api", "v4", "projects", projectId, "merge_requests", iid);
    }

    public static SourceUri commits(String projectId, String iid, int pageSize) {
        return SourceUri.path("api", "v4", "projects", projectId, "merge_requests", iid, "commits")
                .query("per_page", pageSize);
    }

    /** All notes of an MR, oldest first (the API's maximum page size keeps the request count down). */
    public static SourceUri notes(String projectId, String iid) {
        return SourceUri.path("api", "v4", "projects", projectId, "merge_requests", iid, "notes")
                .query("sort", "asc")
                .query("order_by", "created_at")
                .query("per_page", 100);
    }

    public static SourceUri issue(String projectId, String iid) {
        return SourceUri.path("api", "v4", "projects", projectId, "issues", iid);
    }

    public static SourceUri project(String projectId) {
        return SourceUri.path("api", "v4", "projects", projectId);
    }
}
