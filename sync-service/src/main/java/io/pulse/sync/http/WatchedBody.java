package io.pulse.sync.http;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a response body as text while recording when its bytes arrive, so the caller can fail an attempt whose body
 * stalls (a half-open connection or a stalling proxy) and abort it. The JDK client's request timeout only covers the
 * wait for the headers; this covers the rest. Bodies beyond {@code maxBytes} fail instead of filling the heap.
 */
final class WatchedBody implements HttpResponse.BodyHandler<String> {

    private final RunBudget budget;
    private final long maxBytes;
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    private volatile boolean headersReceived;
    private volatile Flow.Subscription subscription;

    WatchedBody(RunBudget budget, long maxBytes) {
        this.budget = budget;
        this.maxBytes = maxBytes;
    }

    boolean headersReceived() {
        return headersReceived;
    }

    /** {@link System#nanoTime()} of the headers or the latest body bytes. */
    long lastActivityNanos() {
        return lastActivity.get();
    }

    /** Stops reading: the connection is closed, not returned to the pool. */
    void abort() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    private void touch() {
        lastActivity.set(System.nanoTime());
        budget.progressed();
    }

    @Override
    public HttpResponse.BodySubscriber<String> apply(HttpResponse.ResponseInfo info) {
        headersReceived = true;
        touch();
        return new Subscriber(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8));
    }

    private final class Subscriber implements HttpResponse.BodySubscriber<String> {

        private final HttpResponse.BodySubscriber<String> delegate;
        private long bytes;
        private boolean failed;

        Subscriber(HttpResponse.BodySubscriber<String> delegate) {
            this.delegate = delegate;
        }

        @Override
        public CompletionStage<String> getBody() {
            return delegate.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            delegate.onSubscribe(s);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (failed) {
                return;
            }
            touch();
            for (ByteBuffer item : items) {
                bytes += item.remaining();
            }
            if (bytes > maxBytes) {
                failed = true;
                subscription.cancel();
                delegate.onError(new IOException("response body larger than " + maxBytes + " bytes"));
                return;
            }
            delegate.onNext(items);
        }

        @Override
        public void onError(Throwable throwable) {
            if (!failed) {
                delegate.onError(throwable);
            }
        }

        @Override
        public void onComplete() {
            if (!failed) {
                touch();
                delegate.onComplete();
            }
        }
    }
}
