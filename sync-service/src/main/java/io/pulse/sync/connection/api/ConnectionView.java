package io.pulse.sync.connection.api;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.pulse.sync.connection.Connection;

/** A connection as the API shows it; the token is write-only and never appears. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "Connection")
public record ConnectionView(
        UUID id,
        @Schema(enumeration = {"gitlab", "jira"}) String source,

        @Schema(enumeration = {"gitlab_pat", "jira_cloud_basic", "jira_dc_bearer"})
        String authType,

        String baseUrl,

        @Schema(nullable = true, description = "The account's user name at the source, when it has one")
        String login,

        @Schema(nullable = true) String accountId,
        @Schema(nullable = true) String accountName,
        boolean customCa,

        @Schema(nullable = true, description = "Minutes between scheduled syncs; null for on-demand only")
        Integer syncIntervalMinutes,

        Instant createdAt) {

    public static ConnectionView of(Connection c) {
        return new ConnectionView(
                c.id(),
                c.source(),
                c.authType(),
                c.baseUrl(),
                c.login(),
                c.accountId(),
                c.accountName(),
                c.caBundlePem() != null,
                c.syncIntervalMinutes(),
                c.createdAt());
    }
}
