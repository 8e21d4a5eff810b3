package io.pulse.evidence.packet.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.evidence.review.api.Citation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * SQL of {@code review_packets}, {@code packet_bullets} and {@code packet_citations}. Every query names the packet's
 * owner; row-level security decides whether the bound user (the owner, or a manager the packet is shared with) sees
 * the rows at all.
 */
@ApplicationScoped
public class PacketRepository {

    private static final String COLUMNS = "id, user_id, period_id, generator, generated_at, updated_at";

    private static final String UPSERT_SQL = "insert into review_packets (id, user_id, period_id, generator)"
            + " values ($1, $2, $3, $4) on conflict (period_id) do update"
            + " set generator = excluded.generator, generated_at = now() returning " + COLUMNS;

    private static final String BY_PERIOD_SQL =
            "select " + COLUMNS + " from review_packets where period_id = $1 and user_id = $2";

    private static final String FIND_SQL = "select " + COLUMNS + " from review_packets where id = $1 and user_id = $2";

    private static final String TOUCH_SQL =
            "update review_packets set updated_at = now() where id = $1 and user_id = $2";

    private static final String DELETE_UNEDITED_SQL =
            "delete from packet_bullets where packet_id = $1 and user_id = $2 and not edited";

    private static final String INSERT_BULLET_SQL = "insert into packet_bullets"
            + " (id, packet_id, user_id, section, goal_id, insight_id, position, text) values ($1, $2, $3, $4, $5, $6,"
            + " $7, $8)";

    private static final String INSERT_CITATION_SQL = "insert into packet_citations"
            + " (bullet_id, evidence_id, packet_id, user_id, position) values ($1, $2, $3, $4, $5)";

    private static final String UPDATE_TEXT_SQL = "update packet_bullets set text = $4, edited = true"
            + " where id = $1 and packet_id = $2 and user_id = $3 returning id";

    private static final String DELETE_BULLET_SQL =
            "delete from packet_bullets where id = $1 and packet_id = $2 and user_id = $3 returning id";

    /**
     * Bullets in order, each with the citations that pass the check: the cited item exists, belongs to the packet's
     * owner and happened within the window. A left join keeps a bullet whose citations all fail, so it can be counted
     * as dropped.
     */
    private static final String BULLETS_SQL = "select b.id, b.section, b.goal_id, b.insight_id, b.position, b.text,"
            + " b.edited, e.id as evidence_id, e.title, e.source, e.source_url, e.occurred_at"
            + " from packet_bullets b"
            + " left join packet_citations c on c.bullet_id = b.id and c.user_id = b.user_id"
            + " left join evidence e on e.id = c.evidence_id and e.user_id = b.user_id"
            + "   and e.occurred_at >= $3 and e.occurred_at < $4"
            + " where b.packet_id = $1 and b.user_id = $2"
            + " order by b.section, b.position, b.id, c.position";

    public Uni<PacketRow> upsert(SqlConnection conn, UUID ownerId, UUID periodId, String generator) {
        return conn.preparedQuery(UPSERT_SQL)
                .execute(Tuple.of(UUID.randomUUID(), ownerId, periodId, generator))
                .map(PacketRepository::single);
    }

    public Uni<PacketRow> byPeriod(SqlConnection conn, UUID ownerId, UUID periodId) {
        return conn.preparedQuery(BY_PERIOD_SQL)
                .execute(Tuple.of(periodId, ownerId))
                .map(PacketRepository::single);
    }

    /** The packet, or null when the bound user cannot see it (not theirs and not shared with them). */
    public Uni<PacketRow> find(SqlConnection conn, UUID ownerId, UUID packetId) {
        return conn.preparedQuery(FIND_SQL).execute(Tuple.of(packetId, ownerId)).map(PacketRepository::single);
    }

    public Uni<Void> touch(SqlConnection conn, UUID ownerId, UUID packetId) {
        return conn.preparedQuery(TOUCH_SQL)
                .execute(Tuple.of(packetId, ownerId))
                .replaceWithVoid();
    }

