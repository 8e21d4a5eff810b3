package io.pulse.insight.embedding;

import java.util.ArrayList;
import java.util.List;

/** Splits text into overlapping word windows for embedding. */
public final class TextChunks {

    /** One window and how many words it holds (its weight when pooling). */
    public record Chunk(String text, int words) {}

    private TextChunks() {}

    /**
     * Windows of {@code windowWords} words, consecutive windows sharing {@code overlapWords}. When more than
     * {@code maxChunks} windows would be needed, {@code maxChunks} windows are spread evenly from the first word to the
     * last, so the whole document still shapes the vector.
     */
    public static List<Chunk> split(String text, int windowWords, int overlapWords, int maxChunks) {
        String[] words = text.strip().split("\\s+");
        if (words.length <= windowWords) {
            return List.of(new Chunk(text.strip(), Math.max(1, words.length)));
        }
        int stride = Math.max(1, windowWords - overlapWords);
        int count = (int) Math.ceil((double) (words.length - windowWords) / stride) + 1;
        List<Integer> starts = new ArrayList<>();
        if (count <= maxChunks) {
            for (int i = 0; i < count; i++) {
                starts.add(Math.min(i * stride, words.length - windowWords));
            }
        } else {
            double step = (double) (words.length - windowWords) / (maxChunks - 1);
            for (int i = 0; i < maxChunks; i++) {
                starts.add((int) Math.round(i * step));
            }
        }
        List<Chunk> chunks = new ArrayList<>(starts.size());
        for (int start : starts) {
            int end = Math.min(words.length, start + windowWords);
            chunks.add(new Chunk(String.join(" ", java.util.Arrays.copyOfRange(words, start, end)), end - start));
        }
        return chunks;
    }
}
