package io.pulse.sync.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pulse.common.db.RlsSession;
import io.pulse.common.evidence.EvidenceFields;
import io.pulse.common.evidence.EvidenceRow;
import io.pulse.common.evidence.EvidenceWriter;
import io.vertx.mutiny.sqlclient.Pool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An owner's edit of a synced item exactly as evidence-service's {@code PATCH /api/v1/evidence/{id}} makes it: the
 * merged fields through {@link EvidenceWriter#update}, as the request role bound to the owner.
 */
public final class OwnerEdits {

    private OwnerEdits() {}

    /** Sets the item's category and tags; returns the new version. */
    public static long setCategoryAndTags(
            Pool pool, EvidenceWriter writer, UUID userId, String sourceId, String category, List<String> tags) {
        Map<String, Object> row = SyncApi.evidence(userId).get(sourceId);
        assertThat(row).as(sourceId).isNotNull();
        UUID id = id(userId, sourceId);
        EvidenceFields fields = new EvidenceFields(
                (String) row.get("title"),
                (String) row.get("content"),
                category,
                tags,
                (String) row.get("source_url"),
                ((java.sql.Timestamp) row.get("occurred_at")).toInstant());
        EvidenceRow updated = RlsSession.inTransaction(
                        pool, userId, conn -> writer.update(conn, id, userId, (Long) row.get("version"), fields))
                .await()
                .atMost(Duration.ofSeconds(10));
        assertThat(updated).isNotNull();
        return updated.version();
    }

    /** The item's id, which must survive every re-sync while the item exists at the source. */
    public static UUID id(UUID userId, String sourceId) {
        return SyncApi.rows("select id from evidence where user_id = ? and source_id = ?", userId, sourceId)
                .keySet()
                .stream()
                .map(UUID::fromString)
                .findFirst()
                .orElseThrow();
    }
}
