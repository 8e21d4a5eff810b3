package io.pulse.insight.insights.repository;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.insight.enrichment.analysis.Categories;
import io.pulse.insight.insights.generation.EvidenceFact;
import io.pulse.insight.llm.LlmPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads a user's evidence for insight generation, and checks citations, on the service role's client it is given
 * (generation works for every user), always scoped by the user id.
 */
@ApplicationScoped
public class InsightEvidenceRepository {

    private static final String PERIOD_SQL = "select id, title, summary, left(content, 4000) as content, source,"
            + " category, tags, occurred_at, ai_metadata,"
            + " case when embedding_model = $5 then embedding::text end as vector from evidence"
            + " where user_id = $1 and occurred_at >= $2 and occurred_at < $3"
            + " order by occurred_at desc, id limit $4";
    private static final String OWNED_SQL = "select id from evidence where user_id = $1 and id = any($2)";
    private static final String OPTED_OUT_SQL =
            "select " + LlmPolicy.optedOut("p") + " as opted_out from profiles p where p.id = $1";

    /**
     * The user's evidence that happened in [start, end] (whole days, UTC), newest first, with its vector when it is
     * of {@code modelId} (the current model); not yet read by the labels.
     */
    public Uni<List<EvidenceFact>> inPeriod(
            SqlClient client, UUID userId, LocalDate start, LocalDate end, int limit, String modelId) {
        return client.preparedQuery(PERIOD_SQL)
                .execute(Tuple.of(
                        userId,
                        start.atStartOfDay().atOffset(ZoneOffset.UTC),
                        end.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC),
                        limit,
                        modelId))
                .map(rows -> {
                    List<EvidenceFact> out = new ArrayList<>();
                    rows.forEach(r -> out.add(map(r)));
                    return out;
                });
    }

    /** Of the given ids, those that exist and belong to the user. */
    public Uni<Set<UUID>> ownedBy(SqlClient client, UUID userId, Set<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return client.preparedQuery(OWNED_SQL)
                .execute(Tuple.of(userId, ids.toArray(UUID[]::new)))
                .map(rows -> {
                    Set<UUID> out = new HashSet<>();
                    rows.forEach(r -> out.add(r.getUUID("id")));
                    return out;
                });
    }

    /** Whether the user opted out of LLM processing (also when the profile is gone: then nothing is sent). */
    public Uni<Boolean> llmOptedOut(SqlClient client, UUID userId) {
        return client.preparedQuery(OPTED_OUT_SQL).execute(Tuple.of(userId)).map(rows -> {
            var it = rows.iterator();
            return !it.hasNext() || it.next().getBoolean("opted_out");
        });
    }

    private static EvidenceFact map(Row r) {
        JsonObject meta = r.getJsonObject("ai_metadata");
        String category = Categories.normalize(r.getString("category"));
        if (category == null && r.getString("category") != null) {
            category = r.getString("category").strip().toLowerCase();
        }
        List<String> phrases = new ArrayList<>();
        double sentiment = 0;
        if (meta != null) {
            try {
                JsonArray suggested = meta.getJsonArray("categories_suggested");
                if (category == null && suggested != null && !suggested.isEmpty()) {
                    category = Categories.normalize(suggested.getString(0));
                }
                JsonArray kp = meta.getJsonArray("key_phrases");
                if (kp != null) {
                    kp.forEach(p -> phrases.add(String.valueOf(p)));
                }
                Number s = meta.getNumber("sentiment_score");
                sentiment = s == null ? 0 : s.doubleValue();
            } catch (ClassCastException e) {
                // ai_metadata written by something else in another shape: the row still counts, unenriched.
            }
        }
        String[] tags = r.getArrayOfStrings("tags");
        String vector = r.getString("vector");
        return new EvidenceFact(
                r.getUUID("id"),
                r.getString("title"),
                r.getString("summary"),
                r.getString("content"),
                r.getString("source"),
                category,
                tags == null ? List.of() : Arrays.asList(tags),
                r.getOffsetDateTime("occurred_at").toInstant(),
                sentiment,
                phrases,
                vector == null ? null : parseVector(vector),
                null);
    }

    /** pgvector's text form {@code [0.1,0.2,...]}. */
    static float[] parseVector(String text) {
        String[] parts = text.substring(1, text.length() - 1).split(",");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Float.parseFloat(parts[i]);
        }
        return out;
    }
}
