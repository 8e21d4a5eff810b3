package io.pulse.common.db;

import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Runs database work as a user, so that the row-level security policies apply to that user.
 *
 * <p>The user is a per-transaction setting ({@code set_config('app.user_id', id, true)}): it ends with the
 * transaction and can never leak to the next borrower of a pooled connection. Work that forgets to set it sees no
 * rows and cannot write any (the policies fail closed). Every service goes through this class; none hand-rolls the
 * setting.
 */
public final class RlsSession {

    /** The SQL that binds the transaction to a user; {@code $1} is the user id as text. */
    public static final String SET_USER_SQL = "select set_config('app.user_id', $1, true)";

    private RlsSession() {}

    /**
     * Runs the work in a transaction on the given pool, bound to the user.
     *
     * <p>{@code BEGIN}, the binding and the work's first statement go out together: the client pipelines a
     * connection's commands in the order they are issued, so they cost one round trip instead of three (the
     * profile of a page of evidence showed PostgreSQL spending as much CPU per request as the service; BENCHMARKS.md).
     * Order is what keeps this safe: PostgreSQL runs them in sequence, so the work never runs unbound. If any of
     * them fails, the whole fails; closing the connection then rolls the open transaction back (the client does so
     * before returning a connection to the pool), exactly as {@code Pool.withTransaction} would.
     */
    public static <T> Uni<T> inTransaction(Pool pool, UUID userId, Function<SqlConnection, Uni<T>> work) {
        Objects.requireNonNull(userId, "userId");
        return pool.withConnection(conn -> Uni.combine()
                .all()
                .unis(conn.begin(), bind(conn, userId), Uni.createFrom().deferred(() -> work.apply(conn)))
                .asTuple()
                .chain(begun -> begun.getItem1().commit().replaceWith(begun.getItem3())));
    }

    /** Binds the connection's current transaction to the user. */
    public static Uni<Void> bind(SqlConnection conn, UUID userId) {
        return conn.preparedQuery(SET_USER_SQL)
                .execute(Tuple.of(userId.toString()))
                .replaceWithVoid();
    }
}
