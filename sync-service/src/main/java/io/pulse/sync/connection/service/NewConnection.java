package io.pulse.sync.connection.service;

/**
 * A connection to create, as the caller gave it.
 *
 * @param authType required for Jira ({@code jira_cloud_basic} or {@code jira_dc_bearer}); GitLab is always a PAT
 * @param email the Atlassian account e-mail, for Jira Cloud basic auth only
 */
public record NewConnection(
        String source,
        String authType,
        String baseUrl,
        String email,
        String token,
        String caBundlePem,
        Integer syncIntervalMinutes) {

    @Override
    public String toString() {
        return "NewConnection[" + source + ", " + baseUrl + "]";
    }
}
