package io.pulse.insight.search.service;

import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import com.pgvector.PGvector;

import io.pulse.common.db.RlsSession;
import io.pulse.insight.embedding.EmbeddingService;
import io.pulse.insight.search.SearchConfig;
import io.pulse.insight.search.api.SearchHit;
import io.pulse.insight.search.api.SearchMode;
import io.pulse.insight.search.api.SearchQuery;
import io.pulse.insight.search.api.SearchResult;
import io.pulse.insight.search.repository.SearchCandidate;
import io.pulse.insight.search.repository.SearchRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Semantic and hybrid search over the caller's own evidence. The query is embedded on a worker thread, then searched
 * in a transaction bound to the caller (row-level security); the threshold follows {@link SearchThresholds}, hybrid
 * ranking {@link HybridRanker}.
 */
@ApplicationScoped
public class SearchService {

    private final EmbeddingService embeddings;
    private final SearchRepository repository;
    private final SearchThresholds thresholds;
    private final SearchConfig config;
    private final Pool pool;

    public SearchService(
            EmbeddingService embeddings,
            SearchRepository repository,
            SearchThresholds thresholds,
            SearchConfig config,
            Pool pool) {
        this.embeddings = embeddings;
        this.repository = repository;
        this.thresholds = thresholds;
        this.config = config;
        this.pool = pool;
    }

    public Uni<SearchResult> search(UUID userId, SearchQuery query) {
        String model = embeddings.modelId();
        SearchThresholds.Rule rule = thresholds.rule(query.threshold(), model);
        return embeddings
                .embedAsync(query.text())
                .chain(vector -> RlsSession.inTransaction(
                        pool, userId, conn -> candidates(conn, userId, query, new PGvector(vector).getValue(), rule)))
                .map(candidates -> {
                    Double cut = thresholds.cut(rule, candidates);
                    List<SearchHit> hits = query.mode() == SearchMode.HYBRID
                            ? HybridRanker.hybrid(
                                    candidates,
                                    cut,
                                    new HybridRanker.Settings(
                                            config.hybrid().textWeight(),
                                            config.hybrid().textFloor(),
                                            rule.confident()),
                                    query.limit())
                            : HybridRanker.semantic(candidates, cut, rule.confident());
                    return new SearchResult(
                            query.text(),
                            query.mode().wireName(),
                            model,
                            cut == null ? null : HybridRanker.round(cut),
                            rule.source().wireName(),
                            hits);
                });
    }

    private Uni<List<SearchCandidate>> candidates(
            io.vertx.mutiny.sqlclient.SqlConnection conn,
            UUID userId,
            SearchQuery query,
            String vector,
            SearchThresholds.Rule rule) {
        if (query.mode() == SearchMode.HYBRID) {
            return repository.hybridCandidates(
                    conn,
                    userId,
                    query,
                    vector,
                    embeddings.modelId(),
                    config.hybrid().candidates());
        }
        // The relative rule needs the best hits whatever their similarity; it cuts them afterwards.
        double min = rule.value() != null ? rule.value() : -1;
        return repository.nearest(conn, userId, query, vector, embeddings.modelId(), min, query.limit());
    }
}
