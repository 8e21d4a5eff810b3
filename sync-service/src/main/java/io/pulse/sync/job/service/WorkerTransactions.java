package io.pulse.sync.job.service;

import java.time.Duration;
import java.util.function.Function;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.concurrent.BlockingBridge;
import io.pulse.common.db.Datasources;
import io.quarkus.opentelemetry.runtime.QuarkusContextStorage;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The one place in sync-service that blocks on the reactive pool. A sync worker thread drives a long, sequential
 * conversation with GitLab or Jira over blocking HTTP, and each page has to be committed before the next one is
 * fetched (a failure then leaves whole pages behind, and memory stays bounded to one page). Waiting for the commit
 * on that thread is the plain and correct back-pressure; turning the run into a reactive pipeline would buy nothing
 * but complexity. Only {@link SyncRunWriter}, on {@link SyncWorkers} threads, calls this; the event loop never may.
 */
@ApplicationScoped
@BlockingBridge("a sync worker thread drives a long sequential sync and must commit each page before fetching the next")
public class WorkerTransactions {

    /** Generous: a page upsert is one statement, but the pool may be busy with the request path. */
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final Pool servicePool;
    private final Vertx vertx;

    public WorkerTransactions(@ReactiveDataSource(Datasources.SERVICE) Pool servicePool, Vertx vertx) {
        this.servicePool = servicePool;
        this.vertx = vertx;
    }

    /**
     * Runs the work in one service-role transaction and waits for its outcome. The transaction runs on a fresh
     * duplicated Vert.x context that carries the worker's trace context, so its statements are spans of the sync
     * run and the events it appends store the run's trace (the worker thread's own context would stop at the pool).
     */
    public <T> T inTransaction(Function<SqlConnection, Uni<T>> work) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("worker transactions must not run on the event loop");
        }
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        QuarkusContextStorage.INSTANCE.attach(context, io.opentelemetry.context.Context.current());
        return Uni.createFrom()
                .deferred(() -> servicePool.withTransaction(work))
                .runSubscriptionOn(command -> context.runOnContext(ignored -> command.run()))
                .await()
                .atMost(TIMEOUT);
    }
}
