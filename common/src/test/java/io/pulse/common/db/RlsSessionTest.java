package io.pulse.common.db;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.pulse.common.testing.TestDatabase;
import io.pulse.common.testing.TestDatabase.Role;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.PoolOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link RlsSession} sends BEGIN, the user binding and the work's first statement without waiting between them. On a
 * pool of one connection, so every call reuses the connection the previous one returned: the work sees only its
 * user's rows, a failed work leaves nothing behind, and no transaction or binding outlives a call.
 */
class RlsSessionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static Vertx vertx;
    private static Pool pool;
    private static UUID alice;
    private static UUID bob;

    @BeforeAll
    static void start() throws SQLException {
        TestDatabase.migrateMain();
        alice = TestDatabase.ensureProfile("rls-alice-" + UUID.randomUUID());
        bob = TestDatabase.ensureProfile("rls-bob-" + UUID.randomUUID());
        vertx = Vertx.vertx();
        PgConnectOptions connect = PgConnectOptions.fromUri(
                        TestDatabase.jdbcUrl(TestDatabase.MAIN).substring("jdbc:".length()))
                .setUser(Role.APP.user())
                .setPassword(Role.APP.password())
                .setCachePreparedStatements(true);
        pool = PgPool.pool(vertx, connect, new PoolOptions().setMaxSize(1));
    }

    @AfterAll
    static void stop() {
        pool.closeAndAwait();
        vertx.closeAndAwait();
    }

    @Test
    void theFirstStatementAlreadyRunsAsTheUser() {
        insert(alice, "alice's work");
        insert(bob, "bob's work");

        List<UUID> owners = RlsSession.inTransaction(
                        pool,
                        alice,
                        conn -> conn.query("select user_id from evidence")
                                .execute()
                                .map(rows -> {
                                    List<UUID> out = new ArrayList<>();
                                    for (Row r : rows) {
                                        out.add(r.getUUID(0));
                                    }
                                    return out;
                                }))
                .await()
                .atMost(WAIT);

        assertThat(owners).isNotEmpty().containsOnly(alice);
    }

    @Test
    void aFailedWorkLeavesNothingAndTheConnectionComesBackClean() {
        String title = "half-written " + UUID.randomUUID();
        assertThatThrownBy(() -> RlsSession.inTransaction(
                                pool,
                                alice,
                                conn -> conn.preparedQuery("insert into evidence (user_id, title, content, source)"
                                                + " values ($1, $2, 'c', 'manual')")
                                        .execute(Tuple.of(alice, title))
                                        // Refused by row-level security: another user's row, in the same transaction.
                                        .chain(() -> conn.preparedQuery(
                                                        "insert into evidence (user_id, title, content, source)"
                                                                + " values ($1, 'not mine', 'c', 'manual')")
                                                .execute(Tuple.of(bob))))
                        .await()
                        .atMost(WAIT))
                .isInstanceOf(PgException.class);

        // The same (only) connection: not inside a transaction any more, bound to nobody, and the first insert gone.
        Row state = pool.query("select now() = statement_timestamp() as autocommit,"
                        + " coalesce(current_setting('app.user_id', true), '') as bound_to")
                .execute()
                .await()
                .atMost(WAIT)
                .iterator()
                .next();
        assertThat(state.getBoolean("autocommit")).isTrue();
        assertThat(state.getString("bound_to")).isEmpty();
        assertThat(RlsSession.inTransaction(
                                pool,
                                alice,
                                conn -> conn.preparedQuery("select count(*) from evidence where title = $1")
                                        .execute(Tuple.of(title))
                                        .map(rows -> rows.iterator().next().getLong(0)))
                        .await()
                        .atMost(WAIT))
                .isZero();
    }

    @Test
    void theBindingEndsWithTheCall() {
        RlsSession.inTransaction(pool, bob, conn -> conn.query("select 1").execute())
                .await()
                .atMost(WAIT);

        Row after = pool.query("select coalesce(current_setting('app.user_id', true), '') as bound_to,"
                        + " (select count(*) from evidence) as visible")
                .execute()
                .await()
                .atMost(WAIT)
                .iterator()
                .next();
        assertThat(after.getString("bound_to")).isEmpty();
        assertThat(after.getLong("visible")).isZero();
    }

    private static void insert(UUID user, String title) {
        RlsSession.inTransaction(
                        pool,
                        user,
                        conn -> conn.preparedQuery(
                                        "insert into evidence (user_id, title, content, source) values ($1, $2, 'c', 'manual')")
                                .execute(Tuple.of(user, title)))
                .await()
                .atMost(WAIT);
    }
}
