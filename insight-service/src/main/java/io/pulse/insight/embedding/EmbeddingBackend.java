package io.pulse.insight.embedding;

import java.util.List;

/** Turns texts into raw vectors, one per text in the same order. Blocking: call on a worker thread. */
interface EmbeddingBackend {

    /** Raw (not necessarily normalised) vectors for {@code texts}, in input order. */
    List<float[]> embed(List<String> texts);
}
