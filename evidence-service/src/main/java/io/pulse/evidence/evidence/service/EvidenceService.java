package io.pulse.evidence.evidence.service;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.db.OutboxWriter;
import io.pulse.common.db.RlsSession;
import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventType;
import io.pulse.common.security.CurrentUser;
import io.pulse.common.web.ApiException;
import io.pulse.evidence.evidence.api.EvidenceFilter;
import io.pulse.evidence.evidence.api.EvidencePage;
import io.pulse.evidence.evidence.api.EvidenceUpdate;
import io.pulse.evidence.evidence.api.EvidenceView;
import io.pulse.evidence.evidence.api.IfMatch;
import io.pulse.evidence.evidence.api.NewEvidence;
import io.pulse.evidence.evidence.mapping.EvidenceMapper;
import io.pulse.evidence.evidence.repository.EvidenceFields;
import io.pulse.evidence.evidence.repository.EvidenceRepository;
import io.pulse.evidence.evidence.repository.EvidenceRow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Evidence use cases. Each runs in one transaction bound to the caller (row-level security); each change writes its
 * event to the outbox in that same transaction, so the event exists if and only if the change does.
 */
@ApplicationScoped
public class EvidenceService {

    private final Pool pool;
    private final EvidenceRepository repository;
    private final EvidenceValidator validator = new EvidenceValidator(Clock.systemUTC());

    public EvidenceService(Pool pool, EvidenceRepository repository) {
        this.pool = pool;
        this.repository = repository;
    }

    public Uni<EvidenceView> create(CurrentUser user, NewEvidence input) {
        return Uni.createFrom()
                .item(() -> validator.forCreate(input))
                .chain(fields -> RlsSession.inTransaction(
                                pool,
                                user.id(),
                                conn -> repository
                                        .insert(conn, UUID.randomUUID(), user.id(), fields)
                                        .call(row -> publish(conn, EventType.EVIDENCE_CREATED, row)))
                        .map(EvidenceMapper::view));
    }

    public Uni<EvidenceView> get(CurrentUser user, UUID id) {
        return RlsSession.inTransaction(pool, user.id(), conn -> repository.find(conn, id, user.id()))
                .map(row -> EvidenceMapper.view(existing(row)));
    }

    public Uni<EvidencePage> list(CurrentUser user, EvidenceFilter filter) {
        return RlsSession.inTransaction(pool, user.id(), conn -> repository.list(conn, user.id(), filter))
                .map(rows -> {
                    boolean more = rows.size() > filter.limit();
                    List<EvidenceRow> page = more ? rows.subList(0, filter.limit()) : rows;
                    String next = null;
                    if (more) {
                        EvidenceRow last = page.get(page.size() - 1);
                        next = EvidenceCursor.encode(new EvidenceFilter.Position(last.occurredAt(), last.id()));
                    }
                    return new EvidencePage(
                            page.stream().map(EvidenceMapper::view).toList(), next);
                });
    }

    /**
     * Applies a partial update when {@code ifMatch} accepts the current version. An update that changes nothing
     * keeps the version and publishes no event.
     */
    public Uni<EvidenceView> update(CurrentUser user, UUID id, IfMatch ifMatch, EvidenceUpdate update) {
        return RlsSession.inTransaction(
                        pool,
                        user.id(),
                        conn -> repository.lock(conn, id, user.id()).chain(row -> {
                            EvidenceRow current = matching(existing(row), ifMatch);
                            EvidenceFields before = EvidenceMapper.fields(current);
                            EvidenceFields after = validator.forUpdate(before, update);
                            if (after.equals(before)) {
                                return Uni.createFrom().item(current);
                            }
                            return repository
                                    .update(conn, id, user.id(), current.version(), after)
                                    .map(EvidenceService::existing)
                                    .call(updated -> publish(conn, EventType.EVIDENCE_UPDATED, updated));
                        }))
                .map(EvidenceMapper::view);
    }

    public Uni<Void> delete(CurrentUser user, UUID id, IfMatch ifMatch) {
        return RlsSession.inTransaction(
                pool,
                user.id(),
                conn -> repository.lock(conn, id, user.id()).chain(row -> {
                    EvidenceRow current = matching(existing(row), ifMatch);
                    return repository
                            .delete(conn, id, user.id(), current.version())
                            .map(EvidenceService::existing)
                            .chain(deleted -> publish(conn, EventType.EVIDENCE_DELETED, deleted));
                }));
    }

    private static Uni<Void> publish(SqlConnection conn, EventType type, EvidenceRow row) {
        return OutboxWriter.append(conn, EventCodec.envelope(type, row.userId(), EvidenceMapper.payload(row)));
    }

    private static EvidenceRow existing(EvidenceRow row) {
        if (row == null) {
            // Also the answer for another user's id: never reveal that it exists.
            throw ApiException.notFound("Evidence");
        }
        return row;
    }

    private static EvidenceRow matching(EvidenceRow row, IfMatch ifMatch) {
        if (!ifMatch.matches(row.version())) {
            throw new ApiException(
                    412,
                    "Precondition Failed",
                    "The evidence has changed since it was read; fetch it again and retry with its current ETag");
        }
        return row;
    }
}
