package io.pulse.insight.enrichment.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jakarta.inject.Singleton;

/**
 * Local, deterministic text analysis used when no LLM is configured (labelled {@value #METHOD}):
 *
 * <ul>
 *   <li>summary: the highest-weighted sentences (term frequency in the item, title terms boosted, a lead bonus),
 *       kept in their original order;
 *   <li>key phrases: RAKE (rapid automatic keyword extraction: stop-word delimited candidates scored by word
 *       degree over frequency);
 *   <li>categories: none here; they are read from the item's vector by {@link SemanticLabels} once it is
 *       embedded ({@link Analysis#withCategories});
 *   <li>sentiment: a small lexicon of outcome and trouble words, squashed to [-1, 1].
 * </ul>
 *
 * <p>The vocabularies are resources under {@code analysis/} (see {@link WordLists}).
 */
@Singleton
public class TextAnalyzer {

    public static final String METHOD = "extractive-v1";

    static final int MAX_SUMMARY_CHARS = 400;
    private static final int TARGET_SUMMARY_CHARS = 260;
    private static final int MAX_KEY_PHRASES = 6;
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\n+");
    private static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9+#'._-]*[a-z0-9+#]|[a-z0-9]");
    private static final Pattern PHRASE_BREAK = Pattern.compile("[\\p{Punct}&&[^+#'_-]]+|\\s[-_]+\\s|\\n");

    private static final Set<String> STOP = Set.copyOf(WordLists.words("stop-words"));
    private static final Set<String> POSITIVE = Set.copyOf(WordLists.words("positive-words"));
    private static final Set<String> NEGATIVE = Set.copyOf(WordLists.words("negative-words"));

    /** Analyses an item's title and content. */
    public Analysis analyze(String title, String content) {
        String safeTitle = title == null ? "" : title.strip();
        String safeContent = content == null ? "" : content.strip();
        String all = safeTitle + "\n" + safeContent;
        List<String> titleWords = words(safeTitle);
        List<String> contentWords = words(safeContent);
        return new Analysis(
                summarize(safeTitle, safeContent, titleWords),
                List.of(),
                keyPhrases(all),
                sentiment(titleWords, contentWords),
                METHOD);
    }

    String summarize(String title, String content, List<String> titleWords) {
        List<String> sentences = new ArrayList<>();
        for (String s : SENTENCE_END.split(content)) {
            String t = s.strip().replaceAll("\\s+", " ");
            if (t.length() > 1) {
                sentences.add(t);
            }
        }
        if (sentences.isEmpty()) {
            return clip(title, MAX_SUMMARY_CHARS);
        }
        String joined = String.join(" ", sentences);
        if (joined.length() <= TARGET_SUMMARY_CHARS) {
            return joined;
        }
        Map<String, Integer> tf = new HashMap<>();
        for (String w : words(content)) {
            if (!STOP.contains(w)) {
                tf.merge(w, 1, Integer::sum);
            }
        }
        Set<String> titleTerms = new LinkedHashSet<>(titleWords);
        double[] score = new double[sentences.size()];
        for (int i = 0; i < sentences.size(); i++) {
            List<String> ws = words(sentences.get(i));
            Set<String> seen = new LinkedHashSet<>();
            double s = 0;
            for (String w : ws) {
                if (STOP.contains(w) || !seen.add(w)) {
                    continue;
                }
                double weight = 1 + Math.log(tf.getOrDefault(w, 1));
                if (titleTerms.contains(w)) {
                    weight *= 2;
                }
                if (POSITIVE.contains(w) || w.chars().anyMatch(Character::isDigit)) {
                    // Outcomes and numbers are what a reviewer wants to see in a summary.
                    weight *= 1.5;
                }
                s += weight;
            }
            s /= Math.sqrt(Math.max(ws.size(), 4));
            if (i == 0) {
                s *= 1.25;
            }
            score[i] = s;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -score[i]).thenComparingInt(i -> i));
        List<Integer> chosen = new ArrayList<>();
        int length = 0;
        for (int i : order) {
            if (chosen.size() == 3 || (length > 0 && length + sentences.get(i).length() > MAX_SUMMARY_CHARS)) {
                continue;
            }
            chosen.add(i);
            length += sentences.get(i).length() + 1;
            if (length >= TARGET_SUMMARY_CHARS) {
                break;
            }
        }
        chosen.sort(Integer::compare);
        StringBuilder out = new StringBuilder();
        for (int i : chosen) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(sentences.get(i));
        }
        return clip(out.toString(), MAX_SUMMARY_CHARS);
    }

    List<String> keyPhrases(String text) {
        List<List<String>> candidates = new ArrayList<>();
        for (String fragment : PHRASE_BREAK.split(text.toLowerCase(Locale.ROOT))) {
            List<String> current = new ArrayList<>();
            for (String w : words(fragment)) {
                if (STOP.contains(w) || w.length() < 2) {
                    flush(current, candidates);
                    current = new ArrayList<>();
                } else {
                    current.add(w);
                }
            }
            flush(current, candidates);
        }
        Map<String, Integer> frequency = new HashMap<>();
        Map<String, Integer> degree = new HashMap<>();
        for (List<String> phrase : candidates) {
            for (String w : phrase) {
                frequency.merge(w, 1, Integer::sum);
                degree.merge(w, phrase.size() - 1, Integer::sum);
            }
        }
        Map<String, Double> phraseScores = new LinkedHashMap<>();
        for (List<String> phrase : candidates) {
            if (phrase.stream().allMatch(w -> w.chars().allMatch(Character::isDigit))) {
                continue;
            }
            double s = 0;
            for (String w : phrase) {
                s += (degree.get(w) + frequency.get(w)) / (double) frequency.get(w);
            }
            phraseScores.merge(String.join(" ", phrase), s, Math::max);
        }
        return phraseScores.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(MAX_KEY_PHRASES)
                .map(Map.Entry::getKey)
                .toList();
    }

    double sentiment(List<String> titleWords, List<String> contentWords) {
        double pos = 0;
        double neg = 0;
        List<String> all = new ArrayList<>(titleWords);
        all.addAll(contentWords);
        for (String w : all) {
            if (POSITIVE.contains(w)) {
                pos++;
            } else if (NEGATIVE.contains(w)) {
                neg++;
            }
        }
        // Fixing trouble is good news: trouble words next to resolution words count half.
        if (pos > 0) {
            neg /= 2;
        }
        double raw = Math.tanh((pos - neg) / 3.0);
        return Math.round(raw * 1000) / 1000.0;
    }

    private static void flush(List<String> phrase, List<List<String>> into) {
        if (!phrase.isEmpty() && phrase.size() <= 4) {
            into.add(phrase);
        }
    }

    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        var m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static String clip(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int cut = text.lastIndexOf(' ', max - 1);
        return text.substring(0, cut > max / 2 ? cut : max - 1) + "…";
    }
}
