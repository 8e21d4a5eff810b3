package io.pulse.insight.search.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import io.pulse.common.security.CurrentUserResolver;
import io.pulse.common.security.Roles;
import io.pulse.insight.search.SearchConfig;
import io.pulse.insight.search.api.SearchMode;
import io.pulse.insight.search.api.SearchQuery;
import io.pulse.insight.search.api.SearchResult;
import io.pulse.insight.search.service.SearchService;
import io.pulse.insight.web.Params;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Semantic search over the caller's evidence (the original design's {@code search_evidence}). */
@Path("/api/v1/search")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.INDIVIDUAL, Roles.MANAGER})
@SecurityRequirement(name = "jwt")
public class SearchResource {

    static final int MAX_LIMIT = 50;
    static final int MAX_QUERY_CHARS = 1000;
    static final int MAX_TAGS = 20;
    private static final List<String> SOURCES = List.of("gitlab", "jira", "document", "manual");

    private final SearchService search;
    private final CurrentUserResolver users;
    private final SecurityIdentity identity;
    private final SearchConfig config;

    public SearchResource(
            SearchService search, CurrentUserResolver users, SecurityIdentity identity, SearchConfig config) {
        this.search = search;
        this.users = users;
        this.identity = identity;
        this.config = config;
    }

    @GET
    @Operation(
            summary = "Search your evidence by meaning",
            description = "Results have cosine similarity >= threshold, best first. mode=hybrid fuses vector"
                    + " similarity with full-text rank (reciprocal rank fusion). Filters as in the evidence list.")
    public Uni<SearchResult> search(
            @QueryParam("q") String q,
            @QueryParam("threshold") String threshold,
            @QueryParam("limit") String limit,
            @QueryParam("mode") String mode,
            @QueryParam("source") String source,
            @QueryParam("category") String category,
            @QueryParam("tag") List<String> tag,
            @QueryParam("tags") String tags,
            @QueryParam("from") String from,
            @QueryParam("to") String to) {
        Params p = new Params();
        String text = q == null ? "" : q.strip();
        if (text.isEmpty()) {
            p.error("q", "is required");
        } else if (text.length() > MAX_QUERY_CHARS) {
            p.error("q", "must be at most " + MAX_QUERY_CHARS + " characters");
        }
        double th = p.decimal("threshold", threshold, config.defaultThreshold(), 0, 1);
        int lim = p.integer("limit", limit, 10, 1, MAX_LIMIT);
        String m = p.oneOf("mode", mode, List.of("semantic", "hybrid"));
        String src = p.oneOf("source", source, SOURCES);
        String cat = null;
        if (category != null && !category.isBlank()) {
            cat = category.strip().toLowerCase(Locale.ROOT);
            if (cat.length() > 100) {
                p.error("category", "must be at most 100 characters");
            }
        }
        List<String> allTags = new ArrayList<>();
        if (tag != null) {
            tag.stream()
                    .filter(t -> t != null && !t.isBlank())
                    .map(String::strip)
                    .forEach(allTags::add);
        }
        if (tags != null) {
            for (String t : tags.split(",")) {
                if (!t.isBlank()) {
                    allTags.add(t.strip());
                }
            }
        }
        if (allTags.size() > MAX_TAGS) {
            p.error("tags", "at most " + MAX_TAGS + " tags");
        }
        var fromInstant = p.instant("from", from, false);
        var toInstant = p.instant("to", to, true);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            p.error("to", "must be after from");
        }
        p.check();
        SearchQuery query = new SearchQuery(
                text,
                th,
                lim,
                "hybrid".equals(m) ? SearchMode.HYBRID : SearchMode.SEMANTIC,
                src,
                cat,
                allTags,
                fromInstant,
                toInstant);
        return users.resolve(identity).chain(user -> search.search(user.id(), query));
    }
}
