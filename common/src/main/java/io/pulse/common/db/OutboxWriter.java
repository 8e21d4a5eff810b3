package io.pulse.common.db;

import org.hibernate.reactive.mutiny.Mutiny;

import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.EventType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Appends events to the transactional outbox. Call it with the same session or connection, inside the same
 * transaction, as the change the event describes: the event then exists if and only if the change does. The relay
 * publishes it later, keyed by user id.
 */
public final class OutboxWriter {

    // $6 is typed text and then cast: the Vert.x client would encode a String bound to a jsonb parameter as a JSON
    // string value (a quoted, escaped copy of the envelope) instead of the envelope object.
    private static final String INSERT_SQL =
            "insert into outbox (event_id, user_id, topic, message_key, event_type, envelope) values ($1, $2, $3, $4, $5, $6::text::jsonb)";
    private static final String INSERT_HQL =
            "insert into outbox (event_id, user_id, topic, message_key, event_type, envelope) values (?1, ?2, ?3, ?4, ?5, cast(?6 as jsonb))";

    private OutboxWriter() {}

    /** Appends through a Vert.x SQL connection (must be inside its transaction). */
    public static Uni<Void> append(SqlClient client, EventEnvelope envelope) {
        EventType type = knownType(envelope);
        return client.preparedQuery(INSERT_SQL)
                .execute(Tuple.tuple()
                        .addUUID(envelope.eventId())
                        .addUUID(envelope.userId())
                        .addString(type.topic())
                        .addString(envelope.userId().toString())
                        .addString(envelope.type())
                        .addString(EventCodec.toJson(envelope)))
                .replaceWithVoid();
    }

    /** Appends through a Hibernate Reactive session (must be inside its transaction). */
    public static Uni<Void> append(Mutiny.Session session, EventEnvelope envelope) {
        EventType type = knownType(envelope);
        return session.createNativeQuery(INSERT_HQL)
                .setParameter(1, envelope.eventId())
                .setParameter(2, envelope.userId())
                .setParameter(3, type.topic())
                .setParameter(4, envelope.userId().toString())
                .setParameter(5, envelope.type())
                .setParameter(6, EventCodec.toJson(envelope))
                .executeUpdate()
                .replaceWithVoid();
    }

    private static EventType knownType(EventEnvelope envelope) {
        return envelope.knownType()
                .orElseThrow(() -> new IllegalArgumentException("unknown event type " + envelope.type()));
    }
}
