package io.pulse.sync.connection;

import java.time.Instant;
import java.util.UUID;

/** A stored source connection (row of {@code source_connections}); the token stays sealed. */
public record Connection(
        UUID id,
        UUID userId,
        String source,
        String authType,
        String baseUrl,
        String login,
        String accountId,
        String accountName,
        SealedToken token,
        String caBundlePem,
        Integer syncIntervalMinutes,
        Instant createdAt) {

    public static final String GITLAB = "gitlab";
    public static final String JIRA = "jira";
    public static final String GITLAB_PAT = "gitlab_pat";
    public static final String JIRA_CLOUD_BASIC = "jira_cloud_basic";
    public static final String JIRA_DC_BEARER = "jira_dc_bearer";

    @Override
    public String toString() {
        return "Connection[" + id + ", " + source + ", " + baseUrl + "]";
    }
}
