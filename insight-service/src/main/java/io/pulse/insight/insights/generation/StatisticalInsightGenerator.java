package io.pulse.insight.insights.generation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import jakarta.inject.Singleton;

import io.pulse.insight.enrichment.analysis.WordLists;
import io.pulse.insight.insights.generation.ImpactSentences.Impact;

/**
 * Insights computed from the evidence itself, without an LLM (labelled {@value #METHOD}), from what the embedding
 * model reads in each item ({@link EvidenceFact#reading()}: its kind of work, whether it describes trouble, the
 * kind of effect and of friction). Every insight cites exactly the items it was computed from:
 *
 * <ul>
 *   <li>strength: a kind of work that recurs (at least {@value #MIN_REPEATED} items that do not describe trouble),
 *       named with the effect most of them had ("performance work that made systems faster"), quoting their impact;
 *   <li>achievement: an item that states its impact, stronger when measured, told in its one impact sentence;
 *   <li>improvement: trouble that recurs, by kind (work waiting on others, unstable builds, growing scope, on-call
 *       load...), and recurring incidents; they cite only items the model reads as describing a problem;
 *   <li>trend: a kind of work whose volume at least doubled, or halved, against the previous period of equal length.
 * </ul>
 *
 * <p>Items without a vector of the current model (not enriched yet) count for trends and achievements only: whether
 * they describe trouble is unknown, and an improvement must not cite a success story.
 */
@Singleton
public class StatisticalInsightGenerator {

    public static final String METHOD = "evidence-semantic-v2";
    static final int MIN_REPEATED = 3;
    static final int MIN_FRICTION = 2;
    private static final int MAX_CITED = 20;
    private static final int MAX_ACHIEVEMENTS = 5;
    private static final Map<String, String> PHRASES = WordLists.phrases("insight-phrases");

    /**
     * @param current the period's evidence, newest first
     * @param previous the previous period's evidence (same length, just before), newest first
     */
    public List<InsightCandidate> generate(List<EvidenceFact> current, List<EvidenceFact> previous) {
        List<InsightCandidate> out = new ArrayList<>();
        strengths(current, out);
        achievements(current, out);
        improvements(current, out);
        trends(byTheme(current), byTheme(previous), out);
        return out;
    }

    private void strengths(List<EvidenceFact> current, List<InsightCandidate> out) {
        // Trouble is no strength (improvements speak of it).
        Map<String, List<EvidenceFact>> byTheme =
                byTheme(current.stream().filter(f -> !f.problem()).toList());
        byTheme.forEach((theme, items) -> {
            if (items.size() < MIN_REPEATED) {
                return;
            }
            String effect = dominantEffect(items);
            String name = phrase("theme:" + theme, theme.replace('-', ' ') + " work")
                    + (effect == null ? "" : " " + phrase("effect:" + effect, ""));
            // Measured impacts first: they say best what the work achieved.
            List<String> examples = items.stream()
                    .map(f -> ImpactSentences.of(f).orElse(null))
                    .filter(i -> i != null)
                    .sorted(Comparator.comparing((Impact i) -> !i.quantified()))
                    .limit(2)
                    .map(i -> unsentence(i.sentence()))
                    .toList();
            String description = capitalize(name) + " runs through this period"
                    + (examples.isEmpty()
                            ? ", for example " + titles(items) + "."
                            : ": " + String.join("; ", examples) + ".");
            out.add(new InsightCandidate(
                    "strength",
                    "category:" + theme,
                    capitalize(name),
                    description,
                    ids(items),
                    round(Math.min(0.95, 0.45 + 0.08 * items.size() + (effect == null ? 0 : 0.1))),
                    METHOD));
        });
    }

    private void achievements(List<EvidenceFact> current, List<InsightCandidate> out) {
        record Scored(EvidenceFact fact, Impact impact, double score) {}
        List<Scored> scored = new ArrayList<>();
        for (EvidenceFact f : current) {
            if (f.problem()) {
                continue;
            }
            Optional<Impact> impact = ImpactSentences.of(f);
            impact.ifPresent(i ->
                    scored.add(new Scored(f, i, 1 + (i.quantified() ? 1 : 0) + Math.max(0, f.sentiment()))));
        }
        scored.stream()
                .sorted(Comparator.comparingDouble((Scored s) -> -s.score())
                        .thenComparing(s -> s.fact().occurredAt(), Comparator.reverseOrder()))
                .limit(MAX_ACHIEVEMENTS)
                .forEach(s -> out.add(new InsightCandidate(
                        "achievement",
                        "item:" + s.fact().id(),
                        clip(s.fact().title(), 120),
                        s.impact().sentence(),
                        List.of(s.fact().id()),
                        round(Math.min(
                                0.95,
                                0.55
                                        + (s.impact().quantified() ? 0.2 : 0)
                                        + 0.15 * Math.max(0, s.fact().sentiment()))),
                        METHOD)));
    }

