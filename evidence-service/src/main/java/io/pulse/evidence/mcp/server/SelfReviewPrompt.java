package io.pulse.evidence.mcp.server;

import java.util.List;

import io.pulse.common.web.FieldChecks;
import io.pulse.evidence.mcp.api.DateRange;
import io.quarkiverse.mcp.server.Prompt;
import io.quarkiverse.mcp.server.PromptArg;
import io.quarkiverse.mcp.server.PromptMessage;
import io.quarkiverse.mcp.server.PromptResponse;
import io.smallrye.mutiny.Uni;

/**
 * The "self-review for a period" prompt: instructions that make the assistant build the review from the tools'
 * checked facts, citing every claim, instead of from memory.
 */
public class SelfReviewPrompt {

    private static final int MAX_FOCUS = 500;

    private final McpCalls calls;

    public SelfReviewPrompt(McpCalls calls) {
        this.calls = calls;
    }

    @Prompt(
            name = "self_review",
            title = "Self-review for a period",
            description = "Drafts the signed-in person's self-review for a period from their PerformancePulse"
                    + " evidence and insights, every claim cited.")
    public Uni<PromptResponse> selfReview(
            @PromptArg(description = "The review period: " + Periods.FORMATS) String period,
            @PromptArg(description = "What to emphasise, e.g. a promotion case or a goal (optional)", required = false)
                    String focus) {
        return calls.feature("prompt:self_review", caller -> {
            FieldChecks checks = FieldChecks.forQuery();
            DateRange range = Periods.parse(checks, "period", period);
            if (range == null && checks.ok()) {
                checks.error("period", "is required: " + Periods.FORMATS);
            }
            String emphasis = focus == null || focus.isBlank() ? null : focus.strip();
            checks.text("focus", emphasis, MAX_FOCUS);
            checks.throwIfInvalid();
            return Uni.createFrom()
                    .item(new PromptResponse(
                            "Self-review for " + range.start() + " to " + range.end(),
                            List.of(PromptMessage.withUserRole(text(range, emphasis)))));
        });
    }

    static String text(DateRange range, String focus) {
        String period = range.start() + "/" + range.end();
        StringBuilder text = new StringBuilder()
                .append("Draft my self-review for ")
                .append(range.start())
                .append(" to ")
                .append(range.end())
                .append(" (both days included) from my PerformancePulse evidence, and from nothing else.\n\n")
                .append("Gather the facts with the PerformancePulse tools:\n")
                .append("1. summarize_period with start=")
                .append(range.start())
                .append(" and end=")
                .append(range.end())
                .append(": how much I did, where, and my top achievements with the items they cite.\n")
                .append("2. list_insights with period=")
                .append(period)
                .append(": my strengths, achievements, areas to improve and trends; prefer those I validated.\n")
                .append("3. search_evidence with period=")
                .append(period)
                .append(" for each theme you write about, to find the items behind it; get_evidence when you need"
                        + " an item's details.\n")
                .append("4. If I have a review period for these dates, draft_review with its name: my review packet,"
                        + " whose bullets (including those I edited) cite evidence the server has checked; start"
                        + " from it.\n\n")
                .append("Write these sections: Summary; Key achievements (impact, measured where the evidence gives"
                        + " numbers); Strengths; Areas to grow; Goals for the next period.\n\n")
                .append("Rules:\n")
                .append("- Back every statement with the evidence it rests on, cited as [title](source_url, or"
                        + " app_url when there is no source_url) with its evidence_id.\n")
                .append("- State nothing that no cited item supports. Where the evidence for a section is thin,"
                        + " say so and suggest what I could record (add_note, only if I ask you to).\n")
                .append("- Keep it in the first person and concrete; no filler.\n");
        if (focus != null) {
            text.append("\nEmphasise: ").append(focus).append('\n');
        }
        return text.toString();
    }
}
