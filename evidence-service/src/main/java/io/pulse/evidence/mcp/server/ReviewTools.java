package io.pulse.evidence.mcp.server;

import io.pulse.common.web.FieldChecks;
import io.pulse.evidence.mcp.McpConfig;
import io.pulse.evidence.mcp.api.ReviewDraft;
import io.pulse.evidence.mcp.mapping.McpMapper;
import io.pulse.evidence.packet.service.PacketService;
import io.pulse.evidence.period.service.PeriodService;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.smallrye.mutiny.Uni;

/** The MCP tool over the caller's review packets: a period's packet as a draft for a self-review. */
public class ReviewTools {

    private static final int MAX_REF = 100;

    private final McpCalls calls;
    private final PeriodService periods;
    private final PacketService packets;
    private final McpConfig config;

    public ReviewTools(McpCalls calls, PeriodService periods, PacketService packets, McpConfig config) {
        this.calls = calls;
        this.periods = periods;
        this.packets = packets;
        this.config = config;
    }

    @Tool(
            name = "draft_review",
            title = "Draft my review for a period",
            description = "The signed-in person's review packet for one of their review periods (by name, e.g."
                    + " 'H1 2026', or id): achievements, strengths, growth areas, trends and progress on goals. Every"
                    + " bullet cites evidence the server checked: it exists, is theirs and happened in the period;"
                    + " a bullet without such a citation is never returned. The packet is written first if it does"
                    + " not exist yet; bullets the person edited are returned as edited.",
            structuredContent = true,
            outputSchema = @Tool.OutputSchema(from = ReviewDraft.class),
            annotations =
                    @Tool.Annotations(
                            title = "Draft my review for a period",
                            readOnlyHint = false,
                            destructiveHint = false,
                            idempotentHint = true,
                            openWorldHint = false))
    public Uni<ReviewDraft> draftReview(
            @ToolArg(description = "The review period: its name (e.g. 'H1 2026') or its id") String period) {
        return calls.tool("draft_review", caller -> {
            String ref = period == null ? null : period.strip();
            FieldChecks.forQuery()
                    .requiredText("period", ref == null || ref.isEmpty() ? null : ref, MAX_REF)
                    .throwIfInvalid();
            return periods.resolve(caller.user(), ref)
                    .chain(found -> packets.draft(caller.user(), found.id()))
                    .map(packet -> McpMapper.draft(packet, config.webUrl()));
        });
    }
}
