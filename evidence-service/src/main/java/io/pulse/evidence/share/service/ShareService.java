package io.pulse.evidence.share.service;

import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.db.RlsSession;
import io.pulse.common.db.SqlStates;
import io.pulse.common.events.EventType;
import io.pulse.common.security.CurrentUser;
import io.pulse.common.web.ApiException;
import io.pulse.common.web.FieldChecks;
import io.pulse.common.web.Page;
import io.pulse.common.web.PageRequest;
import io.pulse.evidence.evidence.mapping.EvidenceMapper;
import io.pulse.evidence.packet.api.PacketView;
import io.pulse.evidence.packet.service.PacketService;
import io.pulse.evidence.share.api.ManagerChoice;
import io.pulse.evidence.share.api.ManagerView;
import io.pulse.evidence.share.api.NewShare;
import io.pulse.evidence.share.api.ShareView;
import io.pulse.evidence.share.api.SharedBundle;
import io.pulse.evidence.share.api.SharedPerson;
import io.pulse.evidence.share.repository.ShareRepository;
import io.pulse.evidence.share.repository.SharedEvidenceRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The owner's manager and what the owner shares with them; the manager's read-only view. Every change writes its
 * {@code share.granted} / {@code share.revoked} event to the outbox in the same transaction. Access itself is decided
 * by row-level security on the shares: the manager-side reads here only name the owner.
 */
@ApplicationScoped
public class ShareService {

    static final int MAX_EMAIL = 320;
    static final List<String> KINDS = List.of("packet", "evidence", "insight");

    private final Pool pool;
    private final ShareRepository shares;
    private final SharedEvidenceRepository evidence;
    private final PacketService packets;
    private final ShareEvents events;

    public ShareService(
            Pool pool,
            ShareRepository shares,
            SharedEvidenceRepository evidence,
            PacketService packets,
            ShareEvents events) {
        this.pool = pool;
        this.shares = shares;
        this.evidence = evidence;
        this.packets = packets;
        this.events = events;
    }

    /**
     * Names the caller's manager. Naming another manager (or the same again) first revokes everything shared with
     * the previous one.
     */
    public Uni<ManagerView> nameManager(CurrentUser user, ManagerChoice choice) {
        String email = checkedEmail(choice);
        UUID owner = user.id();
        return RlsSession.inTransaction(
                pool,
                owner,
                conn -> shares.findManager(conn, email).chain(managerId -> {
                    if (managerId == null) {
                        // The same answer whether the address is unknown or belongs to someone without the manager
                        // role.
                        throw ApiException.invalid(
                                "No manager with this e-mail address has signed in to PerformancePulse",
                                List.of(new io.pulse.common.web.Problem.FieldError(
                                        "email", "is not the address of a manager who has signed in")));
                    }
                    return events.revokeAll(conn, owner)
                            .chain(() -> shares.unlink(conn, owner))
                            .chain(() -> shares.link(conn, owner, managerId, email));
                }));
    }

    public Uni<ManagerView> manager(CurrentUser user) {
        return RlsSession.inTransaction(pool, user.id(), conn -> shares.linkOf(conn, user.id()))
                .map(link -> {
                    if (link == null) {
                        throw ApiException.notFound("Manager");
                    }
                    return link;
                });
    }

    /** Removes the manager and revokes everything shared with them, at once. */
    public Uni<Void> removeManager(CurrentUser user) {
        UUID owner = user.id();
        return RlsSession.inTransaction(
                pool,
                owner,
                conn -> shares.linkOf(conn, owner).chain(link -> {
                    if (link == null) {
                        throw ApiException.notFound("Manager");
                    }
                    return events.revokeAll(conn, owner).chain(() -> shares.unlink(conn, owner));
                }));
    }

