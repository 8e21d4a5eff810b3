package io.pulse.common.db;

import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.Panache;
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
@ApplicationScoped
public class RlsSession {

    /** The SQL that binds the transaction to a user; {@code $1} is the user id as text. */
    public static final String SET_USER_SQL = "select set_config('app.user_id', $1, true)";

    private static final String SET_USER_HQL = "select cast(set_config('app.user_id', ?1, true) as text)";

    /**
     * Binds the current Hibernate Reactive transaction to the user. Call first inside a {@code @WithTransaction}
     * method.
     */
    public Uni<Void> actAs(UUID userId) {
        Objects.requireNonNull(userId, "userId");
        return Panache.getSession().chain(session -> actAs(session, userId));
    }

    /** Binds the given session's current transaction to the user. */
    public Uni<Void> actAs(Mutiny.Session session, UUID userId) {
        return session.createNativeQuery(SET_USER_HQL, String.class)
                .setParameter(1, userId.toString())
                .getSingleResult()
                .replaceWithVoid();
    }

    /** Runs the work in a new Hibernate Reactive transaction bound to the user. */
    public <T> Uni<T> inTransaction(UUID userId, Supplier<Uni<T>> work) {
        return Panache.withTransaction(() -> actAs(userId).chain(() -> work.get()));
    }

    /** Runs the work in a transaction on the given pool, bound to the user. */
    public static <T> Uni<T> inTransaction(Pool pool, UUID userId, Function<SqlConnection, Uni<T>> work) {
        Objects.requireNonNull(userId, "userId");
        return pool.withTransaction(conn -> bind(conn, userId).chain(() -> work.apply(conn)));
    }

    /** Binds the connection's current transaction to the user. */
    public static Uni<Void> bind(SqlConnection conn, UUID userId) {
        return conn.preparedQuery(SET_USER_SQL)
                .execute(Tuple.of(userId.toString()))
                .replaceWithVoid();
    }
}
