package io.pulse.insight.search.repository;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.db.RlsSession;
import io.pulse.insight.search.api.SearchHit;
import io.pulse.insight.search.api.SearchMode;
import io.pulse.insight.search.api.SearchQuery;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Per-user nearest-neighbour search, as the request role bound to the caller (row-level security) and with an
 * explicit {@code user_id} predicate: the planner reads the caller's rows through the btree on {@code user_id} and
 * ranks them exactly. There is deliberately no approximate (IVFFlat/HNSW) index: under a per-user filter those drop
 * matches. Only vectors of the current model are compared.
 */
@ApplicationScoped
public class SearchRepository {

    /** Reciprocal rank fusion constant (the usual 60: damps the head of each list). */
    static final int RRF_K = 60;

    private static final String SELECT = "select e.id, e.title, e.summary, e.source, e.category, e.tags, e.occurred_at";

    private final Pool pool;

    public SearchRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<SearchHit>> search(UUID userId, SearchQuery query, String vector, String modelId) {
        return RlsSession.inTransaction(pool, userId, conn -> {
            Tuple args = Tuple.tuple()
                    .addUUID(userId)
                    .addString(vector)
                    .addString(modelId)
                    .addDouble(1.0 - query.threshold())
                    .addInteger(query.limit());
            String sql;
            if (query.mode() == SearchMode.SEMANTIC) {
                sql = semanticSql(filters(query, args));
            } else {
                args.addInteger(Math.max(50, query.limit() * 4)).addString(query.text());
                sql = hybridSql(filters(query, args));
            }
            return conn.preparedQuery(sql).execute(args).map(rows -> {
                List<SearchHit> hits = new ArrayList<>();
                rows.forEach(r -> hits.add(map(r)));
                return hits;
            });
        });
    }

    /**
     * The semantic search: {@code $1} user, {@code $2} query vector (text), {@code $3} model, {@code $4} maximum
     * cosine distance, {@code $5} limit, then the filters' parameters.
     *
     * <p>The query vector is parsed once per execution (an init plan), not once per row: prepared statements run
     * with generic plans, where a bare {@code $2::vector} would be cast again for every row compared. The top-k is
     * ranked first over (id, model, vector) only, which the covering index {@code evidence_user_vectors_idx} serves
     * as an index-only scan of the caller's range; the other columns are fetched for the k winners.
     */
    public static String semanticSql(String filters) {
        return "with q as materialized (select $2::vector as v),"
                + " top as (select e.id, e.embedding <=> (select v from q) as d from evidence e"
                + " where e.user_id = $1 and e.embedding_model = $3 and e.embedding is not null"
                + " and e.embedding <=> (select v from q) <= $4" + filters
                + " order by d, e.id limit $5) "
                + SELECT
                + ", 1 - top.d as similarity, null::float8 as score from top join evidence e on e.id = top.id"
                + " order by top.d, e.id";
    }

    /** The hybrid search: as {@link #semanticSql} plus {@code $6} candidates per leg and {@code $7} query text. */
    static String hybridSql(String filters) {
        return "with q as materialized (select $2::vector as v),"
                + " vec as (select e.id, row_number() over (order by e.embedding <=> (select v from q), e.id) as r"
                + " from evidence e where e.user_id = $1 and e.embedding_model = $3"
                + " and e.embedding is not null and e.embedding <=> (select v from q) <= $4" + filters
                + " order by e.embedding <=> (select v from q), e.id limit $6),"
                + " txt as (select e.id, row_number() over (order by ts_rank_cd(e.search_vector, t) desc, e.id) as r"
                + " from evidence e, websearch_to_tsquery('english', $7) t"
                + " where e.user_id = $1 and e.search_vector @@ t" + filters
                + " order by ts_rank_cd(e.search_vector, t) desc, e.id limit $6),"
                + " fused as (select id, sum(1.0 / (" + RRF_K + " + r))::float8 as score"
                + " from (select id, r from vec union all select id, r from txt) u group by id) "
                + SELECT
                + ", case when e.embedding_model = $3 then 1 - (e.embedding <=> (select v from q)) end as similarity,"
                + " f.score from fused f join evidence e on e.id = f.id and e.user_id = $1"
                + " order by f.score desc, e.id limit $5";
    }

    /** Appends the list filters, binding their values after those already in {@code args}. */
    private static String filters(SearchQuery query, Tuple args) {
        StringBuilder sql = new StringBuilder();
        if (query.source() != null) {
            args.addString(query.source());
            sql.append(" and e.source = $").append(args.size());
        }
        if (query.category() != null) {
            args.addString(query.category());
            sql.append(" and lower(e.category) = $").append(args.size());
        }
        if (!query.tags().isEmpty()) {
            args.addArrayOfString(query.tags().toArray(String[]::new));
            sql.append(" and e.tags @> $").append(args.size()).append("::text[]");
        }
        if (query.from() != null) {
            args.addOffsetDateTime(OffsetDateTime.ofInstant(query.from(), ZoneOffset.UTC));
            sql.append(" and e.occurred_at >= $").append(args.size());
        }
        if (query.to() != null) {
            args.addOffsetDateTime(OffsetDateTime.ofInstant(query.to(), ZoneOffset.UTC));
            sql.append(" and e.occurred_at < $").append(args.size());
        }
        return sql.toString();
    }

    private static SearchHit map(Row r) {
        String[] tags = r.getArrayOfStrings("tags");
        Double similarity = r.getDouble("similarity");
        return new SearchHit(
                r.getUUID("id"),
                r.getString("title"),
                r.getString("summary"),
                r.getString("source"),
                r.getString("category"),
                tags == null ? List.of() : Arrays.asList(tags),
                r.getOffsetDateTime("occurred_at").toInstant(),
                similarity == null ? null : Math.round(similarity * 10000) / 10000.0,
                r.getDouble("score"));
    }
}
