package io.pulse.insight.embedding;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextChunksTest {

    private static String words(int n) {
        return IntStream.range(0, n).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
    }

    @Test
    void shortTextIsOneChunk() {
        assertThat(TextChunks.split("one two three", 200, 40, 10)).hasSize(1);
    }

    @Test
    void longTextIsCoveredByOverlappingWindowsToTheLastWord() {
        List<TextChunks.Chunk> chunks = TextChunks.split(words(1000), 200, 40, 48);
        assertThat(chunks).allSatisfy(c -> assertThat(c.words()).isEqualTo(200));
        assertThat(chunks.get(0).text()).startsWith("w0 ");
        assertThat(chunks.get(1).text()).startsWith("w160 ");
        assertThat(chunks.get(chunks.size() - 1).text()).endsWith("w999");
    }

    @Test
    void veryLongTextIsSampledEvenlyFromStartToEnd() {
        List<TextChunks.Chunk> chunks = TextChunks.split(words(100_000), 200, 40, 48);
        assertThat(chunks).hasSize(48);
        assertThat(chunks.get(0).text()).startsWith("w0 ");
        assertThat(chunks.get(47).text()).endsWith("w99999");
    }
}
