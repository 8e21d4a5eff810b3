package io.pulse.common.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.pulse.common.db.Datasources;
import io.pulse.common.messaging.ProcessedEvents;
import io.pulse.common.tracing.SpanAttributes;
import io.pulse.common.tracing.TraceContext;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Publishes outbox rows to Kafka, in id order, keyed by user id, and marks them published.
 *
 * <p>Each batch runs in one service-role transaction that first takes a transaction-scoped advisory lock, so among
 * any number of instances exactly one publishes at a time and per-user order holds; rows are also locked with
 * {@code FOR UPDATE SKIP LOCKED}. The batch is sent, every acknowledgement awaited, and only the acknowledged prefix
 * is marked published; the rest stays for the next round. When the broker is down nothing is marked and events wait
 * in the outbox. A crash between send and commit can publish a row twice: consumers deduplicate by event id.
 *
 * <p>The database work is reactive; waiting for the broker's acknowledgements happens on a worker thread, never on
 * the event loop.
 *
 * <p>Tracing: a row written inside a trace is sent under a producer span that is a child of the stored context, and
 * that span's context travels as the record's {@code traceparent}/{@code tracestate} headers; the consumers continue
 * from it. A row without a stored context is sent without headers and without a span.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String LOCK_SQL = "select pg_try_advisory_xact_lock(hashtext('pulse.outbox-relay')) as locked";
    private static final String CLAIM_SQL =
            "select id, topic, message_key, event_id, event_type, envelope::text as envelope, traceparent, tracestate,"
                    + " user_id"
                    + " from outbox where published_at is null order by id limit $1 for update skip locked";
    // A profile.erased row is deleted once published rather than kept for the retention: it is the last trace of an
    // erased account in the database.
    private static final String MARK_SQL = "with erased as (delete from outbox where id = any($1)"
            + " and event_type = 'profile.erased') update outbox set published_at = now() where id = any($1)"
            + " and event_type <> 'profile.erased'";
    private static final String FAIL_SQL =
            "update outbox set attempts = attempts + 1, last_error = $2 where id = any($1)";
    private static final String PURGE_SQL = "delete from outbox where published_at < now() - make_interval(secs => $1)";

    private final Pool pool;
    private final OutboxConfig config;
    private final Counter published;
    private final Counter failures;
    private final Tracer tracer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Vertx vertx;
    private volatile long timerId = -1;
    private volatile KafkaProducer<String, String> producer;
    private volatile long lastPurge;

    public OutboxRelay(
            @ReactiveDataSource(Datasources.SERVICE) Pool pool,
            OutboxConfig config,
            MeterRegistry registry,
            Tracer tracer) {
        this.pool = pool;
        this.tracer = tracer;
        this.config = config;
        this.published = registry.counter("pulse.outbox.published");
        this.failures = registry.counter("pulse.outbox.publish.failures");
    }

    /** Starts polling; the scheduler's one-second granularity would add up to a second to every event. */
    void start(@Observes StartupEvent event, Vertx vertx) {
        if (!config.relayEnabled()) {
            LOG.info("Outbox relay disabled by configuration");
            return;
        }
        this.vertx = vertx;
        timerId = vertx.setPeriodic(Math.max(10, config.pollInterval().toMillis()), id -> {
            if (running.compareAndSet(false, true)) {
                drain().subscribe().with(ignored -> running.set(false), e -> {
                    LOG.debugf(e, "Outbox relay round failed");
                    running.set(false);
                });
            }
        });
    }

    /** Publishes batches until one comes back short, then purges old published rows now and then. */
    private Uni<Void> drain() {
        return publishBatch()
                .chain(sent -> sent == config.batchSize() && !closed.get() ? drain() : purgeOccasionally());
    }

    /**
     * Publishes one batch. The database work is reactive; only the Kafka acknowledgements are awaited, on a worker
     * thread, never on the event loop.
     *
     * @return how many rows were published (0 when another instance holds the relay lock or nothing is pending)
     */
    public Uni<Integer> publishBatch() {
        return pool.withTransaction(conn -> conn.query(LOCK_SQL).execute().chain(lock -> {
            if (!lock.iterator().next().getBoolean("locked")) {
                return Uni.createFrom().item(0);
            }
            return conn.preparedQuery(CLAIM_SQL)
                    .execute(Tuple.of(config.batchSize()))
                    .chain(rows -> {
                        List<Row> batch = new ArrayList<>();
                        rows.forEach(batch::add);
                        return batch.isEmpty()
                                ? Uni.createFrom().item(0)
                                : Uni.createFrom()
                                        .item(() -> send(batch))
                                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                                        .chain(result -> record(conn, result));
                    });
        }));
    }

    private SendResult send(List<Row> batch) {
        KafkaProducer<String, String> p = producer();
        List<CompletableFuture<Void>> acks = new ArrayList<>(batch.size());
        List<Long> ids = new ArrayList<>(batch.size());
        AtomicBoolean failed = new AtomicBoolean();
        for (Row row : batch) {
            if (failed.get()) {
                // A row failed (e.g. no metadata within max.block.ms while the broker is down; the producer reports
                // that through the callback, inside send). Sending later rows now could put them on the topic ahead
                // of the failed one, which is retried next round: per-user order and exactly-once would both break.
                // The rest of the batch waits, untouched, for the next round.
                break;
            }
            CompletableFuture<Void> ack = new CompletableFuture<>();
            ids.add(row.getLong("id"));
            Span span = publishSpan(row);
            try {
                ProducerRecord<String, String> record = new ProducerRecord<>(
                        row.getString("topic"), row.getString("message_key"), row.getString("envelope"));
                record.headers()
                        .add("pulse-event-type", row.getString("event_type").getBytes(StandardCharsets.UTF_8));
                record.headers()
                        .add(
                                "pulse-event-id",
                                row.getUUID("event_id").toString().getBytes(StandardCharsets.UTF_8));
                traceHeaders(row, span).ifPresent(trace -> {
                    record.headers()
                            .add(TraceContext.TRACEPARENT, trace.traceparent().getBytes(StandardCharsets.UTF_8));
                    if (trace.tracestate() != null) {
                        record.headers()
                                .add(TraceContext.TRACESTATE, trace.tracestate().getBytes(StandardCharsets.UTF_8));
                    }
                });
                p.send(record, (metadata, error) -> {
                    if (error == null) {
                        span.end();
                        ack.complete(null);
                    } else {
                        span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
                        span.end();
                        failed.set(true);
                        ack.completeExceptionally(error);
                    }
                });
            } catch (RuntimeException e) {
                span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
                span.end();
                failed.set(true);
                ack.completeExceptionally(e);
            }
            acks.add(ack);
        }
        // Only the acknowledged prefix counts: a later row must not be marked while an earlier one is retried.
        int acknowledged = 0;
        String error = null;
        long deadline = System.nanoTime() + config.sendTimeout().toNanos();
        for (CompletableFuture<Void> ack : acks) {
            try {
                ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged++;
            } catch (Exception e) {
                error = e.getCause() != null
                        ? e.getCause().getClass().getSimpleName()
                        : e.getClass().getSimpleName();
                break;
            }
        }
        return new SendResult(ids, acknowledged, error);
    }

    /**
     * The producer span of one row, a child of the context stored with it; an invalid (no-op) span when the row has
     * none. Attributes follow the messaging conventions plus ours; the message key (a user id) is left out.
     */
    private Span publishSpan(Row row) {
        String traceparent = row.getString("traceparent");
        if (traceparent == null) {
            return Span.getInvalid();
        }
        String topic = row.getString("topic");
        return tracer.spanBuilder(topic + " publish")
                .setParent(TraceContext.parentOf(traceparent, row.getString("tracestate")))
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "send")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute(SpanAttributes.EVENT_TYPE, row.getString("event_type"))
                .setAttribute(SpanAttributes.EVENT_ID, row.getUUID("event_id").toString())
                .setAttribute(SpanAttributes.USER_HASH, SpanAttributes.userHash(row.getUUID("user_id")))
                .startSpan();
    }

    /** The headers to send: the producer span's context, or the stored one when tracing is off in this process. */
    private static Optional<TraceContext> traceHeaders(Row row, Span span) {
        Optional<TraceContext> own = TraceContext.of(Context.root().with(span));
        if (own.isPresent()) {
            return own;
        }
        String traceparent = row.getString("traceparent");
        return traceparent == null
                ? Optional.empty()
                : Optional.of(new TraceContext(traceparent, row.getString("tracestate")));
    }

    private Uni<Integer> record(SqlConnection conn, SendResult result) {
        List<Long> done = result.ids().subList(0, result.acknowledged());
        List<Long> pending =
                result.ids().subList(result.acknowledged(), result.ids().size());
        Uni<Void> mark = done.isEmpty()
                ? Uni.createFrom().voidItem()
                : conn.preparedQuery(MARK_SQL)
                        .execute(Tuple.of(done.toArray(Long[]::new)))
                        .replaceWithVoid();
        Uni<Void> fail = pending.isEmpty()
                ? Uni.createFrom().voidItem()
                : conn.preparedQuery(FAIL_SQL)
                        .execute(Tuple.of(pending.toArray(Long[]::new), result.error()))
                        .replaceWithVoid();
        return mark.chain(() -> fail).map(ignored -> {
            published.increment(done.size());
            if (!pending.isEmpty()) {
                failures.increment();
                LOG.warnf(
                        "Outbox relay: %d event(s) not acknowledged (%s); they stay queued",
                        pending.size(), result.error());
            }
            return done.size();
        });
    }

    private Uni<Void> purgeOccasionally() {
        long now = System.currentTimeMillis();
        if (now - lastPurge < Duration.ofMinutes(10).toMillis()) {
            return Uni.createFrom().voidItem();
        }
        lastPurge = now;
        return pool.preparedQuery(PURGE_SQL)
                .execute(Tuple.of((double) config.retention().toSeconds()))
                .chain(() -> ProcessedEvents.purge(pool, config.processedRetention()))
                .replaceWithVoid();
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = createProducer();
                }
                p = producer;
            }
        }
        return p;
    }

    private KafkaProducer<String, String> createProducer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "pulse-outbox-relay");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        long timeout = config.sendTimeout().toMillis();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout, Integer.MAX_VALUE));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(timeout + 5, Integer.MAX_VALUE));
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    @PreDestroy
    void close() {
        closed.set(true);
        if (vertx != null && timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        KafkaProducer<String, String> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
    }

    private record SendResult(List<Long> ids, int acknowledged, String error) {}
}
