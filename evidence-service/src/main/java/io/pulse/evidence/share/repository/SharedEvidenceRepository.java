package io.pulse.evidence.share.repository;

import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.evidence.EvidenceRow;
import io.pulse.common.evidence.EvidenceRows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Evidence items of an owner by id, as the bound user may see them (a manager: only what is shared). */
@ApplicationScoped
public class SharedEvidenceRepository {

    private static final String FIND_SQL = "select " + EvidenceRows.COLUMNS
            + " from evidence where user_id = $1 and id = any($2) order by occurred_at desc, id desc";

    public Uni<List<EvidenceRow>> find(SqlConnection conn, UUID ownerId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return conn.preparedQuery(FIND_SQL)
                .execute(Tuple.of(ownerId, ids.toArray(UUID[]::new)))
                .map(EvidenceRows::all);
    }
}
