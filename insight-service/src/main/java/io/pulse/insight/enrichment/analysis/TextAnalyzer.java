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
 *   <li>categories: weighted vocabulary per category, title terms counting double;
 *   <li>sentiment: a small lexicon of outcome and trouble words, squashed to [-1, 1].
 * </ul>
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

    private static final Set<String> STOP = Set.copyOf(List.of(
            "a",
            "about",
            "above",
            "after",
            "again",
            "against",
            "all",
            "also",
            "am",
            "an",
            "and",
            "any",
            "are",
            "as",
            "at",
            "be",
            "because",
            "been",
            "before",
            "being",
            "below",
            "between",
            "both",
            "but",
            "by",
            "can",
            "could",
            "did",
            "do",
            "does",
            "doing",
            "done",
            "down",
            "during",
            "each",
            "few",
            "for",
            "from",
            "further",
            "get",
            "got",
            "had",
            "has",
            "have",
            "having",
            "he",
            "her",
            "here",
            "hers",
            "him",
            "his",
            "how",
            "i",
            "if",
            "in",
            "into",
            "is",
            "it",
            "its",
            "itself",
            "just",
            "let",
            "me",
            "more",
            "most",
            "my",
            "no",
            "nor",
            "not",
            "now",
            "of",
            "off",
            "on",
            "once",
            "only",
            "or",
            "other",
            "our",
            "ours",
            "out",
            "over",
            "own",
            "same",
            "she",
            "should",
            "so",
            "some",
            "such",
            "than",
            "that",
            "the",
            "their",
            "them",
            "then",
            "there",
            "these",
            "they",
            "this",
            "those",
            "through",
            "to",
            "too",
            "under",
            "until",
            "up",
            "us",
            "very",
            "was",
            "we",
            "were",
            "what",
            "when",
            "where",
            "which",
            "while",
            "who",
            "whom",
            "why",
            "will",
            "with",
            "would",
            "you",
            "your",
            "via",
            "per",
            "within",
            "without",
            "across",
            "new",
            "one",
            "two",
            "make",
            "made",
            "use",
            "used",
            "using",
            "like",
            "week",
            "today",
            "yesterday",
            "etc",
            "e.g",
            "i.e",
            "still",
            "already",
            "now"));

    private static final Set<String> POSITIVE = Set.copyOf(List.of(
            "improved",
            "improve",
            "improves",
            "improvement",
            "faster",
            "reduced",
            "reduce",
            "resolved",
            "resolve",
            "fixed",
            "shipped",
            "launched",
            "delivered",
            "success",
            "successful",
            "successfully",
            "praised",
            "great",
            "stable",
            "stabilized",
            "unblocked",
            "completed",
            "achieved",
            "saved",
            "increased",
            "smooth",
            "clean",
            "simplified",
            "thanks",
            "appreciated",
            "helpful",
            "win",
            "won",
            "efficient",
            "reliable",
            "enabled"));
    private static final Set<String> NEGATIVE = Set.copyOf(List.of(
            "outage",
            "failed",
            "failure",
            "failing",
            "broken",
            "regression",
            "crash",
            "crashed",
            "blocked",
            "delayed",
            "delay",
            "slow",
            "slower",
            "incident",
            "bug",
            "bugs",
            "error",
            "errors",
            "flaky",
            "missed",
            "problem",
            "problems",
            "issue",
            "issues",
            "downtime",
            "degraded",
            "timeout",
            "timeouts",
            "leak",
            "escalation",
            "complaint",
            "risk",
            "struggled",
            "late",
            "rollback"));

    /** Analyses an item's title and content. */
    public Analysis analyze(String title, String content) {
        String safeTitle = title == null ? "" : title.strip();
        String safeContent = content == null ? "" : content.strip();
        String all = safeTitle + "\n" + safeContent;
        List<String> titleWords = words(safeTitle);
        List<String> contentWords = words(safeContent);
        return new Analysis(
                summarize(safeTitle, safeContent, titleWords),
                categorize(titleWords, contentWords, all.toLowerCase(Locale.ROOT)),
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

    List<String> categorize(List<String> titleWords, List<String> contentWords, String lowerText) {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (String category : Categories.ALL) {
            double s = 0;
            for (Map.Entry<String, Double> signal :
                    Categories.SIGNALS.get(category).entrySet()) {
                String key = signal.getKey();
                if (key.contains(" ")) {
                    s += signal.getValue() * Math.min(3, occurrences(lowerText, key));
                } else {
                    s += signal.getValue()
                            * (Math.min(3, matches(contentWords, key)) + 2 * Math.min(1, matches(titleWords, key)));
                }
            }
            if (s > 0) {
                scores.put(category, s);
            }
        }
        double top =
                scores.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return scores.entrySet().stream()
                .filter(e -> e.getValue() >= Math.max(1.5, 0.4 * top))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(3)
                .map(Map.Entry::getKey)
                .toList();
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

    private static int matches(List<String> words, String stem) {
        int n = 0;
        for (String w : words) {
            if (stem.length() <= 3 ? w.equals(stem) : w.startsWith(stem)) {
                n++;
            }
        }
        return n;
    }

    private static int occurrences(String text, String phrase) {
        int n = 0;
        int from = 0;
        while ((from = text.indexOf(phrase, from)) >= 0) {
            n++;
            from += phrase.length();
        }
        return n;
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
