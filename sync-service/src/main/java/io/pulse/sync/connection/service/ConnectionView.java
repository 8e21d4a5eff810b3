package io.pulse.sync.connection.service;

import java.time.Instant;
import java.util.UUID;

import io.pulse.sync.connection.Connection;

/** What the API shows of a connection: never the token. */
public record ConnectionView(
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

    static ConnectionView of(Connection c) {
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
