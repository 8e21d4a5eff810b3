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
import io.pulse.insight.llm.LlmCallException;
import io.pulse.insight.llm.LlmConfig;
import io.pulse.insight.llm.LlmErrorType;
import io.pulse.insight.llm.LlmRetryPolicy;

/**
 * Insights drafted by the LLM (structured JSON output). The call itself is retried by {@link LlmRetryPolicy}
 * (server waits honoured, backoff, budget); when it fails for good the draft says why
 * ({@code pulse.insights.llm.failures{error_type}}). Malformed answers (unparseable, no insight list, a wrong type, an
 * out-of-range confidence...) are asked for again up to {@code pulse.llm.max-attempts} times, then the draft is
 * malformed ({@code pulse.insights.llm.malformed}); either way the caller falls back to the statistical generator.
 * Entries of {@code evidenceIds} that are not UUIDs are dropped here (and counted by the caller with the others);
 * whether the rest exist and belong to the user is checked against the database by the caller.
 *
 * <p>Blocking (it waits for the LLM): call on a worker thread.
 */
@ApplicationScoped
public class LlmInsightGenerator {

    private static final Logger LOG = Logger.getLogger(LlmInsightGenerator.class);

    /**
     * What the LLM drafted: the candidates, or why there are none.
     *
     * @param candidates the drafted insights; null when the LLM failed
     * @param failure why the LLM's work could not be used ({@link LlmErrorType#MALFORMED} when every answer was
     *     malformed); null on success
     */
    public record Draft(List<InsightCandidate> candidates, LlmErrorType failure) {

        public static Draft of(List<InsightCandidate> candidates) {
            return new Draft(List.copyOf(candidates), null);
        }

        public static Draft failed(LlmErrorType failure) {
            return new Draft(null, failure);
        }

        public boolean drafted() {
            return failure == null;
        }
    }

    private final InsightAuthor author;
    private final LlmConfig config;
    private final MeterRegistry metrics;

    public LlmInsightGenerator(InsightAuthor author, LlmConfig config, MeterRegistry metrics) {
        this.author = author;
        this.config = config;
        this.metrics = metrics;
    }

    /** The drafted insights, or why the LLM could not draft them. */
    public Draft generate(List<EvidenceFact> facts, LocalDate periodStart, LocalDate periodEnd) {
        String evidence = prompt(facts);
        String method = "llm:" + config.model();
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            try {
                LlmInsights answer = author.draft(periodStart.toString(), periodEnd.toString(), evidence);
                Optional<List<InsightCandidate>> parsed = parse(answer, method);
                if (parsed.isPresent()) {
                    return Draft.of(parsed.get());
                }
                LOG.warnf("LLM insight answer %d/%d is malformed", attempt, config.maxAttempts());
            } catch (RuntimeException e) {
                Optional<LlmCallException> call = LlmCallException.in(e);
                if (call.isPresent() && call.get().type() != LlmErrorType.MALFORMED) {
                    // Already retried as far as the policy allows: asking again would only spend another budget.
                    LlmErrorType type = call.get().type();
                    metrics.counter("pulse.insights.llm.failures", "error_type", type.label())
                            .increment();
                    LOG.warnf("LLM insight call failed for good (%s)", type.label());
                    return Draft.failed(type);
                }
                // The answer could not be read as the expected JSON at all.
                LOG.warnf("LLM insight answer %d/%d is malformed (unreadable)", attempt, config.maxAttempts());
            }
        }
        metrics.counter("pulse.insights.llm.malformed").increment();
        return Draft.failed(LlmErrorType.MALFORMED);
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
            int notAnId = 0;
            int repeated = 0;
            if (item.evidenceIds() != null) {
                for (String id : item.evidenceIds()) {
                    UUID parsed;
                    try {
                        parsed = UUID.fromString(id.strip());
                    } catch (RuntimeException e) {
                        // Not an id at all: dropped (and counted) like any other invalid citation.
                        notAnId++;
                        continue;
                    }
                    if (!ids.add(parsed)) {
                        repeated++;
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
                    method,
                    notAnId,
                    repeated));
        }
        return Optional.of(out);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
