package io.pulse.sync.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Cuts on code point and word boundaries, keeping the summary footer (issue 10, defect 5). */
class TextCutTest {

    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aSurrogatePairAtTheCutStaysWhole() {
        // Units 0..8 are 'a', 9..10 the pair: a cut at 10 would split it.
        String text = "a".repeat(9) + "\uD83D\uDE00" + "tail";
        String cut = TextCut.cut(text, 10 + TextCut.MARK.length());
        assertThat(wellFormed(cut)).isTrue();
        assertThat(cut).isEqualTo("a".repeat(9) + TextCut.MARK);
        for (int max = 1; max < text.length(); max++) {
            assertThat(wellFormed(TextCut.cut(text, max))).as("max " + max).isTrue();
            assertThat(TextCut.cut(text, max).length()).isLessThanOrEqualTo(max);
        }
    }

    @Test
    void cutsFallOnAWordBoundaryWhenOneIsNear() {
        // 18 units before the mark end inside "keeps": the cut goes back to the space before it.
        assertThat(TextCut.cut("The migration keeps every row intact", 22)).isEqualTo("The migration" + TextCut.MARK);
        assertThat(TextCut.cut("The migration keeps every row intact", 23))
                .isEqualTo("The migration keeps" + TextCut.MARK);
    }

    @Test
    void theFooterIsKeptAndTheBodyGivesWay() {
        String footer = "\n\nMerge request !7 in acme/app\nCommits (2):\n- a1 First\n- b2 Second";
        String fitted = TextCut.fit("", "word ".repeat(50_000), footer, 1_000);
        assertThat(fitted).hasSizeLessThanOrEqualTo(1_000).endsWith(footer).contains(TextCut.MARK);
        assertThat(TextCut.fit("head ", "body", footer, 1_000)).isEqualTo("head body" + footer);
    }

    @Test
    void loneSurrogatesAndNulFromTheSourceAreCleaned() {
        assertThat(TextCut.cut("a\uD800b\u0000c\uDC00", 100)).isEqualTo("a\uFFFDbc\uFFFD");
        assertThat(TextCut.cut("ok \uD83D\uDE00", 100)).isEqualTo("ok \uD83D\uDE00");
    }
}
