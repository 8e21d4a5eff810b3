package io.pulse.common.db;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.EventType;
import io.pulse.common.events.Topics;
import io.pulse.common.tracing.TraceContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Appends events to the transactional outbox. Call it with the connection, inside the same transaction, as the
 * change the events describe: the events then exist if and only if the change does. The relay publishes them later,
 * in id order, keyed by user id, to the physical topic stored with the row.
 *
 * <p>Each row also keeps the W3C trace context of the span that wrote it (the request's, or a worker's). The relay
 * sends it as Kafka headers, so the consumers' work joins the trace of the change that caused the event.
 */
public final class OutboxWriter {

    // Envelopes travel as text and are cast: the Vert.x client would encode a String bound to a jsonb parameter as a
    // JSON string value (a quoted, escaped copy of the envelope) instead of the envelope object. unnest keeps the
    // array order, so ids (and with them publication order) follow the list.
    // The trace context is the writer's, the same for every row of the call: $6 and $7 are scalars.
    private static final String INSERT_ALL_SQL =
            "insert into outbox (event_id, user_id, topic, message_key, event_type, envelope, traceparent, tracestate)"
                    + " select e.event_id, e.user_id, e.topic, e.user_id::text, e.event_type, e.envelope::jsonb,"
                    + " $6::text, $7::text"
                    + " from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[])"
                    + " with ordinality as e(event_id, user_id, topic, event_type, envelope, ord) order by e.ord";

    /**
     * The deployment's physical topic prefix, stored with each row: whichever relay instance publishes the row (they
     * share the database) sends it to the topic of the deployment that wrote it.
     */
    private static final String TOPIC_PREFIX = ConfigProvider.getConfig()
            .getOptionalValue(Topics.PREFIX_PROPERTY, String.class)
            .orElse("");

    private OutboxWriter() {}

    /** Appends one event (the connection must be inside its transaction). */
    /**
     * Deletes every outbox row of the user (published or not) and every other row whose event names them (a share
     * with them as the manager), for an erasure: it runs in the erasure's transaction before the
     * {@code profile.erased} event is appended. The text match is a scan of the outbox, which the relay keeps to the
     * retention period; erasures are rare.
     */
    public static Uni<Void> eraseUser(SqlClient client, java.util.UUID userId) {
        return client.preparedQuery(
                        "delete from outbox where user_id = $1 or envelope::text like '%' || $1::text || '%'")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(userId))
                .replaceWithVoid();
    }

    public static Uni<Void> append(SqlClient client, EventEnvelope envelope) {
        return appendAll(client, List.of(envelope));
    }

    /** Appends the events in one statement, in list order (the connection must be inside its transaction). */
    public static Uni<Void> appendAll(SqlClient client, List<EventEnvelope> envelopes) {
        if (envelopes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = envelopes.size();
        UUID[] eventIds = new java.util.UUID[n];
        UUID[] userIds = new java.util.UUID[n];
        String[] topics = new String[n];
        String[] types = new String[n];
        String[] bodies = new String[n];
        for (int i = 0; i < n; i++) {
            EventEnvelope envelope = envelopes.get(i);
            eventIds[i] = envelope.eventId();
            userIds[i] = envelope.userId();
            topics[i] = TOPIC_PREFIX + knownType(envelope).topic();
            types[i] = envelope.type();
            bodies[i] = EventCodec.toJson(envelope);
        }
        Optional<TraceContext> trace = TraceContext.current();
        return client.preparedQuery(INSERT_ALL_SQL)
                .execute(Tuple.of(eventIds, userIds, topics, types, bodies)
                        .addString(trace.map(TraceContext::traceparent).orElse(null))
                        .addString(trace.map(TraceContext::tracestate).orElse(null)))
                .replaceWithVoid();
    }

    private static EventType knownType(EventEnvelope envelope) {
        return envelope.knownType()
                .orElseThrow(() -> new IllegalArgumentException("unknown event type " + envelope.type()));
    }
}
