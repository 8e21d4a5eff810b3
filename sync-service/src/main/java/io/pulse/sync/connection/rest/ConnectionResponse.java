package io.pulse.sync.connection.rest;

import java.time.Instant;
import java.util.UUID;

import io.pulse.sync.connection.service.ConnectionView;

/** A connection as the API shows it; the token is write-only and never appears. */
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
