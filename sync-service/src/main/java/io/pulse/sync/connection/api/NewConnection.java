package io.pulse.sync.connection.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code POST /api/v1/connections}.
 *
 * @param source {@code gitlab} or {@code jira}
 * @param authType {@code jira_cloud_basic} (e-mail + API token) or {@code jira_dc_bearer} (Data Center personal
 *     access token); optional for GitLab ({@code gitlab_pat})
 * @param baseUrl e.g. {@code https://gitlab.com}, {@code https://git.example.com/gitlab},
 *     {@code https://acme.atlassian.net}
 * @param email the Atlassian account e-mail (Jira Cloud only)
 * @param token personal access token or API token; write-only
 * @param caBundlePem PEM CA certificates to trust instead of the default trust store (self-managed servers)
 * @param syncIntervalMinutes run a sync this often (15..10080), or null for on-demand only
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "NewConnection")
public record NewConnection(
        @Schema(
                required = true,
                enumeration = {"gitlab", "jira"})
        String source,

        @Schema(
                nullable = true,
                enumeration = {"gitlab_pat", "jira_cloud_basic", "jira_dc_bearer"})
        String authType,

        @Schema(required = true) String baseUrl,

        @Schema(nullable = true, description = "Atlassian account e-mail (Jira Cloud only)")
        String email,

        @Schema(required = true, writeOnly = true) String token,
        @Schema(nullable = true) String caBundlePem,

        @Schema(nullable = true, minimum = "15", maximum = "10080")
        Integer syncIntervalMinutes) {

    @Override
    public String toString() {
        return "NewConnection[" + source + ", " + baseUrl + "]";
    }
}
