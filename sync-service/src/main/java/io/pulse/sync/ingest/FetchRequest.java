package io.pulse.sync.ingest;

import java.time.Instant;

import io.pulse.sync.connection.Connection;

/**
 * What a fetcher needs for one run.
 *
 * @param token the decrypted credential; never logged
 * @param windowStart lower bound on the source's "updated" time of the listed objects, or null for everything
 */
public record FetchRequest(Connection connection, String token, Instant windowStart) {

    @Override
    public String toString() {
        return "FetchRequest[" + connection.source() + ", since " + windowStart + "]";
    }
}
