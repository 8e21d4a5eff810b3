package io.pulse.evidence.share.repository;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.web.PagePosition;
import io.pulse.evidence.share.api.ManagerView;
import io.pulse.evidence.share.api.ShareView;
import io.pulse.evidence.share.api.SharedInsight;
import io.pulse.evidence.share.api.SharedPerson;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * SQL of {@code manager_links} and {@code shares}, and the manager's reads of what is shared with them. The
 * manager-side reads name the owner and nothing else: which rows come back is decided by row-level security on the
 * shares, bound to the manager.
 */
@ApplicationScoped
public class ShareRepository {

    private static final String KIND = "case when packet_id is not null then 'packet'"
            + " when evidence_id is not null then 'evidence' else 'insight' end";

    private static final String COLUMNS =
            "id, " + KIND + " as kind, coalesce(packet_id, evidence_id, insight_id) as item_id, manager_id, created_at";

    private static final String FIND_MANAGER_SQL = "select find_manager_profile($1) as id";

    private static final String LINK_SQL =
            "insert into manager_links (owner_id, manager_id, manager_email) values ($1, $2, $3)"
                    + " returning manager_id, manager_email, created_at";

    private static final String LINK_OF_SQL =
            "select manager_id, manager_email, created_at from manager_links where owner_id = $1";

    private static final String UNLINK_SQL = "delete from manager_links where owner_id = $1";

    private static final String INSERT_SQL = "insert into shares (id, owner_id, manager_id, packet_id, evidence_id,"
            + " insight_id) values ($1, $2, $3, $4, $5, $6) returning " + COLUMNS;

    private static final String DELETE_SQL = "delete from shares where id = $1 and owner_id = $2 returning " + COLUMNS;

    private static final String DELETE_ALL_SQL = "delete from shares where owner_id = $1 returning " + COLUMNS;

    private static final String DELETE_OF_PACKET_SQL = "delete from shares s using review_packets p"
            + " where s.packet_id = p.id and p.period_id = $2 and s.owner_id = $1 returning s.id, 'packet' as kind,"
            + " s.packet_id as item_id, s.manager_id, s.created_at";

    private static final String PEOPLE_SQL = "select s.owner_id, p.full_name, p.email,"
            + " count(s.packet_id) as packets, count(s.evidence_id) as evidence, count(s.insight_id) as insights"
            + " from shares s join profiles p on p.id = s.owner_id"
            + " where s.manager_id = $1 group by s.owner_id, p.full_name, p.email order by p.full_name, s.owner_id";

    private static final String PERSON_SQL = "select id, full_name, email from profiles where id = $1";

    private static final String SHARED_PACKETS_SQL =
            "select id from review_packets where user_id = $1 order by generated_at desc, id";

    private static final String SHARED_EVIDENCE_IDS_SQL = "select evidence_id from shares"
            + " where owner_id = $1 and manager_id = $2 and evidence_id is not null order by created_at desc";

    private static final String SHARED_INSIGHTS_SQL = "select id, type, title, content, evidence_ids, confidence,"
            + " validated, period_start, period_end, created_at from insights where user_id = $1"
            + " order by created_at desc, id limit 200";

    /** The manager the caller may name by that e-mail address, or null. */
    public Uni<UUID> findManager(SqlConnection conn, String email) {
        return conn.preparedQuery(FIND_MANAGER_SQL)
                .execute(Tuple.of(email))
                .map(rows -> rows.iterator().next().getUUID("id"));
    }

    public Uni<ManagerView> link(SqlConnection conn, UUID ownerId, UUID managerId, String email) {
        return conn.preparedQuery(LINK_SQL)
                .execute(Tuple.of(ownerId, managerId, email))
                .map(ShareRepository::manager);
    }

    public Uni<ManagerView> linkOf(SqlConnection conn, UUID ownerId) {
        return conn.preparedQuery(LINK_OF_SQL).execute(Tuple.of(ownerId)).map(ShareRepository::manager);
    }

    public Uni<Void> unlink(SqlConnection conn, UUID ownerId) {
        return conn.preparedQuery(UNLINK_SQL).execute(Tuple.of(ownerId)).replaceWithVoid();
    }

    /** Inserts the share; exactly one of the three item ids is set. */
    public Uni<ShareView> insert(
            SqlConnection conn, UUID ownerId, UUID managerId, UUID packetId, UUID evidenceId, UUID insightId) {
        Tuple args = Tuple.tuple()
                .addUUID(UUID.randomUUID())
                .addUUID(ownerId)
                .addUUID(managerId)
                .addUUID(packetId)
                .addUUID(evidenceId)
                .addUUID(insightId);
        return conn.preparedQuery(INSERT_SQL)
                .execute(args)
                .map(rows -> all(rows).get(0));
    }

    /** The deleted share, or null when the owner has none with this id. */
    public Uni<ShareView> delete(SqlConnection conn, UUID ownerId, UUID id) {
        return conn.preparedQuery(DELETE_SQL).execute(Tuple.of(id, ownerId)).map(rows -> {
            List<ShareView> all = all(rows);
            return all.isEmpty() ? null : all.get(0);
        });
    }

