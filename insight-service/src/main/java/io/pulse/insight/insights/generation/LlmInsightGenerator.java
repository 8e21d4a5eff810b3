package io.pulse.insight.insights.generation;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.insight.llm.LlmConfig;

/**
 * Insights drafted by the LLM (structured JSON output). Malformed answers (unparseable, no insight list, a wrong
 * type, an out-of-range confidence...) are retried up to {@code pulse.llm.max-attempts} times; then the generation
 * is rejected and nothing is stored. Ids that are not UUIDs are dropped here; whether the rest exist and belong to
 * the user is checked against the database by the caller.
 *
 * <p>Blocking (it waits for the LLM): call on a worker thread.
 */
@ApplicationScoped
public class LlmInsightGenerator {

    private static final Logger LOG = Logger.getLogger(LlmInsightGenerator.class);

    private final InsightAuthor author;
    private final LlmConfig config;
    private final MeterRegistry metrics;

    public LlmInsightGenerator(InsightAuthor author, LlmConfig config, MeterRegistry metrics) {
        this.author = author;
        this.config = config;
        this.metrics = metrics;
    }

    /** The drafted insights, or empty when the LLM's answers were malformed on every attempt. */
    public Optional<List<InsightCandidate>> generate(
            List<EvidenceFact> facts, LocalDate periodStart, LocalDate periodEnd) {
        String evidence = prompt(facts);
        String method = "llm:" + config.model();
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            try {
                LlmInsights answer = author.draft(periodStart.toString(), periodEnd.toString(), evidence);
                Optional<List<InsightCandidate>> parsed = parse(answer, method);
                if (parsed.isPresent()) {
                    return parsed;
                }
                LOG.warnf("LLM insight answer %d/%d is malformed", attempt, config.maxAttempts());
            } catch (RuntimeException e) {
                LOG.warnf(
                        "LLM insight call %d/%d failed: %s",
                        attempt, config.maxAttempts(), e.getClass().getSimpleName());
            }
        }
        metrics.counter("pulse.insights.llm.rejected").increment();
        return Optional.empty();
    }

    private String prompt(List<EvidenceFact> facts) {
        StringBuilder out = new StringBuilder();
        facts.stream()
                .limit(config.maxEvidencePerPrompt())
                .forEach(f -> out.append('[')
                        .append(f.id())
                        .append("] ")
                        .append(f.occurredAt().atOffset(ZoneOffset.UTC).toLocalDate())
                        .append(" | ")
                        .append(f.category() == null ? "uncategorised" : f.category())
                        .append(" | ")
                        .append(f.title().replace('\n', ' '))
                        .append(": ")
                        .append(f.gist(config.contentCharsPerItem()))
                        .append('\n'));
        return out.toString();
    }

    static Optional<List<InsightCandidate>> parse(LlmInsights answer, String method) {
        if (answer == null || answer.insights() == null) {
            return Optional.empty();
        }
        List<InsightCandidate> out = new ArrayList<>();
        for (LlmInsights.Item item : answer.insights()) {
            if (item == null
                    || item.type() == null
                    || !InsightCandidate.TYPES.contains(item.type().strip().toLowerCase(Locale.ROOT))
                    || item.title() == null
                    || item.title().isBlank()
                    || item.description() == null
                    || item.confidence() == null
                    || item.confidence().isNaN()
                    || item.confidence() < 0
                    || item.confidence() > 1) {
                return Optional.empty();
            }
            LinkedHashSet<UUID> ids = new LinkedHashSet<>();
            if (item.evidenceIds() != null) {
                for (String id : item.evidenceIds()) {
                    try {
                        ids.add(UUID.fromString(id.strip()));
                    } catch (RuntimeException e) {
                        // Not an id at all: dropped like any other invalid citation.
                    }
                }
            }
            List<UUID> sorted = ids.stream().sorted().toList();
            String type = item.type().strip().toLowerCase(Locale.ROOT);
            out.add(new InsightCandidate(
                    type,
                    "llm:" + sorted,
                    clip(item.title().strip(), 200),
                    clip(item.description().strip(), 2000),
                    List.copyOf(ids),
                    item.confidence(),
                    method));
        }
        return Optional.of(out);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
