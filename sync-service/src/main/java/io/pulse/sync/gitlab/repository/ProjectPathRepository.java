package io.pulse.sync.gitlab.repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.sync.gitlab.client.GitLabProject;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code source_project_paths}: the last known path of a connection's GitLab projects (service role). */
@ApplicationScoped
public class ProjectPathRepository {

    private static final String FIND_SQL = "select project_id, path, web_url from source_project_paths"
            + " where connection_id = $1 and project_id = any($2)";

    // One statement for all projects of a run; an unchanged row is not rewritten.
    private static final String UPSERT_SQL =
            "insert into source_project_paths (connection_id, project_id, path, web_url)"
                    + " select $1, t.project_id, t.path, t.web_url from unnest($2::text[], $3::text[], $4::text[])"
                    + " as t(project_id, path, web_url)"
                    + " on conflict (connection_id, project_id) do update set path = excluded.path,"
                    + " web_url = excluded.web_url, updated_at = now()"
                    + " where (source_project_paths.path, source_project_paths.web_url)"
                    + " is distinct from (excluded.path, excluded.web_url)";

    /** The remembered projects among the ids, by id. */
    public Uni<Map<String, GitLabProject>> find(SqlClient client, UUID connectionId, Collection<String> projectIds) {
        return client.preparedQuery(FIND_SQL)
                .execute(Tuple.of(connectionId, projectIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, GitLabProject> found = new HashMap<>();
                    for (Row r : rows) {
                        String id = r.getString("project_id");
                        found.put(id, new GitLabProject(id, r.getString("path"), r.getString("web_url")));
                    }
                    return found;
                });
    }

    /** Remembers the projects' current paths. */
    public Uni<Void> remember(SqlClient client, UUID connectionId, Collection<GitLabProject> projects) {
        List<String> ids = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        for (GitLabProject p : projects) {
            ids.add(p.id());
            paths.add(p.pathWithNamespace());
            urls.add(p.webUrl());
        }
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery(UPSERT_SQL)
                .execute(Tuple.of(
                        connectionId,
                        ids.toArray(String[]::new),
                        paths.toArray(String[]::new),
                        urls.toArray(String[]::new)))
                .replaceWithVoid();
    }
}
