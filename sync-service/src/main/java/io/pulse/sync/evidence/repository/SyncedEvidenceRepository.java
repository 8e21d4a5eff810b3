package io.pulse.sync.evidence.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.events.EvidencePayload;
import io.pulse.sync.ingest.EvidenceItem;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Evidence rows written by sync (service role, inside the caller's transaction). Upserts on
 * {@code (user_id, source, source_id)}: new items are inserted, changed items updated with {@code version + 1},
 * unchanged items are not touched at all (no row version, no event).
 */
@ApplicationScoped
public class SyncedEvidenceRepository {

    // Only what the source owns is compared: summary, embedding and ai_metadata belong to enrichment, and
    // category/tags may be refined there too, so they alone never count as a change.
    // One statement per page over the page's rows (duplicates removed first: a statement may not
    // update one row twice). Tags travel as JSON text because text[][] cannot be ragged.
    private static final String UPSERT_PAGE_SQL = "insert into evidence"
            + " (user_id, title, content, source, source_id, source_url, category, tags, occurred_at)"
            + " select $1, t.title, t.content, $2, t.source_id, t.source_url, t.category,"
            + " array(select jsonb_array_elements_text(t.tags::jsonb)), t.occurred_at"
            + " from unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])"
            + " as t(source_id, title, content, source_url, category, tags, occurred_at)"
            + " on conflict (user_id, source, source_id) do update set title = excluded.title,"
            + " content = excluded.content, source_url = excluded.source_url, category = excluded.category,"
            + " tags = excluded.tags, occurred_at = excluded.occurred_at, version = evidence.version + 1"
            + " where (evidence.title, evidence.content, evidence.source_url, evidence.occurred_at)"
            + " is distinct from (excluded.title, excluded.content, excluded.source_url, excluded.occurred_at)"
            + " returning id, version, source_id, (xmax = 0) as inserted";

    private static final String SWEEP_SQL = "delete from evidence where user_id = $1 and source = $2"
            + " and starts_with(source_id, $3) and ($4::timestamptz is null or occurred_at >= $4)"
            + " and not (source_id = any($5))"
            + " returning id, version, title, category, tags, occurred_at";

    /** Upserts a page of items in one statement; returns the inserts and updates (unchanged items are absent). */
    public Uni<List<Change>> upsertPage(SqlClient client, UUID userId, String source, List<EvidenceItem> page) {
        Map<String, EvidenceItem> unique = new LinkedHashMap<>();
        page.forEach(item -> unique.put(item.sourceId(), item));
        if (unique.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<EvidenceItem> items = new ArrayList<>(unique.values());
        int n = items.size();
        String[] ids = new String[n];
        String[] titles = new String[n];
        String[] contents = new String[n];
        String[] urls = new String[n];
        String[] categories = new String[n];
        String[] tags = new String[n];
        OffsetDateTime[] occurred = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            EvidenceItem item = items.get(i);
            ids[i] = item.sourceId();
            titles[i] = item.title();
            contents[i] = item.content();
            urls[i] = item.sourceUrl();
            categories[i] = item.category();
            tags[i] = new JsonArray(item.tags()).encode();
            occurred[i] = item.occurredAt().atOffset(ZoneOffset.UTC);
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
        return client.preparedQuery(UPSERT_PAGE_SQL).execute(args).map(rows -> {
            List<Change> changes = new ArrayList<>();
            for (Row r : rows) {
                EvidenceItem item = unique.get(r.getString("source_id"));
                changes.add(new Change(
                        r.getBoolean("inserted"),
                        new EvidencePayload(
                                r.getUUID("id"),
                                r.getLong("version"),
                                source,
                                item.title(),
                                item.category(),
                                item.tags(),
                                item.occurredAt())));
            }
            return changes;
        });
    }

    /**
     * Deletes the user's items of one kind ({@code source_id} prefix) that occurred at or after the window start
     * and were not seen in this run; returns them for the deletion events.
     */
    public Uni<List<EvidencePayload>> sweep(
            SqlClient client, UUID userId, String source, String prefix, Instant windowStart, List<String> seen) {
        Tuple args = Tuple.tuple()
                .addUUID(userId)
                .addString(source)
                .addString(prefix)
                .addOffsetDateTime(windowStart == null ? null : windowStart.atOffset(ZoneOffset.UTC))
                .addArrayOfString(seen.toArray(String[]::new));
        return client.preparedQuery(SWEEP_SQL).execute(args).map(rows -> {
            List<EvidencePayload> deleted = new ArrayList<>();
            for (Row r : rows) {
                deleted.add(new EvidencePayload(
                        r.getUUID("id"),
                        r.getLong("version"),
                        source,
                        r.getString("title"),
                        r.getString("category"),
                        Arrays.asList(r.getArrayOfStrings("tags")),
                        r.getOffsetDateTime("occurred_at").toInstant()));
            }
            return deleted;
        });
    }

    /** An insert or an update, with the event body describing it. */
    public record Change(boolean inserted, EvidencePayload payload) {}
}
