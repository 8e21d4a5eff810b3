package io.pulse.sync.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Bounded fan-out of per-item requests (the executor's size is the bound). */
public final class Concurrency {

    private Concurrency() {}

    /** Maps every element on the executor, keeping order; the first failure is rethrown as is. */
    public static <T, R> List<R> map(ExecutorService executor, List<T> input, Function<T, R> work) {
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
