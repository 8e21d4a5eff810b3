package io.pulse.sync.ingest;

import java.time.Instant;

import io.pulse.sync.connection.Connection;
import io.pulse.sync.http.RunBudget;

/**
 * What a fetcher needs for one run.
 *
 * @param token the decrypted credential; never logged
 * @param windowStart lower bound on the source's "updated" time of the listed objects, or null for everything
 * @param budget the run's time budget; every request of the run is cut to it and records its progress
 */
public record FetchRequest(Connection connection, String token, Instant windowStart, RunBudget budget) {

    @Override
    public String toString() {
        return "FetchRequest[" + connection.source() + ", since " + windowStart + "]";
    }
}
