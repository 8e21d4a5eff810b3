package io.pulse.insight.enrichment.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.insight.embedding.EmbeddingService;

/**
 * Classifies evidence with the embedding model instead of word lists: every label (a work category, whether the
 * item describes a problem, the kind of effect, the kind of friction) has a few plain-language descriptions in
 * {@code analysis/labels.txt}; they are embedded once with the configured model, and an item's vector scores each
 * label by its best cosine similarity to the label's descriptions. Items are compared by meaning, so a success story
 * that mentions an "upgrade" or a "failover" is not mistaken for trouble, and a category is found without any of its
 * usual words.
 *
 * <p>Blocking on first use (it embeds the descriptions): call it on a worker thread, like the embedding service.
 */
@ApplicationScoped
public class SemanticLabels {

    /**
     * How much closer to a problem description than to a work-went-well description an item must be to count as
     * describing a problem. Improvement insights cite only such items, so this favours precision.
     */
    static final double PROBLEM_MARGIN = 0.03;

    /**
     * An item the model files under incidents counts as trouble unless it reads clearly as work that went well (a
     * drill, tracing that helped in incidents): a calmly told outage is still an outage.
     */
    static final double INCIDENT_MARGIN = -0.04;

    /** A category scores the mean of its closest descriptions (steadier than one), a signal its closest one. */
    static final int CATEGORY_NEIGHBOURS = 3;

    /** Categories within this similarity of the best one are suggested too (at most three). */
    static final double CATEGORY_SPREAD = 0.03;

    static final String CATEGORY = "category:";
    static final String EFFECT = "effect:";
    static final String FRICTION = "friction:";
    static final String PROBLEM = "signal:problem";
    static final String FINE = "signal:fine";

    /** One labelled description. */
    record Description(String label, String text) {}

    /**
     * What the model reads in one item.
     *
     * @param categories suggested categories, most likely first
     * @param problem whether the item describes trouble (blocked, delayed, broken, painful), not work that went well
     * @param effect the kind of effect the work had (an {@code effect:} label without its prefix)
     * @param friction the kind of trouble, meaningful when {@code problem} (a {@code friction:} label without prefix)
     */
    public record Reading(List<String> categories, boolean problem, String effect, String friction) {

        public Reading {
            categories = List.copyOf(categories);
        }

        /** The most likely category. */
        public String category() {
            return categories.isEmpty() ? null : categories.get(0);
        }
    }

    static final List<Description> DESCRIPTIONS =
            WordLists.words("labels").stream().map(SemanticLabels::parse).toList();

    private final EmbeddingService embeddings;
    private volatile float[][] vectors;

    public SemanticLabels(EmbeddingService embeddings) {
        this.embeddings = embeddings;
    }

    /** Reads an item's (unit-length) vector. */
    public Reading read(float[] vector) {
        Map<String, Double> scores = scores(vector);
        double top = best(scores, CATEGORY).map(Map.Entry::getValue).orElse(0.0);
        List<String> categories = scores.entrySet().stream()
                .filter(e -> e.getKey().startsWith(CATEGORY) && e.getValue() >= top - CATEGORY_SPREAD)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(3)
                .map(e -> e.getKey().substring(CATEGORY.length()))
                .toList();
        double trouble = scores.get(PROBLEM) - scores.get(FINE);
        boolean incident = !categories.isEmpty() && categories.get(0).equals("incident");
        boolean problem = trouble >= PROBLEM_MARGIN || (incident && trouble >= INCIDENT_MARGIN);
        return new Reading(
                categories,
                problem,
                best(scores, EFFECT)
                        .map(e -> e.getKey().substring(EFFECT.length()))
                        .orElse(null),
                best(scores, FRICTION)
                        .map(e -> e.getKey().substring(FRICTION.length()))
                        .orElse(null));
    }

    /**
     * Per label, the cosine similarity of the vector to the label's closest description (for a category: the mean of
     * its {@value #CATEGORY_NEIGHBOURS} closest).
     */
    public Map<String, Double> scores(float[] vector) {
        float[][] described = described();
        Map<String, List<Double>> similarities = new LinkedHashMap<>();
        for (int i = 0; i < DESCRIPTIONS.size(); i++) {
            double s = 0;
            for (int d = 0; d < vector.length; d++) {
                s += (double) vector[d] * described[i][d];
            }
            similarities
                    .computeIfAbsent(DESCRIPTIONS.get(i).label(), k -> new ArrayList<>())
                    .add(s);
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        similarities.forEach((label, values) -> {
            int k = label.startsWith(CATEGORY) ? Math.min(CATEGORY_NEIGHBOURS, values.size()) : 1;
            scores.put(
                    label,
                    values.stream()
                                    .sorted(Comparator.reverseOrder())
                                    .limit(k)
                                    .mapToDouble(Double::doubleValue)
                                    .sum()
                            / k);
        });
        return scores;
    }

    private static java.util.Optional<Map.Entry<String, Double>> best(Map<String, Double> scores, String prefix) {
        return scores.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .max(Comparator.comparingDouble(Map.Entry::getValue));
    }

    private float[][] described() {
        float[][] v = vectors;
        if (v == null) {
            synchronized (this) {
                if (vectors == null) {
                    List<String> texts = new ArrayList<>();
                    DESCRIPTIONS.forEach(d -> texts.add(d.text()));
                    vectors = embeddings.embedAll(texts).toArray(float[][]::new);
                }
                v = vectors;
            }
        }
        return v;
    }

    private static Description parse(String line) {
        int bar = line.indexOf('|');
        if (bar < 0) {
            throw new IllegalStateException("analysis/labels.txt: expected 'label | description': " + line);
        }
        String label = line.substring(0, bar).strip();
        if (label.startsWith(CATEGORY) && !Categories.ALL.contains(label.substring(CATEGORY.length()))) {
            throw new IllegalStateException("analysis/labels.txt: unknown category " + label);
        }
        return new Description(label, line.substring(bar + 1).strip());
    }
}
