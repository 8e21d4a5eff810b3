package io.pulse.insight.search.service;

import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import com.pgvector.PGvector;

import io.pulse.insight.embedding.EmbeddingService;
import io.pulse.insight.search.api.SearchQuery;
import io.pulse.insight.search.api.SearchResult;
import io.pulse.insight.search.repository.SearchRepository;
import io.smallrye.mutiny.Uni;

/** Semantic and hybrid search over the caller's own evidence. The query is embedded on a worker thread. */
@ApplicationScoped
public class SearchService {

    private final EmbeddingService embeddings;
    private final SearchRepository repository;

    public SearchService(EmbeddingService embeddings, SearchRepository repository) {
        this.embeddings = embeddings;
        this.repository = repository;
    }

    public Uni<SearchResult> search(UUID userId, SearchQuery query) {
        String model = embeddings.modelId();
        return embeddings
                .embedAsync(query.text())
                .chain(vector -> repository.search(userId, query, new PGvector(vector).getValue(), model))
                .map(hits -> new SearchResult(
                        query.text(), query.mode().name().toLowerCase(), model, query.threshold(), hits));
    }
}
