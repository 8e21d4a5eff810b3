package io.pulse.common.evidence;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/** The one mapping from an {@code evidence} result row to {@link EvidenceRow}, for every module that reads evidence. */
public final class EvidenceRows {

    /** The columns {@link #map} reads (everything but the embedding). */
    public static final String COLUMNS = "id, user_id, title, content, summary, source, source_id, source_url,"
            + " category, tags, attachments, ai_metadata, occurred_at, version, created_at, updated_at";

    private EvidenceRows() {}

    public static EvidenceRow map(Row row) {
        String[] tags = row.getArrayOfStrings("tags");
        String[] attachments = row.getArrayOfStrings("attachments");
        JsonObject ai = row.getJsonObject("ai_metadata");
        Map<String, Object> aiMetadata = ai == null ? Map.of() : ai.getMap();
        return new EvidenceRow(
                row.getUUID("id"),
                row.getUUID("user_id"),
                row.getString("title"),
                row.getString("content"),
                row.getString("summary"),
                row.getString("source"),
                row.getString("source_id"),
                row.getString("source_url"),
                row.getString("category"),
                tags == null ? List.of() : Arrays.asList(tags),
                attachments == null ? List.of() : Arrays.asList(attachments),
                aiMetadata,
                row.getOffsetDateTime("occurred_at").toInstant(),
                row.getLong("version"),
                row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("updated_at").toInstant());
    }

    /** The first row, or null when there is none. */
    public static EvidenceRow single(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? map(it.next()) : null;
    }

    /** Every row, in order. */
    public static List<EvidenceRow> all(RowSet<Row> rows) {
        List<EvidenceRow> out = new java.util.ArrayList<>(rows.rowCount());
        rows.forEach(row -> out.add(map(row)));
        return out;
    }
}
