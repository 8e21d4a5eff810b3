package io.pulse.insight.llm;

import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.db.Datasources;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Decides whether a user's evidence may be sent to the configured LLM: only when the LLM is enabled and the user
 * has not opted out with the profile preference {@code "llm": false}. Users who opt out still get everything,
 * computed locally.
 */
@ApplicationScoped
public class LlmPolicy {

    private static final String OPTED_OUT_SQL =
            "select coalesce(preferences->>'llm', '') = 'false' as opted_out from profiles where id = $1";

    private final LlmConfig config;
    private final Pool servicePool;

    public LlmPolicy(LlmConfig config, @ReactiveDataSource(Datasources.SERVICE) Pool servicePool) {
        this.config = config;
        this.servicePool = servicePool;
    }

    /** Whether the LLM is used for this user's work. */
    public Uni<Boolean> useLlmFor(UUID userId) {
        if (!config.enabled()) {
            return Uni.createFrom().item(false);
        }
        return servicePool
                .preparedQuery(OPTED_OUT_SQL)
                .execute(Tuple.of(userId))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() && !it.next().getBoolean("opted_out");
                });
    }
}
