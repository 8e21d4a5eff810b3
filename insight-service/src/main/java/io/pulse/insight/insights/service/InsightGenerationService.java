package io.pulse.insight.insights.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.EventType;
import io.pulse.common.events.InsightsRequestedPayload;
import io.pulse.insight.insights.InsightsConfig;
import io.pulse.insight.insights.generation.EvidenceFact;
import io.pulse.insight.insights.generation.InsightCandidate;
import io.pulse.insight.insights.generation.LlmInsightGenerator;
import io.pulse.insight.insights.generation.StatisticalInsightGenerator;
import io.pulse.insight.insights.repository.InsightEvidenceRepository;
import io.pulse.insight.insights.repository.InsightRepository;
import io.pulse.insight.insights.repository.InsightRepository.NewInsight;
import io.pulse.insight.llm.LlmPolicy;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Generates a user's insights for a period: reads the evidence, drafts insights (LLM or statistics), checks every
 * citation against the database (exists and belongs to the user), drops invalid ones, discards insights left with
 * none (counted in {@code pulse.insights.discarded}), and stores the rest with their events.
 */
@ApplicationScoped
public class InsightGenerationService {

    private static final Logger LOG = Logger.getLogger(InsightGenerationService.class);
    /** Reason of requests that cover the rolling window (their insights evolve instead of piling up). */
    public static final String ROLLING_REASON = "enrichment";

    private final InsightEvidenceRepository evidence;
    private final InsightRepository insights;
    private final StatisticalInsightGenerator statistics;
    private final LlmInsightGenerator llm;
    private final LlmPolicy llmPolicy;
    private final InsightsConfig config;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final Clock clock = Clock.systemUTC();

    public InsightGenerationService(
            InsightEvidenceRepository evidence,
            InsightRepository insights,
            StatisticalInsightGenerator statistics,
            LlmInsightGenerator llm,
            LlmPolicy llmPolicy,
            InsightsConfig config,
            ObjectMapper json,
            MeterRegistry metrics) {
        this.evidence = evidence;
        this.insights = insights;
        this.statistics = statistics;
        this.llm = llm;
        this.llmPolicy = llmPolicy;
        this.config = config;
        this.json = json;
        this.metrics = metrics;
    }

    /** Handles one record of the insight-requests topic. */
    public Uni<Integer> onEvent(String value) {
        EventEnvelope envelope;
        InsightsRequestedPayload payload;
        try {
            envelope = EventCodec.fromJson(value);
            if (envelope.knownType().orElse(null) != EventType.INSIGHTS_REQUESTED) {
                return Uni.createFrom().item(0);
            }
            payload = EventCodec.payload(envelope, InsightsRequestedPayload.class);
        } catch (EventCodec.MalformedEventException e) {
            LOG.warnf("Skipping a malformed insight request: %s", e.getMessage());
            return Uni.createFrom().item(0);
        }
        if (payload.periodStart() == null
                || payload.periodEnd() == null
                || payload.periodStart().isAfter(payload.periodEnd())) {
            LOG.warnf("Skipping insight request %s with an invalid period", envelope.eventId());
            return Uni.createFrom().item(0);
        }
        return insights.isProcessed(envelope.eventId())
                .chain(done -> done
                        ? Uni.createFrom().item(0)
                        : generate(
                                envelope.userId(),
                                payload.periodStart(),
                                payload.periodEnd(),
                                payload.reason(),
                                envelope.eventId()));
    }

    /** The insights.requested event for a user's rolling window (used by the debounced refresh). */
    public EventEnvelope rollingRequest(UUID userId) {
        LocalDate today = LocalDate.now(clock);
        return EventCodec.envelope(
                EventType.INSIGHTS_REQUESTED,
                userId,
                new InsightsRequestedPayload(today.minus(config.rollingPeriod()), today, ROLLING_REASON));
    }

