package io.pulse.evidence.attachment.repository;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.web.PagePosition;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * SQL of {@code evidence_attachments}, on a connection whose transaction is bound to the caller (row-level security);
 * every query also names the owner.
 */
@ApplicationScoped
public class AttachmentRepository {

    private static final String COLUMNS =
            "id, user_id, evidence_id, file_name, content_type, size_bytes, sha256, store, object_key, created_at";

    private static final String INSERT_SQL = "insert into evidence_attachments"
            + " (id, user_id, evidence_id, file_name, content_type, size_bytes, sha256, store, object_key)"
            + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning " + COLUMNS;

    private static final String FIND_SQL =
            "select " + COLUMNS + " from evidence_attachments where id = $1 and evidence_id = $2 and user_id = $3";

    private static final String OF_EVIDENCE_SQL =
            "select " + COLUMNS + " from evidence_attachments where evidence_id = $1 and user_id = $2";

    private static final String COUNT_SQL =
            "select count(*) from evidence_attachments where evidence_id = $1 and user_id = $2";

    private static final String DELETE_SQL =
            "delete from evidence_attachments where id = $1 and user_id = $2 returning id";

    public Uni<AttachmentRow> insert(SqlConnection conn, AttachmentRow row) {
        Tuple args = Tuple.tuple()
                .addUUID(row.id())
                .addUUID(row.userId())
                .addUUID(row.evidenceId())
                .addString(row.fileName())
                .addString(row.contentType())
                .addLong(row.sizeBytes())
                .addString(row.sha256())
                .addString(row.store())
                .addString(row.objectKey());
        return conn.preparedQuery(INSERT_SQL).execute(args).map(AttachmentRepository::single);
    }

    /** The attachment of that item, or null when there is none for this user. */
    public Uni<AttachmentRow> find(SqlConnection conn, UUID id, UUID evidenceId, UUID userId) {
        return conn.preparedQuery(FIND_SQL)
                .execute(Tuple.of(id, evidenceId, userId))
                .map(AttachmentRepository::single);
    }

    /** Every attachment of the item, in no particular order. */
    public Uni<List<AttachmentRow>> ofEvidence(SqlConnection conn, UUID evidenceId, UUID userId) {
        return conn.preparedQuery(OF_EVIDENCE_SQL)
                .execute(Tuple.of(evidenceId, userId))
                .map(AttachmentRepository::all);
    }

    public Uni<Long> count(SqlConnection conn, UUID evidenceId, UUID userId) {
        return conn.preparedQuery(COUNT_SQL)
                .execute(Tuple.of(evidenceId, userId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** One page, newest first (created_at desc, id desc), up to {@code limit + 1} rows after {@code after}. */
    public Uni<List<AttachmentRow>> page(
            SqlConnection conn, UUID evidenceId, UUID userId, PagePosition after, int limit) {
        StringBuilder sql = new StringBuilder(OF_EVIDENCE_SQL);
        Tuple args = Tuple.tuple().addUUID(evidenceId).addUUID(userId);
        if (after != null) {
            args.addOffsetDateTime(after.at().atOffset(ZoneOffset.UTC)).addUUID(after.id());
            sql.append(" and (created_at, id) < ($3, $4)");
        }
        args.addInteger(limit + 1);
        sql.append(" order by created_at desc, id desc limit $").append(args.size());
        return conn.preparedQuery(sql.toString()).execute(args).map(AttachmentRepository::all);
    }

    /** Deletes the row; false when there was none for this user. */
    public Uni<Boolean> delete(SqlConnection conn, UUID id, UUID userId) {
        return conn.preparedQuery(DELETE_SQL).execute(Tuple.of(id, userId)).map(rows -> rows.rowCount() > 0);
    }

    private static AttachmentRow single(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? map(it.next()) : null;
    }

    private static List<AttachmentRow> all(RowSet<Row> rows) {
        List<AttachmentRow> out = new ArrayList<>(rows.rowCount());
        rows.forEach(row -> out.add(map(row)));
        return out;
    }

    private static AttachmentRow map(Row row) {
        return new AttachmentRow(
                row.getUUID("id"),
                row.getUUID("user_id"),
                row.getUUID("evidence_id"),
                row.getString("file_name"),
                row.getString("content_type"),
                row.getLong("size_bytes"),
                row.getString("sha256"),
                row.getString("store"),
                row.getString("object_key"),
                row.getOffsetDateTime("created_at").toInstant());
    }
}
