package io.pulse.insight.embedding;

import java.util.List;
import java.util.function.Supplier;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;

/**
 * The in-process all-MiniLM-L6-v2 model. The model is resolved on first use only, so a process configured for
 * another provider never loads it.
 */
final class InProcessEmbeddingBackend implements EmbeddingBackend {

    private final Supplier<EmbeddingModel> model;

    InProcessEmbeddingBackend(Supplier<EmbeddingModel> model) {
        this.model = model;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        EmbeddingModel m = model.get();
        if (texts.size() == 1) {
            return List.of(m.embed(TextSegment.from(texts.get(0))).content().vector());
        }
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        return m.embedAll(segments).content().stream().map(Embedding::vector).toList();
    }
}
