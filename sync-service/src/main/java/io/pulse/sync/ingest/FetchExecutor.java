package io.pulse.sync.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.sync.config.SyncConfig;

/**
 * The one pool for per-item source requests (an MR's commits or notes, single issues and projects, Jira
 * sub-lists), shared by every running job. Its size ({@code pulse.sync.http.concurrency}) bounds how hard this
 * process hits GitLab and Jira, however many jobs run at once.
 */
@ApplicationScoped
public class FetchExecutor {

    private final ExecutorService executor;

    public FetchExecutor(SyncConfig config) {
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(config.http().concurrency(), r -> {
            Thread t = new Thread(r, "sync-fetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** Maps every element on the pool, keeping order; the first failure cancels the rest and is rethrown as is. */
    public <T, R> List<R> map(List<T> input, Function<T, R> work) {
        List<Future<R>> futures = new ArrayList<>(input.size());
        for (T item : input) {
            futures.add(executor.submit(() -> work.apply(item)));
        }
        List<R> results = new ArrayList<>(input.size());
        try {
            for (Future<R> future : futures) {
                results.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            futures.forEach(f -> f.cancel(true));
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
        return results;
    }
}
