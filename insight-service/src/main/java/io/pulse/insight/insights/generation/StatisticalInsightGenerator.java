package io.pulse.insight.insights.generation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jakarta.inject.Singleton;

/**
 * Insights computed from the evidence itself, without an LLM (labelled {@value #METHOD}). Every insight cites
 * exactly the items it was computed from:
 *
 * <ul>
 *   <li>strength: a category or tag that recurs in the period (at least {@value #MIN_REPEATED} items);
 *   <li>achievement: an item that states an outcome (shipped, reduced, resolved...), stronger when quantified;
 *   <li>improvement: gaps and friction (delivery work with no testing evidence, recurring incidents, items with a
 *       troubled tone);
 *   <li>trend: a category whose volume at least doubled, or halved, against the previous period of equal length.
 * </ul>
 */
@Singleton
public class StatisticalInsightGenerator {

    public static final String METHOD = "evidence-stats-v1";
    static final int MIN_REPEATED = 3;
    private static final int MAX_CITED = 20;
    private static final int MAX_ACHIEVEMENTS = 5;

    private static final Pattern OUTCOME = Pattern.compile(
            "\\b(shipped|launched|released|delivered|reduced|improved|cut|increased|resolved|eliminated|saved|"
                    + "migrated|automated|completed|unblocked|decreased|sped up|halved|doubled|closed)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern QUANTIFIED = Pattern.compile(
            "\\b\\d+(?:[.,]\\d+)?\\s*(?:%|percent|ms|s\\b|sec|seconds|minutes|min|hours|h\\b|x\\b|k\\b|gb|mb|users|"
                    + "customers|requests|tickets|issues|bugs|tests|services|teams|engineers|days|weeks)",
            Pattern.CASE_INSENSITIVE);

    /**
     * @param current the period's evidence, newest first
     * @param previous the previous period's evidence (same length, just before), newest first
     */
    public List<InsightCandidate> generate(List<EvidenceFact> current, List<EvidenceFact> previous) {
        List<InsightCandidate> out = new ArrayList<>();
        Map<String, List<EvidenceFact>> byCategory = byCategory(current);
        strengths(current, byCategory, out);
        achievements(current, out);
        improvements(current, byCategory, out);
        trends(byCategory, byCategory(previous), out);
        return out;
    }

    private void strengths(
            List<EvidenceFact> current, Map<String, List<EvidenceFact>> byCategory, List<InsightCandidate> out) {
        byCategory.forEach((category, items) -> {
            if (items.size() >= MIN_REPEATED) {
                double share = (double) items.size() / current.size();
                out.add(new InsightCandidate(
                        "strength",
                        "category:" + category,
                        "Consistent " + label(category) + " work",
                        items.size() + " of your " + current.size() + " items in this period are " + label(category)
                                + " work, for example " + examples(items) + ".",
                        ids(items),
                        round(Math.min(0.95, 0.45 + 0.08 * items.size() + 0.2 * share)),
                        METHOD));
            }
        });
        Map<String, List<EvidenceFact>> byTag = new LinkedHashMap<>();
        for (EvidenceFact f : current) {
            for (String tag : f.tags()) {
                String t = tag.toLowerCase(Locale.ROOT);
                if (!byCategory.containsKey(t)) {
                    byTag.computeIfAbsent(t, k -> new ArrayList<>()).add(f);
                }
            }
        }
        byTag.entrySet().stream()
                .filter(e -> e.getValue().size() >= MIN_REPEATED)
                .sorted(Comparator.comparingInt((Map.Entry<String, List<EvidenceFact>> e) ->
                                -e.getValue().size())
                        .thenComparing(Map.Entry::getKey))
                .limit(3)
                .forEach(e -> out.add(new InsightCandidate(
                        "strength",
                        "tag:" + e.getKey(),
                        "Sustained focus on " + e.getKey(),
                        e.getValue().size() + " items in this period are tagged \"" + e.getKey() + "\", for example "
                                + examples(e.getValue()) + ".",
                        ids(e.getValue()),
                        round(Math.min(0.9, 0.4 + 0.08 * e.getValue().size())),
                        METHOD)));
    }

    private void achievements(List<EvidenceFact> current, List<InsightCandidate> out) {
        record Scored(EvidenceFact fact, double score, String outcome, String quantity) {}
        List<Scored> scored = new ArrayList<>();
        for (EvidenceFact f : current) {
            String text = f.title() + ". " + (f.summary() == null ? "" : f.summary() + " ") + f.content();
            Matcher outcome = OUTCOME.matcher(text);
            Matcher quantity = QUANTIFIED.matcher(text);
            boolean hasOutcome = outcome.find();
            boolean hasQuantity = quantity.find();
            if (!hasOutcome) {
                continue;
            }
            double score = 1 + (hasQuantity ? 1 : 0) + Math.max(0, f.sentiment());
            scored.add(new Scored(
                    f,
                    score,
                    outcome.group(1).toLowerCase(Locale.ROOT),
                    hasQuantity ? quantity.group().strip() : null));
        }
        scored.stream()
                .sorted(Comparator.comparingDouble((Scored s) -> -s.score())
                        .thenComparing(s -> s.fact().occurredAt(), Comparator.reverseOrder()))
                .limit(MAX_ACHIEVEMENTS)
                .forEach(s -> out.add(new InsightCandidate(
                        "achievement",
                        "item:" + s.fact().id(),
                        clip(s.fact().title(), 120),
                        s.fact().gist(300)
                                + (s.quantity() != null
                                        ? " (a measurable outcome: " + s.quantity() + ")"
                                        : " (outcome: " + s.outcome() + ")"),
                        List.of(s.fact().id()),
                        round(Math.min(
                                0.95,
                                0.55
                                        + (s.quantity() != null ? 0.2 : 0)
                                        + 0.15 * Math.max(0, s.fact().sentiment()))),
                        METHOD)));
    }

