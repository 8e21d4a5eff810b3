package io.pulse.sync.gitlab.service;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.sync.gitlab.client.GitLabProject;
import io.pulse.sync.gitlab.repository.ProjectPathRepository;
import io.pulse.sync.job.service.WorkerTransactions;

/**
 * Project names for commit-day items that do not change when a project stops answering: every project seen is
 * remembered per connection, and a project that now answers 404 is named as it was last seen. An item is keyed by the
 * project id; its text must not churn because the name became unknowable.
 */
@ApplicationScoped
public class ProjectPaths {

    private final WorkerTransactions tx;
    private final ProjectPathRepository repository;

    public ProjectPaths(WorkerTransactions tx, ProjectPathRepository repository) {
        this.tx = tx;
        this.repository = repository;
    }

    /**
     * The projects to name the days with: the live ones (remembered for next time) and, for ids that answered 404,
     * the remembered ones.
     *
     * @param lookups the live lookup per project id (empty: 404)
     */
    Map<String, GitLabProject> resolve(UUID connectionId, Map<String, Optional<GitLabProject>> lookups) {
        Map<String, GitLabProject> live = new HashMap<>();
        List<String> missing = lookups.entrySet().stream()
                .filter(e -> e.getValue().isEmpty())
                .map(Map.Entry::getKey)
                .toList();
        lookups.forEach((id, found) -> found.filter(p ->
                        p.pathWithNamespace() != null && !p.pathWithNamespace().isBlank())
                .ifPresent(p -> live.put(id, new GitLabProject(id, p.pathWithNamespace(), p.webUrl()))));
        Map<String, GitLabProject> all = new HashMap<>(live);
        if (!live.isEmpty()) {
            tx.inTransaction(conn -> repository.remember(conn, connectionId, live.values()));
        }
        if (!missing.isEmpty()) {
            all.putAll(tx.inTransaction(conn -> repository.find(conn, connectionId, missing)));
        }
        return all;
    }
}
