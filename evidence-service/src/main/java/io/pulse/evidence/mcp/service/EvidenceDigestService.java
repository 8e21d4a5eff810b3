package io.pulse.evidence.mcp.service;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.db.RlsSession;
import io.pulse.common.security.CurrentUser;
import io.pulse.evidence.mcp.api.DateRange;
import io.pulse.evidence.mcp.repository.CitedItem;
import io.pulse.evidence.mcp.repository.EvidenceDigestRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The evidence reads the MCP tools add to what the evidence and insight APIs answer: the items behind a list of
 * cited ids, and a period's counts. Each runs in one transaction bound to the caller, so row-level security decides
 * what exists.
 */
@ApplicationScoped
public class EvidenceDigestService {

    private final Pool pool;
    private final EvidenceDigestRepository repository;

    public EvidenceDigestService(Pool pool, EvidenceDigestRepository repository) {
        this.pool = pool;
        this.repository = repository;
    }

    /**
     * The caller's items among {@code ids}, by id. An id of another user's item, or of an item deleted since it was
     * cited, has no entry.
     */
    public Uni<Map<UUID, CitedItem>> cited(CurrentUser user, Collection<UUID> ids) {
        List<UUID> distinct = ids.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return RlsSession.inTransaction(pool, user.id(), conn -> repository.cited(conn, user.id(), distinct))
                .map(items -> {
                    Map<UUID, CitedItem> byId = new LinkedHashMap<>();
                    items.forEach(item -> byId.put(item.id(), item));
                    return byId;
                });
    }

    /** The counts of the caller's items whose work happened in the period. */
    public Uni<PeriodCounts> counts(CurrentUser user, DateRange period, int maxCategories) {
        UUID id = user.id();
        return RlsSession.inTransaction(
                pool,
                id,
                conn -> repository
                        .total(conn, id, period.from(), period.until())
                        .chain(total -> repository
                                .bySource(conn, id, period.from(), period.until())
                                .chain(bySource -> repository
                                        .byCategory(conn, id, period.from(), period.until(), maxCategories)
                                        .chain(byCategory -> repository
                                                .bySuggestedCategory(
                                                        conn, id, period.from(), period.until(), maxCategories)
                                                .map(bySuggested ->
                                                        new PeriodCounts(total, bySource, byCategory, bySuggested))))));
    }
}
