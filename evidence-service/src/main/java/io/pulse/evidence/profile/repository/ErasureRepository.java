package io.pulse.evidence.profile.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** SQL of {@code erasure_requests}, and the deletion of an erased profile (whose foreign keys take everything else). */
@ApplicationScoped
public class ErasureRepository {

    /** A pending erasure. */
    public record Pending(UUID id, UUID userId, Instant requestedAt) {}

    private static final String REQUEST_SQL =
            "insert into erasure_requests (id, user_id) values ($1, $2) on conflict (user_id) do nothing";

    private static final String PENDING_SQL =
            "select id, user_id, requested_at from erasure_requests where user_id = $1";

    // Claims due requests and moves them a lease into the future, so another instance skips them meanwhile; a crash
    // lets the lease run out and the request is claimed again.
    private static final String CLAIM_SQL = "update erasure_requests set not_before = now() + make_interval(secs => $2)"
            + " where id in (select id from erasure_requests where not_before <= now() order by requested_at"
            + " limit $1 for update skip locked) returning id, user_id, requested_at";

    private static final String DELETE_PROFILE_SQL = "delete from profiles where id = $1";

    private static final String DONE_SQL = "delete from erasure_requests where id = $1";

    /** Records the caller's request (idempotent: asking again returns the pending request). */
    public Uni<Pending> request(SqlConnection conn, UUID userId) {
        return conn.preparedQuery(REQUEST_SQL)
                .execute(Tuple.of(UUID.randomUUID(), userId))
                .chain(() -> conn.preparedQuery(PENDING_SQL).execute(Tuple.of(userId)))
                .map(rows -> map(rows.iterator().next()));
    }

    public Uni<List<Pending>> claim(SqlClient client, int limit, long leaseSeconds) {
        return client.preparedQuery(CLAIM_SQL)
                .execute(Tuple.of(limit, (double) leaseSeconds))
                .map(rows -> {
                    List<Pending> out = new ArrayList<>();
                    rows.forEach(row -> out.add(map(row)));
                    return out;
                });
    }

    /** Deletes the profile; every table keyed by it follows through ON DELETE CASCADE (migrations V1-V15). */
    public Uni<Void> deleteProfile(SqlConnection conn, UUID userId) {
        return conn.preparedQuery(DELETE_PROFILE_SQL).execute(Tuple.of(userId)).replaceWithVoid();
    }

    public Uni<Void> done(SqlConnection conn, UUID requestId) {
        return conn.preparedQuery(DONE_SQL).execute(Tuple.of(requestId)).replaceWithVoid();
    }

    private static Pending map(Row row) {
        return new Pending(
                row.getUUID("id"),
                row.getUUID("user_id"),
                row.getOffsetDateTime("requested_at").toInstant());
    }
}
