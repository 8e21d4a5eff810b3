package io.pulse.common.evidence;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/** The one mapping from an {@code evidence} result row to {@link EvidenceRow}, for every module that reads evidence. */
public final class EvidenceRows {

    /**
     * The columns {@link #map} reads (everything but the embedding). {@code ai_metadata} comes as text: it is passed
     * through to responses unparsed ({@link RawJsonObject}).
     */
    public static final String COLUMNS = "id, user_id, title, content, summary, source, source_id, source_url,"
            + " category, tags, attachments, ai_metadata::text as ai_metadata, occurred_at, version, created_at,"
            + " updated_at";

    private EvidenceRows() {}

    /**
     * Maps a row that holds {@link #COLUMNS} in that order, from the first column named {@code id} on (other columns
     * may come before or after them). Read by position: looking each column up by name was a measurable share of a
     * page of evidence.
     */
    public static EvidenceRow map(Row row) {
        int at = row.getColumnIndex("id");
        String[] tags = row.getArrayOfStrings(at + 9);
        String[] attachments = row.getArrayOfStrings(at + 10);
        return new EvidenceRow(
                row.getUUID(at),
                row.getUUID(at + 1),
                row.getString(at + 2),
                row.getString(at + 3),
                row.getString(at + 4),
                row.getString(at + 5),
                row.getString(at + 6),
                row.getString(at + 7),
                row.getString(at + 8),
                tags == null ? List.of() : Arrays.asList(tags),
                attachments == null ? List.of() : Arrays.asList(attachments),
                aiMetadata(row.getValue(at + 11)),
                row.getOffsetDateTime(at + 12).toInstant(),
                row.getLong(at + 13),
                row.getOffsetDateTime(at + 14).toInstant(),
                row.getOffsetDateTime(at + 15).toInstant());
    }

    /** The column as text (from {@link #COLUMNS}), or as a decoded jsonb value (another column list). */
    private static Map<String, Object> aiMetadata(Object value) {
        if (value instanceof String text) {
            return new RawJsonObject(text);
        }
        return value instanceof JsonObject json ? json.getMap() : Map.of();
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
