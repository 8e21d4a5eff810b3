package io.pulse.insight.search.repository;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.evidence.PeriodClause;
import io.pulse.insight.search.api.SearchHit;
import io.pulse.insight.search.api.SearchQuery;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Per-user search, on the request role's connection bound to the caller (row-level security) that it is given, and
 * with an explicit {@code user_id} predicate: the planner reads the caller's rows through the btree on
 * {@code user_id} and ranks them exactly. There is deliberately no approximate (IVFFlat/HNSW) index: under a
 * per-user filter those drop matches. Only vectors of the current model are compared.
 */
@ApplicationScoped
public class SearchRepository {

    /** Weight of a query term found only in the content (a term in the title counts 1). */
    static final double CONTENT_MATCH_WEIGHT = 0.7;

    private static final String SELECT = "select e.id, e.title, e.summary, e.source, e.category, e.tags, e.occurred_at";

    /**
     * The items closest to the query vector with a cosine similarity of at least {@code minSimilarity}, best first.
     */
    public Uni<List<SearchCandidate>> nearest(
            SqlClient client,
            UUID userId,
            SearchQuery query,
            String vector,
            String modelId,
            double minSimilarity,
            int limit) {
        Tuple args = Tuple.tuple()
                .addUUID(userId)
                .addString(vector)
                .addString(modelId)
                .addDouble(1.0 - minSimilarity)
                .addInteger(limit);
        return run(client, semanticSql(filters(query, args)), args);
    }

    /**
     * The candidates of hybrid search: the {@code perLeg} items nearest to the query vector and the {@code perLeg}
     * best keyword matches, each with both its similarity and its keyword match.
     */
    public Uni<List<SearchCandidate>> hybridCandidates(
            SqlClient client, UUID userId, SearchQuery query, String vector, String modelId, int perLeg) {
        Tuple args = Tuple.tuple()
                .addUUID(userId)
                .addString(vector)
                .addString(modelId)
                .addInteger(perLeg)
                .addString(query.text());
        return run(client, hybridSql(filters(query, args)), args);
    }

    private static Uni<List<SearchCandidate>> run(SqlClient client, String sql, Tuple args) {
        return client.preparedQuery(sql).execute(args).map(rows -> {
            List<SearchCandidate> out = new ArrayList<>();
            rows.forEach(r -> out.add(map(r)));
            return out;
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
                + ", 1 - top.d as similarity, 0::float8 as keyword_match from top join evidence e on e.id = top.id"
                + " order by top.d, e.id";
    }

    /**
     * The hybrid candidates: {@code $1} user, {@code $2} query vector, {@code $3} model, {@code $4} candidates per
     * leg, {@code $5} query text, then the filters' parameters.
     *
     * <p>The keyword leg ORs the query's terms, as the {@code english} configuration stems them and drops stop words
     * (so a natural-language query needs no word to match all of them), with prefix matching for alphabetic terms of
     * four letters or more (a query's {@code kube} finds {@code Kubernetes}); terms with digits, such as the
     * {@code -123} of a ticket key {@code PROJ-123} or the {@code 42} of an MR {@code !42}, match exactly. Each term
     * weighs its inverse document frequency among the caller's items (BM25's IDF), so words that every item shares
     * count for almost nothing and a rare identifier for a lot; a term in the title counts fully, one in the content
     * {@value #CONTENT_MATCH_WEIGHT}. The match is the sum over the item's terms divided by the sum over the query's,
     * in [0, 1]. Both legs read only the caller's rows ({@code user_id = $1}, under row-level security).
     */
    static String hybridSql(String filters) {
        String mine = " from evidence e where e.user_id = $1" + filters;
        return "with q as materialized (select $2::vector as v),"
                + " terms as materialized (select t.lexeme, t.quoted || case when t.prefix then ':*' else '' end as any_q,"
                + " t.quoted || case when t.prefix then ':*A' else ':A' end as title_q"
                + " from (select lexeme, '''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || '''' as quoted,"
                + " lexeme ~ '^[[:alpha:]]{4,}$' as prefix from unnest(to_tsvector('english', $5))) t),"
                + " anyq as materialized (select string_agg(any_q, ' | ')::tsquery as q from terms),"
                + " matched as materialized (select e.id, e.search_vector" + mine
                + " and e.search_vector @@ (select q from anyq)),"
                + " total as materialized (select count(*)::float8 as n" + mine + "),"
                + " idf as materialized (select t.any_q::tsquery as any_q, t.title_q::tsquery as title_q,"
                + " ln(1 + ((select n from total) - count(m.id) + 0.5) / (count(m.id) + 0.5)) as w"
                + " from terms t left join matched m on m.search_vector @@ t.any_q::tsquery"
                + " group by t.lexeme, t.any_q, t.title_q),"
                + " txt as (select m.id, sum(case when m.search_vector @@ i.title_q then i.w else i.w * "
                + CONTENT_MATCH_WEIGHT + " end) / nullif((select sum(w) from idf), 0) as s"
                + " from matched m join idf i on m.search_vector @@ i.any_q group by m.id"
                + " order by s desc, m.id limit $4),"
                + " vec as (select e.id from evidence e where e.user_id = $1 and e.embedding_model = $3"
                + " and e.embedding is not null" + filters
                + " order by e.embedding <=> (select v from q), e.id limit $4),"
                + " cand as (select id from vec union select id from txt) "
                + SELECT
                + ", case when e.embedding_model = $3 and e.embedding is not null"
                + " then 1 - (e.embedding <=> (select v from q)) end as similarity,"
                + " coalesce(txt.s, 0)::float8 as keyword_match"
                + " from cand join evidence e on e.id = cand.id and e.user_id = $1 left join txt on txt.id = cand.id";
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
        if (query.periodId() != null) {
            args.addUUID(query.periodId());
            sql.append(PeriodClause.evidenceWithin("e", args.size()));
        }
        return sql.toString();
    }

    private static SearchCandidate map(Row r) {
        String[] tags = r.getArrayOfStrings("tags");
        SearchHit hit = new SearchHit(
                r.getUUID("id"),
                r.getString("title"),
                r.getString("summary"),
                r.getString("source"),
                r.getString("category"),
                tags == null ? List.of() : Arrays.asList(tags),
                r.getOffsetDateTime("occurred_at").toInstant(),
                null,
                null,
                null);
        return new SearchCandidate(hit, r.getDouble("similarity"), r.getDouble("keyword_match"));
    }
}