    public Uni<Void> deleteUnedited(SqlConnection conn, UUID ownerId, UUID packetId) {
        return conn.preparedQuery(DELETE_UNEDITED_SQL)
                .execute(Tuple.of(packetId, ownerId))
                .replaceWithVoid();
    }

    /** Writes the bullets after {@code firstPosition} in each section, with their citations. */
    public Uni<Void> insert(
            SqlConnection conn,
            UUID ownerId,
            UUID packetId,
            List<BulletDraft> drafts,
            Map<String, Integer> firstPosition) {
        if (drafts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, Integer> next = new LinkedHashMap<>(firstPosition);
        List<Tuple> bullets = new ArrayList<>();
        List<Tuple> citations = new ArrayList<>();
        for (BulletDraft draft : drafts) {
            UUID id = UUID.randomUUID();
            int position = next.merge(draft.section(), 1, Integer::sum);
            bullets.add(Tuple.tuple()
                    .addUUID(id)
                    .addUUID(packetId)
                    .addUUID(ownerId)
                    .addString(draft.section())
                    .addUUID(draft.goalId())
                    .addUUID(draft.insightId())
                    .addInteger(position)
                    .addString(draft.text()));
            for (int i = 0; i < draft.citations().size(); i++) {
                citations.add(Tuple.of(id, draft.citations().get(i), packetId, ownerId, i));
            }
        }
        return conn.preparedQuery(INSERT_BULLET_SQL)
                .executeBatch(bullets)
                .chain(() -> conn.preparedQuery(INSERT_CITATION_SQL).executeBatch(citations))
                .replaceWithVoid();
    }

    /** Whether the bullet exists (and is now edited). */
    public Uni<Boolean> updateText(SqlConnection conn, UUID ownerId, UUID packetId, UUID bulletId, String text) {
        return conn.preparedQuery(UPDATE_TEXT_SQL)
                .execute(Tuple.of(bulletId, packetId, ownerId, text))
                .map(rows -> rows.size() > 0);
    }

    public Uni<Boolean> deleteBullet(SqlConnection conn, UUID ownerId, UUID packetId, UUID bulletId) {
        return conn.preparedQuery(DELETE_BULLET_SQL)
                .execute(Tuple.of(bulletId, packetId, ownerId))
                .map(rows -> rows.size() > 0);
    }

    /** Every bullet of the packet with its checked citations, in section and position order. */
    public Uni<List<StoredBullet>> bullets(
            SqlConnection conn, UUID ownerId, UUID packetId, Instant from, Instant toExclusive) {
        Tuple args = Tuple.of(packetId, ownerId, from.atOffset(ZoneOffset.UTC), toExclusive.atOffset(ZoneOffset.UTC));
        return conn.preparedQuery(BULLETS_SQL).execute(args).map(rows -> {
            Map<UUID, StoredBullet> out = new LinkedHashMap<>();
            for (Row row : rows) {
                StoredBullet bullet = out.computeIfAbsent(
                        row.getUUID("id"),
                        id -> new StoredBullet(
                                id,
                                row.getString("section"),
                                row.getUUID("goal_id"),
                                row.getUUID("insight_id"),
                                row.getInteger("position"),
                                row.getString("text"),
                                row.getBoolean("edited"),
                                new ArrayList<>()));
                UUID evidenceId = row.getUUID("evidence_id");
                if (evidenceId != null) {
                    bullet.validCitations()
                            .add(new Citation(
                                    evidenceId,
                                    row.getString("title"),
                                    row.getString("source"),
                                    row.getString("source_url"),
                                    row.getOffsetDateTime("occurred_at").toInstant()));
                }
            }
            return new ArrayList<>(out.values());
        });
    }

    private static PacketRow single(RowSet<Row> rows) {
        var it = rows.iterator();
        if (!it.hasNext()) {
            return null;
        }
        Row row = it.next();
        return new PacketRow(
                row.getUUID("id"),
                row.getUUID("user_id"),
                row.getUUID("period_id"),
                row.getString("generator"),
                row.getOffsetDateTime("generated_at").toInstant(),
                row.getOffsetDateTime("updated_at").toInstant());
    }
}
