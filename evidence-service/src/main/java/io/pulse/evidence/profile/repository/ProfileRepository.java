package io.pulse.evidence.profile.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * SQL for {@code profiles}. Every method runs on a connection whose transaction is already bound to the caller
 * ({@link io.pulse.common.db.RlsSession}), so row-level security confines it to the caller's own row.
 */
@ApplicationScoped
public class ProfileRepository {

    private static final String COLUMNS =
            "id, email, full_name, avatar_url, role, gitlab_username, preferences, created_at, updated_at";

    public Uni<ProfileRow> find(SqlConnection conn, UUID id) {
        return conn.preparedQuery("select " + COLUMNS + " from profiles where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? map(rows.iterator().next()) : null);
    }

    /**
     * Sets the given columns; values are bound as parameters and column names come only from {@link Column}.
     *
     * @return the updated row, or null when the row is not visible
     */
    public Uni<ProfileRow> update(SqlConnection conn, UUID id, Map<Column, Object> changes) {
        List<String> sets = new ArrayList<>();
        Tuple args = Tuple.tuple().addUUID(id);
        for (Map.Entry<Column, Object> change : changes.entrySet()) {
            args.addValue(change.getValue());
            sets.add(change.getKey().column + " = $" + args.size() + change.getKey().cast);
        }
        String sql = "update profiles set " + String.join(", ", sets) + " where id = $1 returning " + COLUMNS;
        return conn.preparedQuery(sql)
                .execute(args)
                .map(rows -> rows.iterator().hasNext() ? map(rows.iterator().next()) : null);
    }

    private static ProfileRow map(Row row) {
        JsonObject preferences = row.getJsonObject("preferences");
        return new ProfileRow(
                row.getUUID("id"),
                row.getString("email"),
                row.getString("full_name"),
                row.getString("avatar_url"),
                row.getString("role"),
                row.getString("gitlab_username"),
                preferences == null ? Map.of() : preferences.getMap(),
                row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("updated_at").toInstant());
    }

    /** The columns the request role may update. */
    public enum Column {
        FULL_NAME("full_name", ""),
        AVATAR_URL("avatar_url", ""),
        GITLAB_USERNAME("gitlab_username", ""),
        /** Bound as JSON text. */
        PREFERENCES("preferences", "::text::jsonb");

        private final String column;
        private final String cast;

        Column(String column, String cast) {
            this.column = column;
            this.cast = cast;
        }
    }
}
