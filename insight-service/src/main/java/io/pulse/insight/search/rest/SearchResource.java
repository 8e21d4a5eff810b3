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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

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
@Tag(name = "Search", description = "Semantic and hybrid search over the caller's evidence")
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
            operationId = "searchEvidence",
            summary = "Search your evidence by meaning",
            description = "Best first. Without `threshold`, the value calibrated for the embedding model in use applies"
                    + " (or, for a model without calibration, a cut relative to the best hit); the response names it"
                    + " in `threshold` and `threshold_source`. mode=hybrid (the default) fuses vector similarity with"
                    + " an IDF-weighted keyword match (any query word, word prefixes, exact identifiers such as"
                    + " PROJ-123 or !42) and also returns items matching most of the query's keywords;"
                    + " mode=semantic ranks by similarity only. Filters as in the evidence list.")
    @APIResponse(responseCode = "200", description = "The hits, best first")
    @APIResponse(responseCode = "400", description = "Invalid query parameter (listed in errors)")
    public Uni<SearchResult> search(
            @Parameter(description = "What to look for (at most 1000 characters)", required = true) @QueryParam("q")
                    String q,
            @Parameter(
                            description = "Least cosine similarity, 0-1; default: the model's calibrated value",
                            schema = @Schema(type = SchemaType.NUMBER, minimum = "0", maximum = "1"))
                    @QueryParam("threshold")
                    String threshold,
            @Parameter(
                            description = "Most hits, 1-50, default 10",
                            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "50"))
                    @QueryParam("limit")
                    String limit,
            @Parameter(
                            description = "hybrid (default) or semantic",
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            enumeration = {"hybrid", "semantic"}))
                    @QueryParam("mode")
                    String mode,
            @Parameter(
                            description = "Only this source",
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            enumeration = {"gitlab", "jira", "upload", "manual"}))
                    @QueryParam("source")
                    String source,
            @Parameter(description = "Only this category") @QueryParam("category") String category,
            @Parameter(description = "Items carrying every given tag (repeatable)") @QueryParam("tag") List<String> tag,
            @Parameter(description = "Comma-separated tags, all must match") @QueryParam("tags") String tags,
            @Parameter(description = "Work that happened at or after this ISO date or instant") @QueryParam("from")
                    String from,
            @Parameter(description = "Work that happened before this instant (a date includes that day)")
                    @QueryParam("to")
                    String to,
            @Parameter(description = "Only work within this review period of yours (its days, UTC)")
                    @QueryParam("period_id")
                    String periodId) {
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
        java.util.UUID period = p.id("period_id", periodId, "must be the id of one of your periods");
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
                toInstant,
                period);
        return search.search(user.get().id(), query);
    }
}
