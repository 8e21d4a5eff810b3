package io.pulse.sync.job.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads the user's synced evidence for a run (service role). Evidence is written only through
 * {@link io.pulse.common.evidence.EvidenceWriter}; this repository never writes it.
 */
@ApplicationScoped
public class SyncedEvidenceRepository {

    private static final String UNLISTED_SQL = "select source_id from evidence where user_id = $1 and source = $2"
            + " and exists (select 1 from unnest($3::text[]) p where starts_with(source_id, p))"
            + " and ($4::timestamptz is null or occurred_at >= $4) and not (source_id = any($5))"
            + " order by source_id";

    /**
     * The source ids of the user's items of the given kinds ({@code source_id} prefixes) that occurred at or after
     * the window start and are not among {@code accounted}.
     */
    public Uni<List<String>> unlisted(
            SqlClient client,
            UUID userId,
            String source,
            List<String> prefixes,
            Instant windowStart,
            List<String> accounted) {
        Tuple args = Tuple.tuple()
                .addUUID(userId)
                .addString(source)
                .addArrayOfString(prefixes.toArray(String[]::new))
                .addOffsetDateTime(windowStart == null ? null : windowStart.atOffset(ZoneOffset.UTC))
                .addArrayOfString(accounted.toArray(String[]::new));
        return client.preparedQuery(UNLISTED_SQL).execute(args).map(rows -> {
            List<String> ids = new ArrayList<>();
            for (Row r : rows) {
                ids.add(r.getString("source_id"));
            }
            return ids;
        });
    }
}
