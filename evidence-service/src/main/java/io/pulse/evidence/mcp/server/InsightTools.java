package io.pulse.evidence.mcp.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pulse.common.web.ApiException;
import io.pulse.common.web.FieldChecks;
import io.pulse.evidence.insightapi.InsightClient;
import io.pulse.evidence.insightapi.RemoteInsightPage;
import io.pulse.evidence.insightapi.RemoteInsightPage.Insight;
import io.pulse.evidence.mcp.McpConfig;
import io.pulse.evidence.mcp.api.DateRange;
import io.pulse.evidence.mcp.api.InsightsAnswer;
import io.pulse.evidence.mcp.api.PeriodSummary;
import io.pulse.evidence.mcp.mapping.McpMapper;
import io.pulse.evidence.mcp.repository.CitedItem;
import io.pulse.evidence.mcp.server.McpCaller.Caller;
import io.pulse.evidence.mcp.service.EvidenceDigestService;
import io.pulse.evidence.mcp.service.PeriodCounts;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.smallrye.mutiny.Uni;

/**
 * The MCP tools over the caller's insights (read from insight-service as the caller) and over a period: what its
 * evidence consists of and its top achievements, each citing the items behind it.
 */
public class InsightTools {

    static final List<String> TYPES = List.of("strength", "improvement", "achievement", "trend");

    /** Achievement insights read for a summary before the best are kept (the API's page maximum). */
    private static final int ACHIEVEMENTS_READ = 100;

    private final McpCalls calls;
    private final EvidenceDigestService digest;
    private final InsightClient insights;
    private final McpConfig config;

    public InsightTools(McpCalls calls, EvidenceDigestService digest, InsightClient insights, McpConfig config) {
        this.calls = calls;
        this.digest = digest;
        this.insights = insights;
        this.config = config;
    }

    @Tool(
            name = "list_insights",
            title = "List my insights",
            description = "The signed-in person's insights about their work (strengths, achievements, areas to"
                    + " improve, trends), newest first, rejected ones left out. Each insight cites the evidence it"
                    + " rests on: evidence_ids, and citations with source_url and app_url.",
            structuredContent = true,
            outputSchema = @Tool.OutputSchema(from = InsightsAnswer.class),
            annotations =
                    @Tool.Annotations(
                            title = "List my insights",
                            readOnlyHint = true,
                            destructiveHint = false,
                            idempotentHint = true,
                            openWorldHint = false))
    public Uni<InsightsAnswer> listInsights(
            @ToolArg(description = "Only this type: strength, improvement, achievement or trend", required = false)
                    String type,
            @ToolArg(
                            description = "Only insights whose period overlaps this one (UTC days, both ends"
                                    + " included): "
                                    + Periods.FORMATS,
                            required = false)
                    String period,
            @ToolArg(
                            description = "true: only insights the person validated; false: only those not validated",
                            required = false)
                    Boolean validated,
            @ToolArg(description = "Most insights, 1 to 50", defaultValue = "20") int limit) {
        return calls.tool("list_insights", caller -> {
            FieldChecks checks = FieldChecks.forQuery();
            String kind = checks.oneOf("type", type, TYPES);
            DateRange range = Periods.parse(checks, "period", period);
            EvidenceTools.within(checks, "limit", limit, config.maxInsights());
            checks.throwIfInvalid();
            return insights.insights(
                            caller.bearer(),
                            kind,
                            validated,
                            range == null ? null : range.startDate(),
                            range == null ? null : range.endDate(),
                            limit)
                    .chain(page ->
                            cited(caller, page.items()).map(cited -> answer(range, kind, validated, page, cited)));
        });
    }

    @Tool(
            name = "summarize_period",
            title = "Summarize a period of my work",
            description = "What the signed-in person's evidence of a period consists of: the number of items, counts"
                    + " by source and by category, and the top achievements (validated first) with the evidence they"
                    + " cite. Dates are UTC days, both included.",
            structuredContent = true,
            outputSchema = @Tool.OutputSchema(from = PeriodSummary.class),
            annotations =
                    @Tool.Annotations(
                            title = "Summarize a period of my work",
                            readOnlyHint = true,
                            destructiveHint = false,
                            idempotentHint = true,
                            openWorldHint = false))
    public Uni<PeriodSummary> summarizePeriod(
            @ToolArg(description = "First day of the period, an ISO date such as 2026-07-01") String start,
            @ToolArg(description = "Last day of the period (included), an ISO date such as 2026-09-30") String end) {
        return calls.tool("summarize_period", caller -> {
            FieldChecks checks = FieldChecks.forQuery();
            DateRange range = Periods.of(checks, "start", start, "end", end);
            checks.throwIfInvalid();
            Uni<PeriodCounts> counts = digest.counts(caller.user(), range, config.maxCategories());
            Uni<Achievements> achievements = achievements(caller, range);
            return Uni.combine().all().unis(counts, achievements).asTuple().map(both -> {
                PeriodCounts c = both.getItem1();
                Achievements a = both.getItem2();
                return new PeriodSummary(
                        range, c.total(), c.bySource(), c.byCategory(), c.bySuggestedCategory(), a.items(), a.notes());
            });
        });
    }

    private record Achievements(List<PeriodSummary.Achievement> items, List<String> notes) {}

    /**
     * The period's best achievement insights with their citations. Without insight-service the summary still answers
     * its counts, and says why achievements are missing.
     */
    private Uni<Achievements> achievements(Caller caller, DateRange range) {
        return insights.insights(
                        caller.bearer(), "achievement", null, range.startDate(), range.endDate(), ACHIEVEMENTS_READ)
                .map(page -> page.items() == null
                        ? List.<Insight>of()
                        : page.items().stream()
                                .sorted(Comparator.comparing(Insight::validated)
                                        .thenComparingDouble(Insight::confidence)
                                        .reversed())
                                .limit(config.topAchievements())
                                .toList())
                .chain(top -> cited(caller, top).map(cited -> {
                    List<PeriodSummary.Achievement> items = top.stream()
                            .map(i -> McpMapper.achievement(i, cited, config.maxCitationsPerInsight(), config.webUrl()))
                            .toList();
                    List<String> notes = items.isEmpty()
                            ? List.of("No achievement insights cover this period yet; search_evidence finds the"
                                    + " period's items directly.")
                            : List.of();
                    return new Achievements(items, notes);
                }))
                .onFailure(failure -> failure instanceof ApiException api && api.status() == 502)
                .recoverWithItem(failure ->
                        new Achievements(List.of(), List.of("Achievements are missing: " + failure.getMessage())));
    }

    private Uni<Map<UUID, CitedItem>> cited(Caller caller, List<Insight> items) {
        List<UUID> ids = new ArrayList<>();
        if (items != null) {
            items.forEach(insight -> ids.addAll(McpMapper.evidenceIds(insight)));
        }
        return digest.cited(caller.user(), ids);
    }

    private InsightsAnswer answer(
            DateRange period, String type, Boolean validated, RemoteInsightPage page, Map<UUID, CitedItem> cited) {
        List<InsightsAnswer.InsightItem> items = page.items() == null
                ? List.of()
                : page.items().stream()
                        .map(i -> McpMapper.insight(i, cited, config.maxCitationsPerInsight(), config.webUrl()))
                        .toList();
        return new InsightsAnswer(period, type, validated, items.size(), page.nextCursor() != null, items);
    }
}