    public Uni<ShareView> share(CurrentUser user, NewShare input) {
        FieldChecks checks = FieldChecks.forBody();
        if (input == null) {
            return Uni.createFrom().failure(ApiException.badRequest("A JSON object body is required"));
        }
        String kind = checks.oneOf("kind", input.kind(), KINDS);
        if (input.kind() == null) {
            checks.error("kind", "is required");
        }
        if (input.itemId() == null) {
            checks.error("item_id", "is required");
        }
        try {
            checks.throwIfInvalid();
        } catch (ApiException e) {
            return Uni.createFrom().failure(e);
        }
        UUID owner = user.id();
        UUID item = input.itemId();
        return RlsSession.inTransaction(
                        pool,
                        owner,
                        conn -> shares.linkOf(conn, owner).chain(link -> {
                            if (link == null) {
                                throw new ApiException(409, "Conflict", "Name your manager before sharing with them");
                            }
                            return shares.insert(
                                            conn,
                                            owner,
                                            link.managerId(),
                                            "packet".equals(kind) ? item : null,
                                            "evidence".equals(kind) ? item : null,
                                            "insight".equals(kind) ? item : null)
                                    .call(share ->
                                            events.publish(conn, owner, EventType.SHARE_GRANTED, List.of(share)));
                        }))
                .onFailure(e -> SqlStates.is(e, SqlStates.UNIQUE_VIOLATION))
                .transform(e -> ApiException.conflict("This " + kind + " is already shared with your manager"))
                // The composite foreign keys refuse an item that is not the owner's: the same 404 as a missing one.
                .onFailure(e -> SqlStates.is(e, SqlStates.FOREIGN_KEY_VIOLATION))
                .transform(e -> ApiException.notFound(capitalised(kind)));
    }

    public Uni<Page<ShareView>> list(CurrentUser user, PageRequest page) {
        return RlsSession.inTransaction(
                        pool, user.id(), conn -> shares.list(conn, user.id(), page.after(), page.limit()))
                .map(rows -> page.slice(rows, ShareRepository::position, view -> view));
    }

    /** Revokes one share; the manager loses access in the same commit. */
    public Uni<Void> revoke(CurrentUser user, UUID shareId) {
        UUID owner = user.id();
        return RlsSession.inTransaction(
                pool,
                owner,
                conn -> shares.delete(conn, owner, shareId).chain(share -> {
                    if (share == null) {
                        throw ApiException.notFound("Share");
                    }
                    return events.publish(conn, owner, EventType.SHARE_REVOKED, List.of(share));
                }));
    }

    /** The people who share something with the calling manager. */
    public Uni<List<SharedPerson>> people(CurrentUser manager) {
        return RlsSession.inTransaction(pool, manager.id(), conn -> shares.people(conn, manager.id()));
    }

    /** What one person shares with the calling manager; 404 when they share nothing (never a hint of more). */
    public Uni<SharedBundle> sharedBy(CurrentUser manager, UUID ownerId) {
        if (ownerId.equals(manager.id())) {
            return Uni.createFrom().failure(ApiException.notFound("Person"));
        }
        return RlsSession.inTransaction(
                pool,
                manager.id(),
                conn -> shares.person(conn, ownerId).chain(person -> {
                    if (person == null) {
                        throw ApiException.notFound("Person");
                    }
                    return shares.visiblePackets(conn, ownerId)
                            .chain(ids -> packetsOf(conn, ownerId, ids))
                            .chain(sharedPackets -> shares.sharedEvidence(conn, ownerId, manager.id())
                                    .chain(ids -> evidence.find(conn, ownerId, ids))
                                    .chain(items -> shares.visibleInsights(conn, ownerId)
                                            .map(insights -> new SharedBundle(
                                                    person,
                                                    sharedPackets,
                                                    items.stream()
                                                            .map(EvidenceMapper::view)
                                                            .toList(),
                                                    insights))));
                }));
    }

    private Uni<List<PacketView>> packetsOf(SqlConnection conn, UUID ownerId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Multi.createFrom()
                .iterable(ids)
                .onItem()
                .transformToUniAndConcatenate(id -> packets.readVisible(conn, ownerId, id))
                .collect()
                .asList();
    }

    private static String checkedEmail(ManagerChoice choice) {
        if (choice == null) {
            throw ApiException.badRequest("A JSON object body is required");
        }
        String email = choice.email() == null ? null : choice.email().strip();
        FieldChecks checks = FieldChecks.forBody().requiredText("email", email, MAX_EMAIL);
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
            checks.error("email", "must be an e-mail address");
        }
        checks.throwIfInvalid();
        return email;
    }

    private static String capitalised(String kind) {
        return Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
    }
}
