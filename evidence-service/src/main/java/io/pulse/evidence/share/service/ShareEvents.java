package io.pulse.evidence.share.service;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.db.OutboxWriter;
import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.EventType;
import io.pulse.common.events.SharePayload;
import io.pulse.evidence.share.api.ShareView;
import io.pulse.evidence.share.repository.ShareRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Share changes with their events, on the caller's transaction: every grant and every revocation (one by one, with
 * the manager, or with a deleted period's packet) writes its event to the outbox in the same commit.
 */
@ApplicationScoped
public class ShareEvents {

    private final ShareRepository shares;

    public ShareEvents(ShareRepository shares) {
        this.shares = shares;
    }

    /** Revokes everything the owner shares. */
    public Uni<Void> revokeAll(SqlConnection conn, UUID owner) {
        return shares.deleteAll(conn, owner).chain(revoked -> publish(conn, owner, EventType.SHARE_REVOKED, revoked));
    }

    /** Revokes the shares of a period's packet, before the period (and so the packet) is deleted. */
    public Uni<Void> revokePeriodPacket(SqlConnection conn, UUID owner, UUID periodId) {
        return shares.deleteOfPeriodPacket(conn, owner, periodId)
                .chain(revoked -> publish(conn, owner, EventType.SHARE_REVOKED, revoked));
    }

    public Uni<Void> publish(SqlConnection conn, UUID owner, EventType type, List<ShareView> changed) {
        List<EventEnvelope> events = new ArrayList<>();
        changed.forEach(share -> events.add(EventCodec.envelope(
                type, owner, new SharePayload(share.id(), share.managerId(), share.kind(), share.itemId()))));
        return events.isEmpty() ? Uni.createFrom().voidItem() : OutboxWriter.appendAll(conn, events);
    }
}
