package io.pulse.evidence.evidence.service;

import java.time.Clock;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.db.RlsSession;
import io.pulse.common.evidence.EvidenceFields;
import io.pulse.common.evidence.EvidenceRow;
import io.pulse.common.evidence.EvidenceWriter;
import io.pulse.common.security.CurrentUser;
import io.pulse.common.web.ApiException;
import io.pulse.common.web.Page;
import io.pulse.common.web.PagePosition;
import io.pulse.evidence.attachment.service.AttachmentRemoval;
import io.pulse.evidence.evidence.api.EvidenceFilter;
import io.pulse.evidence.evidence.api.EvidenceUpdate;
import io.pulse.evidence.evidence.api.EvidenceView;
import io.pulse.evidence.evidence.api.IfMatch;
import io.pulse.evidence.evidence.api.NewEvidence;
import io.pulse.evidence.evidence.mapping.EvidenceMapper;
import io.pulse.evidence.evidence.repository.EvidenceRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Evidence use cases. Each runs in one transaction bound to the caller (row-level security); each change goes through
 * {@link EvidenceWriter}, which writes its event to the outbox in that same transaction, so the event exists if and only if the change does.
 */
@ApplicationScoped
public class EvidenceService {

    private final Pool pool;
    private final EvidenceRepository repository;
    private final EvidenceWriter writer;
    private final AttachmentRemoval attachments;
    private final EvidenceValidator validator = new EvidenceValidator(Clock.systemUTC());

    public EvidenceService(
            Pool pool, EvidenceRepository repository, EvidenceWriter writer, AttachmentRemoval attachments) {
        this.pool = pool;
        this.repository = repository;
        this.writer = writer;
        this.attachments = attachments;
    }

    public Uni<EvidenceView> create(CurrentUser user, NewEvidence input) {
        return Uni.createFrom()
                .item(() -> validator.forCreate(input))
                .chain(fields -> RlsSession.inTransaction(
                                pool,
                                user.id(),
                                conn -> writer.createManual(conn, UUID.randomUUID(), user.id(), fields))
                        .map(EvidenceMapper::view));
    }

    public Uni<EvidenceView> get(CurrentUser user, UUID id) {
        return RlsSession.inTransaction(pool, user.id(), conn -> repository.find(conn, id, user.id()))
                .map(row -> EvidenceMapper.view(existing(row)));
    }

    public Uni<Page<EvidenceView>> list(CurrentUser user, EvidenceFilter filter) {
        return RlsSession.inTransaction(pool, user.id(), conn -> repository.list(conn, user.id(), filter))
                .map(rows -> filter.page()
                        .slice(rows, row -> new PagePosition(row.occurredAt(), row.id()), EvidenceMapper::view));
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
                            return writer.update(conn, id, user.id(), current.version(), after)
                                    .map(EvidenceService::existing);
                        }))
                .map(EvidenceMapper::view);
    }

    /** Deletes the item with its attachments (rows and stored objects) in one transaction. */
    public Uni<Void> delete(CurrentUser user, UUID id, IfMatch ifMatch) {
        return RlsSession.inTransaction(
                pool,
                user.id(),
                conn -> repository.lock(conn, id, user.id()).chain(row -> {
                    EvidenceRow current = matching(existing(row), ifMatch);
                    return attachments
                            .removeAllOf(conn, user.id(), id)
                            .chain(() -> writer.delete(conn, id, user.id(), current.version()))
                            .map(EvidenceService::existing)
                            .replaceWithVoid();
                }));
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
