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

import io.pulse.common.security.RequestUser;
import io.pulse.common.security.Roles;
import io.pulse.common.web.FieldChecks;
import io.pulse.insight.search.SearchConfig;
import io.pulse.insight.search.api.SearchMode;
import io.pulse.insight.search.api.SearchQuery;
import io.pulse.insight.search.api.SearchResult;
import io.pulse.insight.search.service.SearchService;
import io.smallrye.mutiny.Uni;

/** Semantic search over the caller's evidence (the original design's {@code search_evidence}). */
@Path("/api/v1/search")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.INDIVIDUAL, Roles.MANAGER})
public class SearchResource {

    static final int MAX_LIMIT = 50;
    static final int MAX_QUERY_CHARS = 1000;
    static final int MAX_TAGS = 20;
    private static final List<String> MODES = List.of("semantic", "hybrid");
    private static final List<String> SOURCES = List.of("gitlab", "jira", "upload", "manual");

    private final SearchService search;
    private final RequestUser user;
    private final SearchConfig config;

    public SearchResource(SearchService search, RequestUser user, SearchConfig config) {
        this.search = search;
        this.user = user;
        this.config = config;
    }

    @GET
    @Operation(
            summary = "Search your evidence by meaning",
            description = "Best first. Without `threshold`, the value calibrated for the embedding model in use applies"
                    + " (or, for a model without calibration, a cut relative to the best hit); the response names it"
                    + " in `threshold` and `threshold_source`. mode=hybrid (the default) fuses vector similarity with"
                    + " an IDF-weighted keyword match (any query word, word prefixes, exact identifiers such as"
                    + " PROJ-123 or !42) and also returns items matching most of the query's keywords;"
                    + " mode=semantic ranks by similarity only. Filters as in the evidence list.")
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
        FieldChecks p = FieldChecks.forQuery();
        String text = q == null ? "" : q.strip();
        p.requiredText("q", text.isEmpty() ? null : text, MAX_QUERY_CHARS);
        Double th = p.decimal("threshold", threshold, null, 0, 1);
        int lim = p.integer("limit", limit, 10, 1, MAX_LIMIT);
        String m = p.oneOf("mode", mode, MODES);
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
        var fromInstant = p.from("from", from);
        var toInstant = p.to("to", to);
        p.ordered(fromInstant, toInstant, "to", "from");
        p.throwIfInvalid();
        SearchQuery query = new SearchQuery(
                text,
                th,
                lim,
                SearchMode.valueOf((m == null ? config.defaultMode() : m).toUpperCase(Locale.ROOT)),
                src,
                cat,
                allTags,
                fromInstant,
                toInstant);
        return search.search(user.get().id(), query);
    }
}
