package io.pulse.sync.connection.rest;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.pulse.sync.connection.service.ConnectionView;

/** A connection as the API shows it; the token is write-only and never appears. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ConnectionResponse(
        UUID id,
        String source,
        String authType,
        String baseUrl,
        String login,
        String accountId,
        String accountName,
        boolean customCa,
        Integer syncIntervalMinutes,
        Instant createdAt) {

    static ConnectionResponse of(ConnectionView v) {
        return new ConnectionResponse(
                v.id(),
                v.source(),
                v.authType(),
                v.baseUrl(),
                v.login(),
                v.accountId(),
                v.accountName(),
                v.customCa(),
                v.syncIntervalMinutes(),
                v.createdAt());
    }
}