    private void improvements(
            List<EvidenceFact> current, Map<String, List<EvidenceFact>> byCategory, List<InsightCandidate> out) {
        List<EvidenceFact> delivery = Stream.concat(
                        byCategory.getOrDefault("feature", List.of()).stream(),
                        byCategory.getOrDefault("bugfix", List.of()).stream())
                .sorted(Comparator.comparing(EvidenceFact::occurredAt).reversed())
                .toList();
        if (delivery.size() >= 4 && !byCategory.containsKey("testing")) {
            out.add(new InsightCandidate(
                    "improvement",
                    "gap:testing",
                    "Make testing work visible",
                    delivery.size() + " feature and bug-fix items in this period, but none about tests or"
                            + " quality; recording the testing behind them (coverage, flaky tests fixed, test plans)"
                            + " would strengthen them, e.g. " + examples(delivery) + ".",
                    ids(delivery),
                    round(Math.min(0.8, 0.4 + 0.05 * delivery.size())),
                    METHOD));
        }
        if (delivery.size() >= 6 && !byCategory.containsKey("documentation")) {
            out.add(new InsightCandidate(
                    "improvement",
                    "gap:documentation",
                    "Document what you deliver",
                    delivery.size() + " delivery items and no documentation evidence in this period; a design"
                            + " note or runbook for work such as " + examples(delivery) + " would make it last.",
                    ids(delivery),
                    round(Math.min(0.7, 0.35 + 0.04 * delivery.size())),
                    METHOD));
        }
        List<EvidenceFact> incidents = byCategory.getOrDefault("incident", List.of());
        if (incidents.size() >= 2) {
            out.add(new InsightCandidate(
                    "improvement",
                    "recurring:incident",
                    "Recurring incidents",
                    incidents.size() + " incident items in this period (" + examples(incidents)
                            + "); a shared follow-up on their causes could prevent the next one.",
                    ids(incidents),
                    round(Math.min(0.85, 0.45 + 0.1 * incidents.size())),
                    METHOD));
        }
        List<EvidenceFact> troubled =
                current.stream().filter(f -> f.sentiment() <= -0.3).toList();
        if (troubled.size() >= 2) {
            out.add(new InsightCandidate(
                    "improvement",
                    "friction",
                    "Recurring friction",
                    troubled.size() + " items in this period describe blockers, failures or delays, e.g. "
                            + examples(troubled) + ".",
                    ids(troubled),
                    round(Math.min(0.75, 0.35 + 0.08 * troubled.size())),
                    METHOD));
        }
    }

    private void trends(
            Map<String, List<EvidenceFact>> current,
            Map<String, List<EvidenceFact>> previous,
            List<InsightCandidate> out) {
        for (String category : union(current, previous)) {
            List<EvidenceFact> now = current.getOrDefault(category, List.of());
            List<EvidenceFact> before = previous.getOrDefault(category, List.of());
            int c = now.size();
            int p = before.size();
            if (c >= MIN_REPEATED && c >= 2 * Math.max(p, 1)) {
                out.add(new InsightCandidate(
                        "trend",
                        "rising:" + category,
                        "More " + label(category) + " work",
                        c + " " + label(category) + " items in this period against " + p
                                + " in the previous period of the same length.",
                        ids(now),
                        round(Math.min(0.9, 0.4 + 0.06 * (c - p))),
                        METHOD));
            } else if (p >= MIN_REPEATED && c * 2 <= p) {
                List<EvidenceFact> cited = new ArrayList<>(now);
                cited.addAll(before);
                out.add(new InsightCandidate(
                        "trend",
                        "falling:" + category,
                        "Less " + label(category) + " work",
                        c + " " + label(category) + " items in this period against " + p
                                + " in the previous period of the same length.",
                        ids(cited),
                        round(Math.min(0.85, 0.4 + 0.06 * (p - c))),
                        METHOD));
            }
        }
    }

    private static List<String> union(Map<String, ?> a, Map<String, ?> b) {
        List<String> keys = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(keys::add);
        keys.sort(String::compareTo);
        return keys;
    }

    private static Map<String, List<EvidenceFact>> byCategory(List<EvidenceFact> facts) {
        Map<String, List<EvidenceFact>> out = new LinkedHashMap<>();
        for (EvidenceFact f : facts) {
            if (f.category() != null) {
                out.computeIfAbsent(f.category(), k -> new ArrayList<>()).add(f);
            }
        }
        return out;
    }

    private static List<UUID> ids(List<EvidenceFact> items) {
        return items.stream().limit(MAX_CITED).map(EvidenceFact::id).distinct().toList();
    }

    private static String examples(List<EvidenceFact> items) {
        return items.stream()
                .limit(2)
                .map(f -> "\"" + clip(f.title(), 80) + "\"")
                .reduce((a, b) -> a + " and " + b)
                .orElse("");
    }

    private static String label(String category) {
        return category.replace('-', ' ');
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static double round(double d) {
        return Math.round(Math.max(0, Math.min(1, d)) * 100) / 100.0;
    }
}
