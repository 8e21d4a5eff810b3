package io.pulse.insight.insights.generation;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.pulse.insight.enrichment.analysis.WordLists;

/**
 * Finds the one sentence of an item that states its impact: a result with a number ("p99 went from 900 ms to
 * 180 ms", "saved 18% on compute") or an outcome verb. Achievements and strengths quote it instead of repeating the
 * whole item.
 */
final class ImpactSentences {

    /** One impact sentence and whether it is quantified. */
    record Impact(String sentence, boolean quantified) {}

    static final int MAX_CHARS = 220;

    // Outcome verbs and phrases are data (analysis/outcome-words.txt); each is matched as whole words.
    private static final Pattern OUTCOME = Pattern.compile(
            WordLists.words("outcome-words").stream()
                    .map(Pattern::quote)
                    .collect(Collectors.joining("|", "\\b(", ")\\b")),
            Pattern.CASE_INSENSITIVE);
    /** A measured change: a number with a unit, a percentage, or "from X to Y". */
    private static final Pattern QUANTIFIED = Pattern.compile(
            "\\b\\d+(?:[.,]\\d+)?\\s*(?:%|percent|ms\\b|s\\b|sec|seconds|minutes|min\\b|hours|h\\b|x\\b|k\\b|gb|mb|"
                    + "users|customers|requests|tickets|issues|bugs|tests|services|teams|engineers|days|weeks)"
                    + "|\\bfrom\\s+\\S*\\d\\S*\\s+to\\s+\\S*\\d",
            Pattern.CASE_INSENSITIVE);

    /** Words of a change that happened (a bare "to" or "under" also states targets, and "up" is mostly "set up": no result). */
    private static final Pattern CHANGE = Pattern.compile(
            "\\b(by|down|fell|dropped|went|halved|doubled|instead of|saving|saves|saved|fewer|less|now|cut"
                    + "|reduced|increased|improved|faster|lower|higher|from\\s+\\S*\\d)\\b",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\n+");

    private ImpactSentences() {}

    /**
     * The item's impact: the content sentence with a measured change (a number next to a word of change), else one
     * with an outcome verb, else a quantified title; empty when the item states no result.
     */
    static Optional<Impact> of(EvidenceFact fact) {
        String content = fact.content() == null ? "" : fact.content();
        Impact best = null;
        int bestScore = 1;
        for (String raw : SENTENCE_END.split(content)) {
            String s = raw.strip().replaceAll("\\s+", " ");
            if (s.length() < 8) {
                continue;
            }
            boolean quantified = measuredChange(s);
            int score = (quantified ? 2 : 0) + (OUTCOME.matcher(s).find() ? 1 : 0);
            // On a tie the later sentence wins: a note tells the problem first and the result last.
            if (score > 0 && score >= bestScore) {
                bestScore = score;
                best = new Impact(s, quantified);
            }
        }
        if (best != null && best.quantified()) {
            return Optional.of(clean(best));
        }
        String title = fact.title() == null ? "" : fact.title().strip();
        if (measuredChange(title) && OUTCOME.matcher(title).find()) {
            return Optional.of(clean(new Impact(title, true)));
        }
        return Optional.ofNullable(best).map(ImpactSentences::clean);
    }

    private static boolean measuredChange(String s) {
        Matcher q = QUANTIFIED.matcher(s);
        return q.find() && CHANGE.matcher(s).find();
    }

    private static Impact clean(Impact impact) {
        String s = impact.sentence();
        if (s.length() > MAX_CHARS) {
            int cut = s.lastIndexOf(' ', MAX_CHARS - 1);
            s = s.substring(0, cut > MAX_CHARS / 2 ? cut : MAX_CHARS - 1) + "…";
        } else if (!s.endsWith(".") && !s.endsWith("!") && !s.endsWith("?")) {
            s = s + ".";
        }
        if (!s.isEmpty() && Character.isLowerCase(s.charAt(0)) && !Character.isDigit(s.charAt(0))) {
            // "p99 latency dropped..." keeps its lower-case metric name; a verb gets its capital.
            String first = s.split("[\\s,]", 2)[0];
            if (first.chars().allMatch(Character::isLetter)) {
                s = s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
            }
        }
        return new Impact(s, impact.quantified());
    }
}
