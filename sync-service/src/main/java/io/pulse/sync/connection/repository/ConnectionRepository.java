package io.pulse.sync.connection.repository;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.web.PagePosition;
import io.pulse.common.web.PageRequest;
import io.pulse.sync.connection.Connection;
import io.pulse.sync.connection.SealedToken;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code source_connections}. Every method runs on the caller's connection, inside the transaction the service
 * opened: request-path methods as the request role bound to the user (row-level security keeps users apart),
 * {@link #exists} and {@link #findForSync} as the service role.
 */
@ApplicationScoped
public class ConnectionRepository {

    private static final String COLUMNS = "id, user_id, source, auth_type, base_url, login, account_id, account_name,"
            + " token_ciphertext, token_nonce, token_key_id, ca_bundle_pem, sync_interval_minutes, created_at";

    /** Inserts a connection for the user; fails with the database's unique violation if one exists for the source. */
    public Uni<Connection> insert(
            SqlClient client,
            UUID userId,
            String source,
            String authType,
            String baseUrl,
            String login,
            String accountId,
            String accountName,
            SealedToken token,
            String caBundlePem,
            Integer syncIntervalMinutes) {
        return client.preparedQuery("insert into source_connections"
                        + " (user_id, source, auth_type, base_url, login, account_id, account_name,"
                        + " token_ciphertext, token_nonce, token_key_id, ca_bundle_pem, sync_interval_minutes)"
                        + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning " + COLUMNS)
                .execute(Tuple.from(new Object[] {
                    userId,
                    source,
                    authType,
                    baseUrl,
                    login,
                    accountId,
                    accountName,
                    Buffer.buffer(token.ciphertext()),
                    Buffer.buffer(token.nonce()),
                    token.keyId(),
                    caBundlePem,
                    syncIntervalMinutes
                }))
                .map(rows -> map(rows.iterator().next()));
    }

    /**
     * Up to {@code page.limit() + 1} of the bound user's connections after the page position, newest first
     * (row-level security selects them).
     */
    public Uni<List<Connection>> list(SqlClient client, PageRequest page) {
        PagePosition after = page.after();
        Tuple args = Tuple.tuple();
        String where = "";
        if (after != null) {
            args.addOffsetDateTime(after.at().atOffset(ZoneOffset.UTC)).addUUID(after.id());
            where = " where (created_at, id) < ($1, $2)";
        }
        args.addInteger(page.limit() + 1);
        return client.preparedQuery("select " + COLUMNS + " from source_connections" + where
                        + " order by created_at desc, id desc limit $" + args.size())
                .execute(args)
                .map(rows -> {
                    List<Connection> list = new ArrayList<>();
                    rows.forEach(r -> list.add(map(r)));
                    return list;
                });
    }

    /** Deletes one of the bound user's connections; false when the user has no such connection. */
    public Uni<Boolean> delete(SqlClient client, UUID id) {
        return client.preparedQuery("delete from source_connections where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Whether the user has a connection for the source (service role, inside the caller's transaction). */
    public Uni<Boolean> exists(SqlClient client, UUID userId, String source) {
        return client.preparedQuery("select 1 from source_connections where user_id = $1 and source = $2")
                .execute(Tuple.of(userId, source))
                .map(rows -> rows.size() > 0);
    }

    /** The user's connection for a source, for a worker (service role). */
    public Uni<Optional<Connection>> findForSync(SqlClient client, UUID userId, String source) {
        return client.preparedQuery("select " + COLUMNS + " from source_connections where user_id = $1 and source = $2")
                .execute(Tuple.of(userId, source))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(map(rows.iterator().next())));
    }

    private static Connection map(Row r) {
        return new Connection(
                r.getUUID("id"),
                r.getUUID("user_id"),
                r.getString("source"),
                r.getString("auth_type"),
                r.getString("base_url"),
                r.getString("login"),
                r.getString("account_id"),
                r.getString("account_name"),
                new SealedToken(
                        r.getBuffer("token_ciphertext").getBytes(),
                        r.getBuffer("token_nonce").getBytes(),
                        r.getString("token_key_id")),
                r.getString("ca_bundle_pem"),
                r.getInteger("sync_interval_minutes"),
                r.getOffsetDateTime("created_at")
                        .toInstant()
                        .atOffset(ZoneOffset.UTC)
                        .toInstant());
    }
}