    public Uni<List<ShareView>> deleteAll(SqlConnection conn, UUID ownerId) {
        return conn.preparedQuery(DELETE_ALL_SQL).execute(Tuple.of(ownerId)).map(ShareRepository::all);
    }

    public Uni<List<ShareView>> deleteOfPeriodPacket(SqlConnection conn, UUID ownerId, UUID periodId) {
        return conn.preparedQuery(DELETE_OF_PACKET_SQL)
                .execute(Tuple.of(ownerId, periodId))
                .map(ShareRepository::all);
    }

    /** The owner's shares, newest first (created_at desc, id desc), up to {@code limit + 1}. */
    public Uni<List<ShareView>> list(SqlConnection conn, UUID ownerId, PagePosition after, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from shares where owner_id = $1");
        Tuple args = Tuple.tuple().addUUID(ownerId);
        if (after != null) {
            args.addOffsetDateTime(after.at().atOffset(ZoneOffset.UTC)).addUUID(after.id());
            sql.append(" and (created_at, id) < ($2, $3)");
        }
        args.addInteger(limit + 1);
        sql.append(" order by created_at desc, id desc limit $").append(args.size());
        return conn.preparedQuery(sql.toString()).execute(args).map(ShareRepository::all);
    }

    /** The people sharing with the manager, with counts per kind (rows visible to the manager only). */
    public Uni<List<SharedPerson>> people(SqlConnection conn, UUID managerId) {
        return conn.preparedQuery(PEOPLE_SQL).execute(Tuple.of(managerId)).map(rows -> {
            List<SharedPerson> out = new ArrayList<>();
            for (Row row : rows) {
                out.add(new SharedPerson(
                        row.getUUID("owner_id"),
                        row.getString("full_name"),
                        row.getString("email"),
                        row.getLong("packets"),
                        row.getLong("evidence"),
                        row.getLong("insights")));
            }
            return out;
        });
    }

    /** The owner as the manager sees them: null unless the owner shares something with the bound manager. */
    public Uni<SharedPerson> person(SqlConnection conn, UUID ownerId) {
        return conn.preparedQuery(PERSON_SQL).execute(Tuple.of(ownerId)).map(rows -> {
            var it = rows.iterator();
            if (!it.hasNext()) {
                return null;
            }
            Row row = it.next();
            return new SharedPerson(row.getUUID("id"), row.getString("full_name"), row.getString("email"), 0, 0, 0);
        });
    }

    /** The owner's packets the bound user can see: for a manager, exactly the shared ones. */
    public Uni<List<UUID>> visiblePackets(SqlConnection conn, UUID ownerId) {
        return conn.preparedQuery(SHARED_PACKETS_SQL).execute(Tuple.of(ownerId)).map(rows -> {
            List<UUID> out = new ArrayList<>();
            rows.forEach(row -> out.add(row.getUUID("id")));
            return out;
        });
    }

    /** Ids of the evidence the owner shares one by one with the manager, newest share first. */
    public Uni<List<UUID>> sharedEvidence(SqlConnection conn, UUID ownerId, UUID managerId) {
        return conn.preparedQuery(SHARED_EVIDENCE_IDS_SQL)
                .execute(Tuple.of(ownerId, managerId))
                .map(rows -> {
                    List<UUID> out = new ArrayList<>();
                    rows.forEach(row -> out.add(row.getUUID("evidence_id")));
                    return out;
                });
    }

    /** The owner's insights the bound user can see: for a manager, exactly the shared ones. */
    public Uni<List<SharedInsight>> visibleInsights(SqlConnection conn, UUID ownerId) {
        return conn.preparedQuery(SHARED_INSIGHTS_SQL)
                .execute(Tuple.of(ownerId))
                .map(rows -> {
                    List<SharedInsight> out = new ArrayList<>();
                    for (Row row : rows) {
                        out.add(new SharedInsight(
                                row.getUUID("id"),
                                row.getString("type"),
                                row.getString("title"),
                                row.getString("content"),
                                List.of(row.getArrayOfUUIDs("evidence_ids")),
                                row.getDouble("confidence"),
                                row.getBoolean("validated"),
                                row.getLocalDate("period_start"),
                                row.getLocalDate("period_end"),
                                row.getOffsetDateTime("created_at").toInstant()));
                    }
                    return out;
                });
    }

    public static PagePosition position(ShareView share) {
        return new PagePosition(share.createdAt(), share.id());
    }

    private static ManagerView manager(RowSet<Row> rows) {
        var it = rows.iterator();
        if (!it.hasNext()) {
            return null;
        }
        Row row = it.next();
        return new ManagerView(
                row.getUUID("manager_id"),
                row.getString("manager_email"),
                row.getOffsetDateTime("created_at").toInstant());
    }

    private static List<ShareView> all(RowSet<Row> rows) {
        List<ShareView> out = new ArrayList<>();
        for (Row row : rows) {
            out.add(new ShareView(
                    row.getUUID("id"),
                    row.getString("kind"),
                    row.getUUID("item_id"),
                    row.getUUID("manager_id"),
                    row.getOffsetDateTime("created_at").toInstant()));
        }
        return out;
    }
}
