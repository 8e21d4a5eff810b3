package io.pulse.evidence.packet.repository;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What a packet is written from, read on the owner's connection: their insights (owned by insight-service, read
 * only here), their evidence and the goals' links.
 */
@ApplicationScoped
public class PacketSourceRepository {

    /** An insight the packet may turn into a bullet. */
    public record SourceInsight(
            UUID id, String type, String title, String content, List<UUID> evidenceIds, String generator) {}

    /** An evidence item of the period, for the evidence-only achievements. */
    public record SourceItem(UUID id, String title, String summary) {}

    // Validated insights first, then the most confident; rejected ones never.
    private static final String INSIGHTS_SQL = "select id, type, title, content, evidence_ids,"
            + " coalesce(ai_metadata ->> 'model_version', 'statistical') as generator"
            + " from insights where user_id = $1 and not is_rejected"
            + " and (period_start is null or period_start <= $3) and (period_end is null or period_end >= $2)"
            + " order by validated desc, confidence desc, created_at desc limit 200";

    private static final String IN_WINDOW_SQL = "select id from evidence"
            + " where user_id = $1 and id = any($2) and occurred_at >= $3 and occurred_at < $4";

    private static final String DELIVERED_SQL = "select id, title, summary from evidence"
            + " where user_id = $1 and occurred_at >= $2 and occurred_at < $3 and source in ('gitlab', 'jira')"
            + " order by occurred_at desc, id desc limit $4";

    public Uni<List<SourceInsight>> insights(SqlConnection conn, UUID ownerId, LocalDate start, LocalDate end) {
        return conn.preparedQuery(INSIGHTS_SQL)
                .execute(Tuple.of(ownerId, start, end))
                .map(rows -> {
                    List<SourceInsight> out = new ArrayList<>();
                    for (Row row : rows) {
                        out.add(new SourceInsight(
                                row.getUUID("id"),
                                row.getString("type"),
                                row.getString("title"),
                                row.getString("content"),
                                List.of(row.getArrayOfUUIDs("evidence_ids")),
                                row.getString("generator")));
                    }
                    return out;
                });
    }

    /** Of {@code ids}, those that are the owner's and happened in the window: the only citations a packet keeps. */
    public Uni<Set<UUID>> inWindow(SqlConnection conn, UUID ownerId, Set<UUID> ids, Instant from, Instant toExclusive) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        Tuple args = Tuple.of(
                ownerId, ids.toArray(UUID[]::new), from.atOffset(ZoneOffset.UTC), toExclusive.atOffset(ZoneOffset.UTC));
        return conn.preparedQuery(IN_WINDOW_SQL).execute(args).map(rows -> {
            Set<UUID> out = new HashSet<>();
            rows.forEach(row -> out.add(row.getUUID("id")));
            return out;
        });
    }

    /** The latest delivered work of the window (merge requests, commits, issues), newest first. */
    public Uni<List<SourceItem>> delivered(
            SqlConnection conn, UUID ownerId, Instant from, Instant toExclusive, int limit) {
        Tuple args = Tuple.of(ownerId, from.atOffset(ZoneOffset.UTC), toExclusive.atOffset(ZoneOffset.UTC), limit);
        return conn.preparedQuery(DELIVERED_SQL).execute(args).map(rows -> {
            List<SourceItem> out = new ArrayList<>();
            rows.forEach(row ->
                    out.add(new SourceItem(row.getUUID("id"), row.getString("title"), row.getString("summary"))));
            return out;
        });
    }
}
