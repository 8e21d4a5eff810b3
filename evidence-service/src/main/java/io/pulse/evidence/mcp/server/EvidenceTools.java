package io.pulse.evidence.mcp.server;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pulse.common.security.CurrentUser;
import io.pulse.common.web.ApiException;
import io.pulse.common.web.FieldChecks;
import io.pulse.common.web.Problem;
import io.pulse.evidence.evidence.api.NewEvidence;
import io.pulse.evidence.evidence.service.EvidenceFilters;
import io.pulse.evidence.evidence.service.EvidenceService;
import io.pulse.evidence.insightapi.InsightClient;
import io.pulse.evidence.insightapi.RemoteSearchResult.Hit;
import io.pulse.evidence.mcp.McpConfig;
import io.pulse.evidence.mcp.api.DateRange;
import io.pulse.evidence.mcp.api.EvidenceDetail;
import io.pulse.evidence.mcp.api.NoteAdded;
import io.pulse.evidence.mcp.api.SearchAnswer;
import io.pulse.evidence.mcp.mapping.McpMapper;
import io.pulse.evidence.mcp.repository.CitedItem;
import io.pulse.evidence.mcp.service.EvidenceDigestService;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.smallrye.mutiny.Uni;

/**
 * The MCP tools over the caller's evidence: search by meaning (insight-service's search, as the caller), one item,
 * and a new note (the same service call, validation and outbox event as {@code POST /api/v1/evidence}).
 */
public class EvidenceTools {

    /** insight-service's limit on the query text. */
    static final int MAX_QUERY = 1000;

    private final McpCalls calls;
    private final EvidenceService evidence;
    private final EvidenceDigestService digest;
    private final InsightClient insights;
    private final McpConfig config;

    public EvidenceTools(
            McpCalls calls,
            EvidenceService evidence,
            EvidenceDigestService digest,
            InsightClient insights,
            McpConfig config) {
        this.calls = calls;
        this.evidence = evidence;
        this.digest = digest;
        this.insights = insights;
        this.config = config;
    }

    @Tool(
            name = "search_evidence",
            title = "Search my evidence",
            description = "Finds the signed-in person's evidence of work (merge requests, reviews, commits, issues,"
                    + " worklogs, documents, notes) by meaning and by words, best match first. Each result cites its"
                    + " item: evidence_id, source_url (at the source) and app_url (in PerformancePulse).",
            structuredContent = true,
            outputSchema = @Tool.OutputSchema(from = SearchAnswer.class),
            annotations =
                    @Tool.Annotations(
                            title = "Search my evidence",
                            readOnlyHint = true,
                            destructiveHint = false,
                            idempotentHint = true,
                            openWorldHint = false))
    public Uni<SearchAnswer> searchEvidence(
            @ToolArg(description = "What to look for, in plain words (at most 1000 characters)") String query,
            @ToolArg(
                            description =
                                    "Only work done in this period (UTC days, both ends included): " + Periods.FORMATS,
                            required = false)
                    String period,
            @ToolArg(description = "Only this source: gitlab, jira, upload or manual", required = false) String source,
            @ToolArg(description = "Most results, 1 to 25", defaultValue = "10") int limit) {
        return calls.tool("search_evidence", caller -> {
            FieldChecks checks = FieldChecks.forQuery();
            String text = query == null ? null : query.strip();
            checks.requiredText("query", text, MAX_QUERY);
            DateRange range = Periods.parse(checks, "period", period);
            String src = source == null || source.isBlank() ? null : source.strip();
            if (src != null && !EvidenceFilters.SOURCES.contains(src)) {
                checks.error("source", "must be one of gitlab, jira, manual, upload");
            }
            within(checks, "limit", limit, config.maxSearchResults());
            checks.throwIfInvalid();
            return insights.search(
                            caller.bearer(),
                            text,
                            limit,
                            src,
                            range == null ? null : range.startDate(),
                            range == null ? null : range.endDate())
                    .chain(hits -> digest.cited(
                                    caller.user(), hits.stream().map(Hit::id).toList())
                            .map(cited -> answer(text, range, src, hits, cited)));
        });
    }