    /**
     * Generates and stores insights.
     *
     * @param eventId the request event (recorded as handled with the writes), or null
     * @return how many insights were created or updated
     */
    public Uni<Integer> generate(UUID userId, LocalDate start, LocalDate end, String reason, UUID eventId) {
        long days = ChronoUnit.DAYS.between(start, end) + 1;
        LocalDate previousStart = start.minusDays(days);
        LocalDate previousEnd = start.minusDays(1);
        String periodLabel = ROLLING_REASON.equals(reason) ? "rolling" : start + ".." + end;
        Uni<List<EvidenceFact>> current = evidence.inPeriod(userId, start, end, config.maxEvidence());
        Uni<List<EvidenceFact>> previous = evidence.inPeriod(userId, previousStart, previousEnd, config.maxEvidence());
        return Uni.combine()
                .all()
                .unis(current, previous, llmPolicy.useLlmFor(userId))
                .asTuple()
                .chain(t -> {
                    List<EvidenceFact> now = t.getItem1();
                    if (now.isEmpty()) {
                        return insights.store(userId, List.of(), eventId);
                    }
                    Uni<Optional<List<InsightCandidate>>> drafted = t.getItem3()
                            ? Uni.createFrom()
                                    .item(() -> llm.generate(now, start, end))
                                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                            : Uni.createFrom().item(Optional.of(statistics.generate(now, t.getItem2())));
                    return drafted.chain(candidates -> candidates.isEmpty()
                            // Malformed on every attempt: rejected, nothing stored; the request counts as handled.
                            ? insights.store(userId, List.of(), eventId)
                            : checkCitations(userId, candidates.get())
                                    .map(valid -> toRows(valid, start, end, periodLabel, reason))
                                    .chain(rows -> insights.store(userId, rows, eventId)));
                })
                .invoke(n -> LOG.debugf("Insight generation for %s: %d created or updated", userId, n));
    }

    /** Keeps only citations of the user's own existing evidence; drops insights left with none. */
    Uni<List<InsightCandidate>> checkCitations(UUID userId, List<InsightCandidate> candidates) {
        Set<UUID> cited = new LinkedHashSet<>();
        candidates.forEach(c -> cited.addAll(c.evidenceIds()));
        return evidence.ownedBy(userId, cited).map(owned -> {
            List<InsightCandidate> valid = new ArrayList<>();
            for (InsightCandidate c : candidates) {
                List<UUID> ids = c.evidenceIds().stream()
                        .filter(owned::contains)
                        .distinct()
                        .toList();
                int dropped = c.evidenceIds().size() - ids.size();
                if (dropped > 0) {
                    metrics.counter("pulse.insights.citations.dropped").increment(dropped);
                }
                if (ids.isEmpty()) {
                    metrics.counter("pulse.insights.discarded", "reason", "no-valid-citation")
                            .increment();
                    continue;
                }
                String subject = c.subject().startsWith("llm:")
                        ? "llm:" + ids.stream().sorted().toList()
                        : c.subject();
                valid.add(new InsightCandidate(
                        c.type(), subject, c.title(), c.description(), ids, c.confidence(), c.method()));
            }
            return valid;
        });
    }

    private List<NewInsight> toRows(
            List<InsightCandidate> candidates, LocalDate start, LocalDate end, String periodLabel, String reason) {
        Map<String, NewInsight> byFingerprint = new LinkedHashMap<>();
        for (InsightCandidate c : candidates) {
            String fingerprint = fingerprint(c.type() + "|" + c.subject() + "|" + periodLabel);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("model_version", c.method());
            meta.put("subject", c.subject());
            meta.put("reason", reason == null ? "api" : reason);
            try {
                byFingerprint.putIfAbsent(
                        fingerprint,
                        new NewInsight(
                                c.type(),
                                c.title(),
                                c.description(),
                                c.evidenceIds(),
                                c.confidence(),
                                start,
                                end,
                                fingerprint,
                                json.writeValueAsString(meta)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return new ArrayList<>(byFingerprint.values());
    }

    static String fingerprint(String identity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