    private void improvements(List<EvidenceFact> current, List<InsightCandidate> out) {
        List<EvidenceFact> incidents = current.stream()
                .filter(f -> f.problem() && "incident".equals(f.theme()))
                .toList();
        if (incidents.size() >= MIN_FRICTION) {
            out.add(new InsightCandidate(
                    "improvement",
                    "recurring:incident",
                    "Recurring production trouble",
                    incidents.size() + " items in this period describe production incidents or operational trouble ("
                            + titles(incidents) + "); a shared look at their causes could prevent the next one.",
                    ids(incidents),
                    round(Math.min(0.85, 0.45 + 0.1 * incidents.size())),
                    METHOD));
        }
        Map<String, List<EvidenceFact>> byFriction = current.stream()
                .filter(f -> f.problem() && !"incident".equals(f.theme()))
                .collect(Collectors.groupingBy(f -> f.reading().friction(), LinkedHashMap::new, Collectors.toList()));
        byFriction.forEach((friction, items) -> {
            if (items.size() < MIN_FRICTION) {
                return;
            }
            String kind = phrase("friction:" + friction, friction.replace('-', ' '));
            out.add(new InsightCandidate(
                    "improvement",
                    "friction:" + friction,
                    "Recurring friction: " + kind,
                    capitalize(kind) + " cost you time more than once in this period (" + titles(items)
                            + "); raising it with the team, with these items as evidence, could remove the cause.",
                    ids(items),
                    round(Math.min(0.8, 0.4 + 0.1 * items.size())),
                    METHOD));
        });
    }

    private void trends(
            Map<String, List<EvidenceFact>> current,
            Map<String, List<EvidenceFact>> previous,
            List<InsightCandidate> out) {
        for (String theme : union(current, previous)) {
            List<EvidenceFact> now = current.getOrDefault(theme, List.of());
            List<EvidenceFact> before = previous.getOrDefault(theme, List.of());
            int c = now.size();
            int p = before.size();
            String name = phrase("theme:" + theme, theme.replace('-', ' ') + " work");
            if (c >= MIN_REPEATED && c >= 2 * Math.max(p, 1)) {
                out.add(new InsightCandidate(
                        "trend",
                        "rising:" + theme,
                        "More " + name,
                        c + " items of " + name + " in this period against " + p
                                + " in the previous period of the same length.",
                        ids(now),
                        round(Math.min(0.9, 0.4 + 0.06 * (c - p))),
                        METHOD));
            } else if (p >= MIN_REPEATED && c * 2 <= p) {
                List<EvidenceFact> cited = new ArrayList<>(now);
                cited.addAll(before);
                out.add(new InsightCandidate(
                        "trend",
                        "falling:" + theme,
                        "Less " + name,
                        c + " items of " + name + " in this period against " + p
                                + " in the previous period of the same length.",
                        ids(cited),
                        round(Math.min(0.85, 0.4 + 0.06 * (p - c))),
                        METHOD));
            }
        }
    }

    /** The effect most items of the group had, or null when the model read none (no vectors). */
    private static String dominantEffect(List<EvidenceFact> items) {
        return items.stream()
                .filter(f -> f.reading() != null && f.reading().effect() != null)
                .collect(Collectors.groupingBy(f -> f.reading().effect(), LinkedHashMap::new, Collectors.counting()))
                .entrySet()
                .stream()
                .max(Map.Entry.<String, Long>comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(null);
    }

    private static List<String> union(Map<String, ?> a, Map<String, ?> b) {
        List<String> keys = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(keys::add);
        keys.sort(String::compareTo);
        return keys;
    }

    private static Map<String, List<EvidenceFact>> byTheme(List<EvidenceFact> facts) {
        Map<String, List<EvidenceFact>> out = new LinkedHashMap<>();
        for (EvidenceFact f : facts) {
            if (f.theme() != null) {
                out.computeIfAbsent(f.theme(), k -> new ArrayList<>()).add(f);
            }
        }
        return out;
    }

    private static List<UUID> ids(List<EvidenceFact> items) {
        return items.stream().limit(MAX_CITED).map(EvidenceFact::id).distinct().toList();
    }

    private static String titles(List<EvidenceFact> items) {
        return items.stream()
                .limit(2)
                .map(f -> "\"" + clip(f.title(), 80) + "\"")
                .reduce((a, b) -> a + " and " + b)
                .orElse("");
    }

    private static String phrase(String key, String fallback) {
        return PHRASES.getOrDefault(key, fallback);
    }

    private static String unsentence(String sentence) {
        String s = sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static double round(double d) {
        return Math.round(Math.max(0, Math.min(1, d)) * 100) / 100.0;
    }
}
