/**
 * The MCP server (Streamable HTTP at {@code /mcp}) that lets the owner's AI assistant work with the owner's own
 * evidence and insights, as the owner.
 *
 * <ul>
 *   <li>{@link io.pulse.evidence.mcp.server.EvidenceTools}: {@code search_evidence}, {@code get_evidence},
 *       {@code add_note};
 *   <li>{@link io.pulse.evidence.mcp.server.InsightTools}: {@code list_insights}, {@code summarize_period};
 *   <li>{@link io.pulse.evidence.mcp.server.ReviewTools}: {@code draft_review} (a review period's packet, its
 *       citations checked by the packet feature);
 *   <li>{@link io.pulse.evidence.mcp.server.EvidenceResources}: the resource template {@code pulse://evidence/{id}};
 *   <li>{@link io.pulse.evidence.mcp.server.SelfReviewPrompt}: the {@code self_review} prompt.
 * </ul>
 *
 * <p>Every feature runs through {@link io.pulse.evidence.mcp.server.McpCalls} (the caller, the metric, the error
 * translation) and cites evidence with {@link io.pulse.evidence.mcp.mapping.McpMapper#citation}.
 */
package io.pulse.evidence.mcp.server;
