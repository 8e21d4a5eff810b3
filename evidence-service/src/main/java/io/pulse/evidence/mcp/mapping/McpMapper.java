package io.pulse.evidence.mcp.mapping;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.pulse.evidence.evidence.api.EvidenceView;
import io.pulse.evidence.insightapi.RemoteInsightPage.Insight;
import io.pulse.evidence.insightapi.RemoteSearchResult.Hit;
import io.pulse.evidence.mcp.api.Citation;
import io.pulse.evidence.mcp.api.EvidenceDetail;
import io.pulse.evidence.mcp.api.InsightsAnswer.InsightItem;
import io.pulse.evidence.mcp.api.NoteAdded;
import io.pulse.evidence.mcp.api.PeriodSummary.Achievement;
import io.pulse.evidence.mcp.api.ReviewDraft;
import io.pulse.evidence.mcp.api.SearchAnswer.SearchResult;
import io.pulse.evidence.mcp.repository.CitedItem;
import io.pulse.evidence.packet.api.PacketView;

/** The one place that turns evidence views, cited rows and insight-service answers into the MCP tools' answers. */
public final class McpMapper {

    /** The URI scheme and path of an evidence item as an MCP resource; the id follows. */
    public static final String RESOURCE_PREFIX = "pulse://evidence/";

    private McpMapper() {}

    /** The MCP resource URI of an item. */
    public static String resourceUri(UUID id) {
        return RESOURCE_PREFIX + id;
    }

    public static Citation citation(CitedItem item, String webUrl) {
        return new Citation(
                item.id().toString(),
                item.title(),
                item.source(),
                text(item.occurredAt()),
                item.sourceUrl(),
                appUrl(webUrl, item.id()),
                resourceUri(item.id()));
    }

    public static Citation citation(EvidenceView view, String webUrl) {
        return new Citation(
                view.id().toString(),
                view.title(),
                view.source(),
                text(view.occurredAt()),
                view.sourceUrl(),
                appUrl(webUrl, view.id()),
                resourceUri(view.id()));
    }

    /** A review packet as {@code draft_review} answers it: every bullet with its checked citations. */
    public static ReviewDraft draft(PacketView packet, String webUrl) {
        List<ReviewDraft.Section> sections = packet.sections().stream()
                .map(section -> new ReviewDraft.Section(
                        section.key(),
                        section.title(),
                        section.bullets().stream()
                                .map(bullet -> new ReviewDraft.Bullet(
                                        bullet.text(),
                                        bullet.edited(),
                                        bullet.citations().stream()
                                                .map(c -> citation(
                                                        new CitedItem(
                                                                c.evidenceId(),
                                                                c.title(),
                                                                c.source(),
                                                                c.sourceUrl(),
                                                                c.occurredAt()),
                                                        webUrl))
                                                .toList()))
                                .toList()))
                .toList();
        return new ReviewDraft(
                packet.period().id().toString(),
                packet.period().name(),
                packet.period().startDate().toString(),
                packet.period().endDate().toString(),
                packet.generator(),
                sections,
                packet.droppedBullets());
    }

    /** The item with its content cut at {@code maxContentChars}. */
    public static EvidenceDetail detail(EvidenceView view, int maxContentChars, String webUrl) {
        String content = view.content() == null ? "" : view.content();
        boolean truncated = content.length() > maxContentChars;
        if (truncated) {
            // Never split a surrogate pair: the cut text stays valid Unicode.
            int end = Character.isHighSurrogate(content.charAt(maxContentChars - 1))
                    ? maxContentChars - 1
                    : maxContentChars;
            content = content.substring(0, end);
        }
        Map<String, Object> meta = view.aiMetadata() == null ? Map.of() : view.aiMetadata();
        return new EvidenceDetail(
                view.id().toString(),
                view.title(),
                content,
                truncated,
                view.summary(),
                view.source(),
                view.category(),
                view.tags(),
                strings(meta.get("key_phrases")),
                strings(meta.get("categories_suggested")),
                text(view.occurredAt()),
                text(view.updatedAt()),
                view.attachments() == null ? 0 : view.attachments().size(),
                citation(view, webUrl));
    }

    public static SearchResult searchResult(Hit hit, CitedItem item, String webUrl) {
        return new SearchResult(
                hit.id().toString(),
                item.title(),
                hit.summary(),
                item.source(),
                hit.category(),
                hit.tags(),
                text(item.occurredAt()),
                hit.similarity(),
                hit.confidence(),
                citation(item, webUrl));
    }

    public static InsightItem insight(Insight insight, Map<UUID, CitedItem> cited, int maxCitations, String webUrl) {
        return new InsightItem(
                insight.id().toString(),
                insight.type(),
                insight.title(),
                insight.content(),
                insight.confidence(),
                insight.validated(),
                text(insight.periodStart()),
                text(insight.periodEnd()),
                ids(insight),
                citations(insight, cited, maxCitations, webUrl));
    }

    public static Achievement achievement(
            Insight insight, Map<UUID, CitedItem> cited, int maxCitations, String webUrl) {
        return new Achievement(
                insight.id().toString(),
                insight.title(),
                insight.content(),
                insight.confidence(),
                insight.validated(),
                ids(insight),
                citations(insight, cited, maxCitations, webUrl));
    }

    public static NoteAdded noteAdded(EvidenceView view, String webUrl) {
        return new NoteAdded(
                view.id().toString(),
                view.title(),
                view.tags(),
                text(view.occurredAt()),
                view.version(),
                citation(view, webUrl));
    }

    private static List<String> ids(Insight insight) {
        return evidenceIds(insight).stream().map(UUID::toString).toList();
    }

    /** The ids an insight cites, in its order. */
    public static List<UUID> evidenceIds(Insight insight) {
        return insight.evidenceIds() == null
                ? List.of()
                : insight.evidenceIds().stream().filter(Objects::nonNull).toList();
    }

    private static List<Citation> citations(
            Insight insight, Map<UUID, CitedItem> cited, int maxCitations, String webUrl) {
        return evidenceIds(insight).stream()
                .map(cited::get)
                .filter(Objects::nonNull)
                .distinct()
                .limit(maxCitations)
                .map(item -> citation(item, webUrl))
                .toList();
    }

    private static String appUrl(String webUrl, UUID id) {
        return (webUrl.endsWith("/") ? webUrl.substring(0, webUrl.length() - 1) : webUrl) + "/evidence/" + id;
    }

    private static List<String> strings(Object value) {
        if (!(value instanceof List<?> list)) {
            return null;
        }
        return list.stream()
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .toList();
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String text(LocalDate date) {
        return date == null ? null : date.toString();
    }
}