    @Tool(
            name = "get_evidence",
            title = "Read one evidence item",
            description = "One of the signed-in person's evidence items by its evidence_id: title, content (cut at"
                    + " 20,000 characters), enrichment summary, key phrases, category, tags, when the work happened,"
                    + " and its citation with source_url and app_url.",
            structuredContent = true,
            outputSchema = @Tool.OutputSchema(from = EvidenceDetail.class),
            annotations =
                    @Tool.Annotations(
                            title = "Read one evidence item",
                            readOnlyHint = true,
                            destructiveHint = false,
                            idempotentHint = true,
                            openWorldHint = false))
    public Uni<EvidenceDetail> getEvidence(
            @ToolArg(description = "The evidence_id, as cited by the other tools") String id) {
        return calls.tool("get_evidence", caller -> read(caller.user(), id));
    }

    @Tool(
            name = "add_note",
            title = "Record a note of my work",
            description = "Records a manual evidence item (a note) for the signed-in person, exactly as the web app's"
                    + " note editor does; it is then summarised, classified and becomes searchable like any other"
                    + " item. Use it for work the person asks you to record.",
            structuredContent = true,
            outputSchema = @Tool.OutputSchema(from = NoteAdded.class),
            annotations =
                    @Tool.Annotations(
                            title = "Record a note of my work",
                            readOnlyHint = false,
                            destructiveHint = false,
                            idempotentHint = false,
                            openWorldHint = false))
    public Uni<NoteAdded> addNote(
            @ToolArg(description = "What was done, in one line (at most 200 characters)") String title,
            @ToolArg(description = "The details: what, why, the outcome (at most 50,000 characters)") String content,
            @ToolArg(
                            description = "Up to 20 tags, each starting with a letter or digit and using only letters,"
                                    + " digits and . _ + # - (at most 50 characters)",
                            required = false)
                    List<String> tags,
            @ToolArg(
                            name = "occurred_at",
                            description = "When the work happened: an ISO date (2026-07-14) or date-time with offset;"
                                    + " defaults to now",
                            required = false)
                    String occurredAt) {
        return calls.tool("add_note", caller -> {
            FieldChecks checks = FieldChecks.forBody();
            Instant at = occurredAt == null || occurredAt.isBlank() ? null : checks.from("occurred_at", occurredAt);
            checks.throwIfInvalid();
            return evidence.create(caller.user(), new NewEvidence(title, content, null, tags, null, at))
                    .map(view -> McpMapper.noteAdded(view, config.webUrl()));
        });
    }

    /** One of the caller's items; also what the {@code pulse://evidence/{id}} resource answers. */
    Uni<EvidenceDetail> read(CurrentUser user, String id) {
        UUID uuid = evidenceId(id);
        return evidence.get(user, uuid)
                .onFailure(ApiException.class)
                .transform(failure -> ((ApiException) failure).status() == 404
                        ? new ApiException(404, "Not Found", "No evidence with id " + uuid + " exists for you")
                        : failure)
                .map(view -> McpMapper.detail(view, config.maxContentChars(), config.webUrl()));
    }

    private SearchAnswer answer(
            String query, DateRange period, String source, List<Hit> hits, Map<UUID, CitedItem> cited) {
        // A hit the caller cannot read here (deleted since it was indexed) is left out: every answer is citable.
        List<SearchAnswer.SearchResult> results = hits.stream()
                .filter(hit -> cited.containsKey(hit.id()))
                .map(hit -> McpMapper.searchResult(hit, cited.get(hit.id()), config.webUrl()))
                .toList();
        return new SearchAnswer(query, period, source, results.size(), results);
    }

    static UUID evidenceId(String id) {
        try {
            if (id != null && id.strip().length() == 36) {
                return UUID.fromString(id.strip());
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ApiException.invalid(
                "The request has invalid fields",
                List.of(new Problem.FieldError(
                        "id", "must be an evidence_id (a UUID such as 0b6f3d6e-8f0a-4a53-9d8e-1f2a3b4c5d6e)")));
    }

    static void within(FieldChecks checks, String field, int value, int max) {
        if (value < 1 || value > max) {
            checks.error(field, "must be between 1 and " + max);
        }
    }
}
