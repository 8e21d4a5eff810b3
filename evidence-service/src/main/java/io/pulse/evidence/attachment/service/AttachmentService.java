package io.pulse.evidence.attachment.service;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.db.RlsSession;
import io.pulse.common.evidence.EvidenceRow;
import io.pulse.common.evidence.EvidenceWriter;
import io.pulse.common.security.CurrentUser;
import io.pulse.common.web.ApiException;
import io.pulse.common.web.Page;
import io.pulse.common.web.PagePosition;
import io.pulse.common.web.PageRequest;
import io.pulse.evidence.attachment.api.AttachmentList;
import io.pulse.evidence.attachment.api.AttachmentView;
import io.pulse.evidence.attachment.api.ByteRange;
import io.pulse.evidence.attachment.api.IncomingFile;
import io.pulse.evidence.attachment.mapping.AttachmentMapper;
import io.pulse.evidence.attachment.repository.AttachmentRepository;
import io.pulse.evidence.attachment.repository.AttachmentRow;
import io.pulse.evidence.config.EvidenceConfig;
import io.pulse.evidence.evidence.repository.EvidenceRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Attachments of existing evidence: attach, list, read, remove. Changes lock the evidence row, so the item's
 * {@code attachments} column (written through {@link EvidenceWriter}, with a new version and an
 * {@code evidence.updated} event) always lists exactly its attachment rows. Another user's item or attachment is a
 * 404, exactly like one that does not exist.
 */
@ApplicationScoped
public class AttachmentService {

    private final Pool pool;
    private final FilePreparation preparation;
    private final EvidenceRepository evidence;
    private final AttachmentRepository attachments;
    private final AttachmentStore store;
    private final EvidenceWriter writer;
    private final EvidenceConfig.Uploads limits;

    public AttachmentService(
            Pool pool,
            FilePreparation preparation,
            EvidenceRepository evidence,
            AttachmentRepository attachments,
            AttachmentStore store,
            EvidenceWriter writer,
            EvidenceConfig config) {
        this.pool = pool;
        this.preparation = preparation;
        this.evidence = evidence;
        this.attachments = attachments;
        this.store = store;
        this.writer = writer;
        this.limits = config.uploads();
    }

    /** Stores the files as attachments of the item (no text extraction: the item's content stays as it is). */
    public Uni<AttachmentList> attach(CurrentUser user, UUID evidenceId, List<IncomingFile> files) {
        return preparation
                .prepare(files, false)
                .chain(prepared -> RlsSession.inTransaction(
                        pool,
                        user.id(),
                        conn -> lockedItem(conn, evidenceId, user.id())
                                .chain(item -> attachments
                                        .count(conn, evidenceId, user.id())
                                        .chain(existing -> {
                                            if (existing + prepared.size() > limits.maxAttachmentsPerEvidence()) {
                                                throw ApiException.conflict("An evidence item has at most "
                                                        + limits.maxAttachmentsPerEvidence() + " attachments; it has "
                                                        + existing);
                                            }
                                            return Multi.createFrom()
                                                    .iterable(prepared)
                                                    .onItem()
                                                    .transformToUniAndConcatenate(
                                                            file -> storeOne(conn, user.id(), evidenceId, file))
                                                    .collect()
                                                    .asList();
                                        })
                                        .call(created -> {
                                            List<String> refs = new ArrayList<>(item.attachments());
                                            created.forEach(a -> refs.add(a.href()));
                                            return writer.setAttachments(conn, evidenceId, user.id(), refs);
                                        }))))
                .map(AttachmentList::new);
    }

    private Uni<AttachmentView> storeOne(SqlConnection conn, UUID userId, UUID evidenceId, Prepared file) {
        ObjectKey key = new ObjectKey(userId, UUID.randomUUID());
        return attachments
                .insert(conn, Attachments.row(key, evidenceId, file, store.name()))
                .call(() ->
                        store.write(conn, key, file.file().path(), file.file().size()))
                .map(AttachmentMapper::view);
    }

    public Uni<Page<AttachmentView>> list(CurrentUser user, UUID evidenceId, PageRequest page) {
        return RlsSession.inTransaction(
                        pool,
                        user.id(),
                        conn -> evidence.find(conn, evidenceId, user.id())
                                .map(AttachmentService::existing)
                                .chain(item ->
                                        attachments.page(conn, evidenceId, user.id(), page.after(), page.limit())))
                .map(rows ->
                        page.slice(rows, row -> new PagePosition(row.createdAt(), row.id()), AttachmentMapper::view));
    }

    /** The attachment's metadata. */
    public Uni<AttachmentView> find(CurrentUser user, UUID evidenceId, UUID attachmentId) {
        return RlsSession.inTransaction(
                        pool, user.id(), conn -> attachments.find(conn, attachmentId, evidenceId, user.id()))
                .map(row -> AttachmentMapper.view(present(row)));
    }

    /** The attachment's bytes in the range, streamed as the owner. */
    public Multi<Buffer> read(CurrentUser user, AttachmentView attachment, ByteRange range) {
        return store.read(new ObjectKey(user.id(), attachment.id()), range);
    }

    public Uni<Void> delete(CurrentUser user, UUID evidenceId, UUID attachmentId) {
        return RlsSession.inTransaction(
                pool,
                user.id(),
                conn -> lockedItem(conn, evidenceId, user.id())
                        .chain(item -> attachments
                                .find(conn, attachmentId, evidenceId, user.id())
                                .map(AttachmentService::present)
                                .call(row -> store.delete(conn, user.id(), List.of(row.id())))
                                .call(row -> attachments.delete(conn, row.id(), user.id()))
                                .chain(row -> {
                                    String href = AttachmentMapper.href(evidenceId, row.id());
                                    List<String> refs = item.attachments().stream()
                                            .filter(ref -> !ref.equals(href))
                                            .toList();
                                    return writer.setAttachments(conn, evidenceId, user.id(), refs);
                                })
                                .replaceWithVoid()));
    }

    private Uni<EvidenceRow> lockedItem(SqlConnection conn, UUID evidenceId, UUID userId) {
        return evidence.lock(conn, evidenceId, userId).map(AttachmentService::existing);
    }

    private static EvidenceRow existing(EvidenceRow row) {
        if (row == null) {
            throw ApiException.notFound("Evidence");
        }
        return row;
    }

    private static AttachmentRow present(AttachmentRow row) {
        if (row == null) {
            throw ApiException.notFound("Attachment");
        }
        return row;
    }
}
