package io.pulse.evidence.packet.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.db.RlsSession;
import io.pulse.common.security.CurrentUser;
import io.pulse.common.web.ApiException;
import io.pulse.common.web.FieldChecks;
import io.pulse.evidence.goal.api.GoalView;
import io.pulse.evidence.goal.service.GoalService;
import io.pulse.evidence.packet.api.PacketBullet;
import io.pulse.evidence.packet.api.PacketLimits;
import io.pulse.evidence.packet.api.PacketSection;
import io.pulse.evidence.packet.api.PacketView;
import io.pulse.evidence.packet.repository.BulletDraft;
import io.pulse.evidence.packet.repository.PacketRepository;
import io.pulse.evidence.packet.repository.PacketRow;
import io.pulse.evidence.packet.repository.PacketSourceRepository;
import io.pulse.evidence.packet.repository.PacketSourceRepository.SourceInsight;
import io.pulse.evidence.packet.repository.StoredBullet;
import io.pulse.evidence.period.api.PeriodView;
import io.pulse.evidence.period.repository.PeriodRepository;
import io.pulse.evidence.period.service.PeriodService;
import io.pulse.evidence.period.service.PeriodWindow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The review packet of a period: written from insights, goals and evidence, edited by its owner, and read (by the
 * owner, or by a manager it is shared with) only through {@link #read}, which checks every citation on the way out.
 */
@ApplicationScoped
public class PacketService {

    /** Section keys in packet order, with their headings. */
    public static final Map<String, String> SECTIONS = sections();

    private final Pool pool;
    private final PacketRepository packets;
    private final PacketSourceRepository sources;
    private final PeriodService periods;
    private final PeriodRepository periodRows;
    private final GoalService goals;

    public PacketService(
            Pool pool,
            PacketRepository packets,
            PacketSourceRepository sources,
            PeriodService periods,
            PeriodRepository periodRows,
            GoalService goals) {
        this.pool = pool;
        this.packets = packets;
        this.sources = sources;
        this.periods = periods;
        this.periodRows = periodRows;
        this.goals = goals;
    }

    /**
     * Writes (or rewrites) the period's packet. Bullets the owner edited are kept with their citations; the others
     * are replaced by fresh ones, except that an insight or goal an edited bullet was written from is not repeated.
     */
    public Uni<PacketView> generate(CurrentUser user, UUID periodId) {
        UUID owner = user.id();
        return RlsSession.inTransaction(
                pool,
                owner,
                conn -> periods.require(conn, owner, periodId)
                        .chain(period -> {
                            PeriodWindow window = PeriodWindow.of(period);
                            return sources.insights(conn, owner, period.startDate(), period.endDate())
                                    .chain(insights -> goals.goalsOf(conn, owner, periodId)
                                            .chain(goalViews -> sources.delivered(
                                                            conn,
                                                            owner,
                                                            window.from(),
                                                            window.toExclusive(),
                                                            PacketLimits.FALLBACK_ACHIEVEMENTS)
                                                    .chain(delivered -> {
                                                        Set<UUID> candidates = new HashSet<>();
                                                        insights.forEach(i -> candidates.addAll(i.evidenceIds()));
                                                        goalViews.forEach(g -> g.evidence()
                                                                .forEach(c -> candidates.add(c.evidenceId())));
                                                        delivered.forEach(d -> candidates.add(d.id()));
                                                        return sources.inWindow(
                                                                        conn,
                                                                        owner,
                                                                        candidates,
                                                                        window.from(),
                                                                        window.toExclusive())
                                                                .chain(valid -> write(
                                                                        conn, owner, period, insights, goalViews,
                                                                        delivered, valid));
                                                    })));
                        })
                        .chain(packet -> read(conn, owner, packet)));
    }

    private Uni<PacketRow> write(
            SqlConnection conn,
            UUID owner,
            PeriodView period,
            List<SourceInsight> insights,
            List<GoalView> goalViews,
            List<PacketSourceRepository.SourceItem> delivered,
            Set<UUID> valid) {
        String generator = insights.stream()
                .map(SourceInsight::generator)
                .filter(g -> !"statistical".equals(g))
                .findFirst()
                .orElse(insights.isEmpty() ? "evidence" : insights.get(0).generator());
        return packets.upsert(conn, owner, period.id(), generator)
                .chain(packet -> packets.deleteUnedited(conn, owner, packet.id())
                        .chain(() -> packets.bullets(
                                conn,
                                owner,
                                packet.id(),
                                PeriodWindow.of(period).from(),
                                PeriodWindow.of(period).toExclusive()))
                        .chain(kept -> {
                            Set<UUID> keptInsights = new HashSet<>();
                            Set<UUID> keptGoals = new HashSet<>();
                            Map<String, Integer> lastPosition = new HashMap<>();
                            for (StoredBullet bullet : kept) {
                                if (bullet.insightId() != null) {
                                    keptInsights.add(bullet.insightId());
                                }
                                if (bullet.goalId() != null) {
                                    keptGoals.add(bullet.goalId());
                                }
                                lastPosition.merge(bullet.section(), bullet.position(), Math::max);
                            }
                            List<BulletDraft> drafts =
                                    PacketWriter.draft(insights, goalViews, delivered, valid, keptInsights, keptGoals);
                            return packets.insert(conn, owner, packet.id(), drafts, lastPosition)
                                    .replaceWith(packet);
                        }));
    }

    /** The period's packet as it stands, written first if it does not exist yet (the assistant's draft). */
    public Uni<PacketView> draft(CurrentUser user, UUID periodId) {
        return ofPeriod(user, periodId)
                .onFailure(e -> e instanceof ApiException api && api.status() == 404)
                .recoverWithUni(() -> generate(user, periodId));
    }

    /** The owner's packet of a period; 404 until it has been generated. */
    public Uni<PacketView> ofPeriod(CurrentUser user, UUID periodId) {
        UUID owner = user.id();
        return RlsSession.inTransaction(
                pool,
                owner,
                conn -> periods.require(conn, owner, periodId)
                        .chain(period -> packets.byPeriod(conn, owner, periodId))
                        .chain(packet -> read(conn, owner, existing(packet))));
    }

    /**
     * A packet as the user bound to {@code conn} may see it: the owner reads their own, a manager one shared with them
     * (row-level security decides; {@code ownerId} only narrows the query). 404 for anything else.
     */
    public Uni<PacketView> readVisible(SqlConnection conn, UUID ownerId, UUID packetId) {
        return packets.find(conn, ownerId, packetId).chain(packet -> read(conn, ownerId, existing(packet)));
    }

    /** The owner's text for a bullet. Its citations stay; the bullet is kept when the packet is regenerated. */
    public Uni<PacketView> editBullet(CurrentUser user, UUID packetId, UUID bulletId, String text) {
        UUID owner = user.id();
        return Uni.createFrom()
                .item(() -> checkedText(text))
                .chain(valid -> RlsSession.inTransaction(
                        pool,
                        owner,
                        conn -> packets.find(conn, owner, packetId)
                                .map(PacketService::existing)
                                .chain(packet -> packets.updateText(conn, owner, packetId, bulletId, valid)
                                        .chain(updated -> {
                                            if (!updated) {
                                                throw ApiException.notFound("Bullet");
                                            }
                                            return packets.touch(conn, owner, packetId);
                                        })
                                        .chain(() -> read(conn, owner, packet)))));
    }

    /** Removes a bullet the owner does not want in the packet (a regeneration may write it again, unedited). */
    public Uni<PacketView> deleteBullet(CurrentUser user, UUID packetId, UUID bulletId) {
        UUID owner = user.id();
        return RlsSession.inTransaction(
                pool,
                owner,
                conn -> packets.find(conn, owner, packetId)
                        .map(PacketService::existing)
                        .chain(packet -> packets.deleteBullet(conn, owner, packetId, bulletId)
                                .chain(deleted -> {
                                    if (!deleted) {
                                        throw ApiException.notFound("Bullet");
                                    }
                                    return packets.touch(conn, owner, packetId);
                                })
                                .chain(() -> read(conn, owner, packet))));
    }

    /** Reads the packet with every citation checked against the period; bullets left without one are dropped. */
    private Uni<PacketView> read(SqlConnection conn, UUID ownerId, PacketRow packet) {
        return periodRows.find(conn, ownerId, packet.periodId()).chain(period -> {
            if (period == null) {
                throw ApiException.notFound("Packet");
            }
            PeriodWindow window = PeriodWindow.of(period);
            return packets.bullets(conn, ownerId, packet.id(), window.from(), window.toExclusive())
                    .map(bullets -> view(packet, period, bullets));
        });
    }

    private static PacketView view(PacketRow packet, PeriodView period, List<StoredBullet> bullets) {
        Map<String, List<PacketBullet>> bySection = new LinkedHashMap<>();
        SECTIONS.keySet().forEach(key -> bySection.put(key, new ArrayList<>()));
        int dropped = 0;
        List<StoredBullet> ordered = new ArrayList<>(bullets);
        ordered.sort((a, b) -> Integer.compare(a.position(), b.position()));
        for (StoredBullet bullet : ordered) {
            if (bullet.validCitations().isEmpty()) {
                dropped++;
                continue;
            }
            bySection
                    .get(bullet.section())
                    .add(new PacketBullet(
                            bullet.id(),
                            bullet.text(),
                            bullet.edited(),
                            bullet.goalId(),
                            bullet.insightId(),
                            List.copyOf(bullet.validCitations())));
        }
        List<PacketSection> sections = new ArrayList<>();
        bySection.forEach((key, list) -> sections.add(new PacketSection(key, SECTIONS.get(key), list)));
        return new PacketView(
                packet.id(),
                packet.userId(),
                period,
                packet.generator(),
                packet.generatedAt(),
                packet.updatedAt(),
                sections,
                dropped);
    }

    private static String checkedText(String text) {
        String value = text == null ? null : text.strip();
        FieldChecks.forBody().requiredText("text", value, PacketLimits.MAX_TEXT).throwIfInvalid();
        return value;
    }

    private static PacketRow existing(PacketRow packet) {
        if (packet == null) {
            throw ApiException.notFound("Packet");
        }
        return packet;
    }

    private static Map<String, String> sections() {
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("achievements", "Achievements");
        sections.put("strengths", "Strengths");
        sections.put("growth_areas", "Growth areas");
        sections.put("trends", "Trends");
        sections.put("goals", "Progress on goals");
        return java.util.Collections.unmodifiableMap(sections);
    }
}
