package io.pulse.evidence.mcp.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.evidence.mcp.api.PeriodSummary.Tally;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The reads of {@code evidence} behind the MCP tools' citations and period summaries. Every query runs on a
 * connection bound to the caller ({@link io.pulse.common.db.RlsSession}) and also filters by owner.
 */
@ApplicationScoped
public class EvidenceDigestRepository {

    private static final String CITED_SQL =
            "select id, title, source, source_url, occurred_at from evidence" + " where user_id = $1 and id = any($2)";

    private static final String PERIOD = " from evidence where user_id = $1 and occurred_at >= $2 and occurred_at < $3";

    private static final String TOTAL_SQL = "select count(*) as n" + PERIOD;

    private static final String BY_SOURCE_SQL =
            "select source as name, count(*) as n" + PERIOD + " group by source order by n desc, name";

    private static final String BY_CATEGORY_SQL =
            "select category as name, count(*) as n" + PERIOD + " group by category order by n desc, name limit $4";

    // Enrichment writes the suggestions as a JSON array; anything else counts as none.
    private static final String BY_SUGGESTED_SQL = "select c.name, count(*) as n"
            + " from evidence e cross join lateral jsonb_array_elements_text(case when"
            + " jsonb_typeof(e.ai_metadata -> 'categories_suggested') = 'array'"
            + " then e.ai_metadata -> 'categories_suggested' else '[]'::jsonb end) as c(name)"
            + " where e.user_id = $1 and e.occurred_at >= $2 and e.occurred_at < $3"
            + " group by c.name order by n desc, c.name limit $4";

    /** The caller's items among {@code ids}; ids of other users' or deleted items are simply absent. */
    public Uni<List<CitedItem>> cited(SqlConnection conn, UUID userId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return conn.preparedQuery(CITED_SQL)
                .execute(Tuple.of(userId, ids.toArray(UUID[]::new)))
                .map(rows -> {
                    List<CitedItem> items = new ArrayList<>();
                    for (Row row : rows) {
                        items.add(new CitedItem(
                                row.getUUID("id"),
                                row.getString("title"),
                                row.getString("source"),
                                row.getString("source_url"),
                                row.getOffsetDateTime("occurred_at").toInstant()));
                    }
                    return items;
                });
    }

    /** Items whose work happened in [from, until). */
    public Uni<Long> total(SqlConnection conn, UUID userId, Instant from, Instant until) {
        return conn.preparedQuery(TOTAL_SQL)
                .execute(Tuple.of(userId, utc(from), utc(until)))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    /** Items per source in [from, until), largest first. */
    public Uni<List<Tally>> bySource(SqlConnection conn, UUID userId, Instant from, Instant until) {
        return conn.preparedQuery(BY_SOURCE_SQL)
                .execute(Tuple.of(userId, utc(from), utc(until)))
                .map(EvidenceDigestRepository::tallies);
    }

    /** Items per own category in [from, until), the {@code max} largest. */
    public Uni<List<Tally>> byCategory(SqlConnection conn, UUID userId, Instant from, Instant until, int max) {
        return conn.preparedQuery(BY_CATEGORY_SQL)
                .execute(Tuple.of(userId, utc(from), utc(until), max))
                .map(EvidenceDigestRepository::tallies);
    }

    /** Items per category suggested by enrichment in [from, until), the {@code max} largest. */
    public Uni<List<Tally>> bySuggestedCategory(SqlConnection conn, UUID userId, Instant from, Instant until, int max) {
        return conn.preparedQuery(BY_SUGGESTED_SQL)
                .execute(Tuple.of(userId, utc(from), utc(until), max))
                .map(EvidenceDigestRepository::tallies);
    }

    private static List<Tally> tallies(RowSet<Row> rows) {
        List<Tally> tallies = new ArrayList<>();
        for (Row row : rows) {
            tallies.add(new Tally(row.getString("name"), row.getLong("n")));
        }
        return tallies;
    }

    private static java.time.OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
