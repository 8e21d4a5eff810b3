package io.pulse.common.evidence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.db.OutboxWriter;
import io.pulse.common.events.EventType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The only code that writes the owned columns of {@code evidence} (everything but the enrichment columns
 * {@code summary}, {@code embedding}, {@code embedding_model}, {@code ai_metadata}, which insight-service writes).
 * Every write bumps the version where it changes content and appends its event to the outbox in the caller's
 * transaction, so no caller can change evidence without telling the consumers.
 *
 * <p>evidence-service (manual evidence, on the request role) and sync-service (synced evidence, on the service role)
 * both reach the table through this class; it lives in {@code common} because both write in their own transactions
 * together with their own rows (a sync page commits its evidence with the job's progress), which a command event to
 * evidence-service could not do atomically.
 */
@ApplicationScoped
public class EvidenceWriter {

    private static final String RETURNING = " returning " + EvidenceRows.COLUMNS;

    private static final String INSERT_MANUAL_SQL = "insert into evidence"
            + " (id, user_id, title, content, source, source_url, category, tags, occurred_at)"
            + " values ($1, $2, $3, $4, 'manual', $5, $6, $7, $8)" + RETURNING;

    private static final String INSERT_UPLOAD_SQL = "insert into evidence"
            + " (id, user_id, title, content, source, category, tags, occurred_at, attachments)"
            + " values ($1, $2, $3, $4, 'upload', $5, $6, $7, $8)" + RETURNING;

    private static final String SET_ATTACHMENTS_SQL = "update evidence set attachments = $3, version = version + 1"
            + " where id = $1 and user_id = $2" + RETURNING;

    // Every field the owner changes is recorded in owner_fields (the right-hand side sees the row before the
    // update), so a later sync never resets it.
    private static final String UPDATE_SQL = "update evidence set title = $3, content = $4, source_url = $5,"
            + " category = $6, tags = $7, occurred_at = $8, version = version + 1,"
            + " owner_fields = array(select distinct f from unnest(owner_fields || array_remove(array["
            + "case when title is distinct from $3 then 'title' end,"
            + " case when content is distinct from $4 then 'content' end,"
            + " case when source_url is distinct from $5 then 'source_url' end,"
            + " case when category is distinct from $6 then 'category' end,"
            + " case when tags is distinct from $7 then 'tags' end,"
            + " case when occurred_at is distinct from $8 then 'occurred_at' end], null)) as f order by f)"
            + " where id = $1 and user_id = $2 and version = $9" + RETURNING;

    private static final String DELETE_SQL =
            "delete from evidence where id = $1 and user_id = $2 and version = $3" + RETURNING;

    // Only what the source owns is compared: summary, embedding and ai_metadata belong to enrichment, and
    // category/tags alone never count as a change. A field the owner set (owner_fields) keeps the owner's value and
    // takes no part in the comparison, so a user's edit is never reset and never causes a rewrite. One statement per
    // page over the page's rows (duplicates removed first: a statement may not update one row twice). Tags travel as
    // JSON text because text[][] cannot be ragged.
    private static final String UPSERT_SYNCED_SQL = "insert into evidence"
            + " (user_id, title, content, source, source_id, source_url, category, tags, occurred_at)"
            + " select $1, t.title, t.content, $2, t.source_id, t.source_url, t.category,"
            + " array(select jsonb_array_elements_text(t.tags::jsonb)), t.occurred_at"
            + " from unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])"
            + " as t(source_id, title, content, source_url, category, tags, occurred_at)"
            + " on conflict (user_id, source, source_id) do update set"
            + " title = " + sourceUnlessOwner("title") + ", content = " + sourceUnlessOwner("content")
            + ", source_url = " + sourceUnlessOwner("source_url") + ", category = " + sourceUnlessOwner("category")
            + ", tags = " + sourceUnlessOwner("tags") + ", occurred_at = " + sourceUnlessOwner("occurred_at")
            + ", version = evidence.version + 1"
            + " where (evidence.title, evidence.content, evidence.source_url, evidence.occurred_at) is distinct from ("
            + sourceUnlessOwner("title") + ", " + sourceUnlessOwner("content") + ", " + sourceUnlessOwner("source_url")
            + ", " + sourceUnlessOwner("occurred_at") + ")"
            + " returning " + EvidenceRows.COLUMNS + ", (xmax = 0) as inserted";

    // Deletion is decided per item by sync-service (a positive 404/410 or "no longer the user's" at the source),
    // never by absence from a listing: only the named items go.
    private static final String SWEEP_SQL =
            "delete from evidence where user_id = $1 and source = $2 and source_id = any($3)" + RETURNING;

    /** An insert or an update of a synced item. */
    public record SyncedChange(boolean inserted, EvidenceRow row) {}

    /** Creates a manual item and appends {@code evidence.created}. */
    public Uni<EvidenceRow> createManual(SqlClient tx, UUID id, UUID userId, EvidenceFields fields) {
        return tx.preparedQuery(INSERT_MANUAL_SQL)
                .execute(writableFields(id, userId, fields))
                .map(EvidenceRows::single)
                .call(row -> OutboxWriter.append(tx, EvidenceEvents.envelope(EventType.EVIDENCE_CREATED, row)));
    }

    /**
     * Creates an item from an uploaded document ({@code source = upload}) that lists its attachments, and appends
     * {@code evidence.created}: enrichment sees it exactly like a manual item. The caller stores the attachments in
     * the same transaction.
     */
    public Uni<EvidenceRow> createUpload(
            SqlClient tx, UUID id, UUID userId, EvidenceFields fields, List<String> attachments) {
        Tuple args = Tuple.tuple()
                .addUUID(id)
                .addUUID(userId)
                .addString(fields.title())
                .addString(fields.content())
                .addString(fields.category())
                .addArrayOfString(fields.tags().toArray(String[]::new))
                .addOffsetDateTime(utc(fields.occurredAt()))
                .addArrayOfString(attachments.toArray(String[]::new));
        return tx.preparedQuery(INSERT_UPLOAD_SQL)
                .execute(args)
                .map(EvidenceRows::single)
                .call(row -> OutboxWriter.append(tx, EvidenceEvents.envelope(EventType.EVIDENCE_CREATED, row)));
    }

    /**
     * Replaces the item's attachment references, bumps the version (the representation changed, so its ETag does)
     * and appends {@code evidence.updated}; null (and nothing written) when the item does not exist for the user.
     * The caller holds the row lock ({@code for update}) while it computes the list, so the list stays true under
     * concurrent attaches and removals.
     */
    public Uni<EvidenceRow> setAttachments(SqlClient tx, UUID id, UUID userId, List<String> attachments) {
        return tx.preparedQuery(SET_ATTACHMENTS_SQL)
                .execute(Tuple.of(id, userId, attachments.toArray(String[]::new)))
                .map(EvidenceRows::single)
                .call(row -> row == null
                        ? Uni.createFrom().voidItem()
                        : OutboxWriter.append(tx, EvidenceEvents.envelope(EventType.EVIDENCE_UPDATED, row)));
    }

    /**
     * Writes the fields and bumps the version if the version is still {@code expectedVersion}, appending
     * {@code evidence.updated}; null (and nothing written) otherwise. The fields that change are recorded as set by
     * the owner, so a later sync of a synced item never resets them.
     */
    public Uni<EvidenceRow> update(SqlClient tx, UUID id, UUID userId, long expectedVersion, EvidenceFields fields) {
        Tuple args = writableFields(id, userId, fields).addLong(expectedVersion);
        return tx.preparedQuery(UPDATE_SQL)
                .execute(args)
                .map(EvidenceRows::single)
                .call(row -> row == null
                        ? Uni.createFrom().voidItem()
                        : OutboxWriter.append(tx, EvidenceEvents.envelope(EventType.EVIDENCE_UPDATED, row)));
    }

    /**
     * Deletes the item if its version is still {@code expectedVersion}, appending {@code evidence.deleted}; returns
     * the deleted row, or null (and nothing written).
     */
    public Uni<EvidenceRow> delete(SqlClient tx, UUID id, UUID userId, long expectedVersion) {
        return tx.preparedQuery(DELETE_SQL)
                .execute(Tuple.of(id, userId, expectedVersion))
                .map(EvidenceRows::single)
                .call(row -> row == null
                        ? Uni.createFrom().voidItem()
                        : OutboxWriter.append(tx, EvidenceEvents.envelope(EventType.EVIDENCE_DELETED, row)));
    }

    /**
     * Upserts a page of items from a source in one statement on {@code (user_id, source, source_id)} and appends one
     * event per insert or update in one more; unchanged items are not touched (no version, no event). Fields the
     * owner set ({@code owner_fields}, recorded by {@link #update}) keep the owner's value.
     */
    public Uni<List<SyncedChange>> upsertSynced(SqlClient tx, UUID userId, String source, List<SourceItem> page) {
        Map<String, SourceItem> unique = new LinkedHashMap<>();
        page.forEach(item -> unique.put(item.sourceId(), item));
        if (unique.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<SourceItem> items = new ArrayList<>(unique.values());
        int n = items.size();
        String[] ids = new String[n];
        String[] titles = new String[n];
        String[] contents = new String[n];
        String[] urls = new String[n];
        String[] categories = new String[n];
        String[] tags = new String[n];
        OffsetDateTime[] occurred = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            SourceItem item = items.get(i);
            ids[i] = item.sourceId();
            titles[i] = item.title();
            contents[i] = item.content();
            urls[i] = item.sourceUrl();
            categories[i] = item.category();
            tags[i] = new JsonArray(item.tags()).encode();
            occurred[i] = utc(item.occurredAt());
        }
        Tuple args = Tuple.tuple()
                .addUUID(userId)
                .addString(source)
                .addArrayOfString(ids)
                .addArrayOfString(titles)
                .addArrayOfString(contents)
                .addArrayOfString(urls)
                .addArrayOfString(categories)
                .addArrayOfString(tags)
                .addArrayOfOffsetDateTime(occurred);
        return tx.preparedQuery(UPSERT_SYNCED_SQL)
                .execute(args)
                .map(rows -> {
                    List<SyncedChange> changes = new ArrayList<>();
                    for (Row r : rows) {
                        changes.add(new SyncedChange(r.getBoolean("inserted"), EvidenceRows.map(r)));
                    }
                    return changes;
                })
                .call(changes -> OutboxWriter.appendAll(
                        tx,
                        changes.stream()
                                .map(c -> EvidenceEvents.envelope(
                                        c.inserted() ? EventType.EVIDENCE_CREATED : EventType.EVIDENCE_UPDATED,
                                        c.row()))
                                .toList()));
    }

    /**
     * Deletes the named synced items of the user (those the source confirmed gone or no longer the user's),
     * appending {@code evidence.deleted} for each; returns them.
     */
    public Uni<List<EvidenceRow>> sweepSynced(SqlClient tx, UUID userId, String source, List<String> gone) {
        if (gone.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Tuple args = Tuple.tuple().addUUID(userId).addString(source).addArrayOfString(gone.toArray(String[]::new));
        return tx.preparedQuery(SWEEP_SQL)
                .execute(args)
                .map(EvidenceRows::all)
                .call(deleted -> OutboxWriter.appendAll(
                        tx,
                        deleted.stream()
                                .map(row -> EvidenceEvents.envelope(EventType.EVIDENCE_DELETED, row))
                                .toList()));
    }

    /** The stored value when the owner set the column, else the source's (inside the upsert's conflict clause). */
    private static String sourceUnlessOwner(String column) {
        return "case when '" + column + "' = any(evidence.owner_fields) then evidence." + column + " else excluded."
                + column + " end";
    }

    /** {@code $1..$8}: id, owner and the fields a person may write, in the order both statements use. */
    private static Tuple writableFields(UUID id, UUID userId, EvidenceFields fields) {
        return Tuple.tuple()
                .addUUID(id)
                .addUUID(userId)
                .addString(fields.title())
                .addString(fields.content())
                .addString(fields.sourceUrl())
                .addString(fields.category())
                .addArrayOfString(fields.tags().toArray(String[]::new))
                .addOffsetDateTime(utc(fields.occurredAt()));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
