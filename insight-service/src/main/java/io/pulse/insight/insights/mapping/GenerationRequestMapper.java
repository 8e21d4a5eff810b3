package io.pulse.insight.insights.mapping;

import java.util.List;
import java.util.UUID;

import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.EventType;
import io.pulse.common.events.InsightGenerationPayload;
import io.pulse.insight.insights.api.GenerationRequestView;

/** The one place a generation request becomes its event, and its outcome words for people. */
public final class GenerationRequestMapper {

    /** The LLM could not be reached or kept failing: the statistical generator stood in. */
    public static final String LLM_UNAVAILABLE = "llm_unavailable";
    /** The LLM's answers were malformed on every attempt: the statistical generator stood in. */
    public static final String LLM_MALFORMED_OUTPUT = "llm_malformed_output";
    /** Generation itself failed (e.g. the database stayed unavailable). */
    public static final String GENERATION_ERROR = "generation_error";

    private GenerationRequestMapper() {}

    /** The insight-generation.updated event of a request as stored. */
    public static EventEnvelope event(GenerationRequestView v, List<UUID> retiredInsightIds) {
        return EventCodec.envelope(
                EventType.INSIGHT_GENERATION_UPDATED,
                v.userId(),
                new InsightGenerationPayload(
                        v.id(),
                        v.status(),
                        v.trigger(),
                        v.periodStart(),
                        v.periodEnd(),
                        v.generator(),
                        v.fallback(),
                        v.reason(),
                        v.llmError(),
                        v.insightsCreated(),
                        v.insightsUpdated(),
                        v.insightsRetired(),
                        retiredInsightIds));
    }

    /** The outcome in words, from the classified reason and LLM error only (never an error text). */
    public static String detail(String status, String reason, String llmError) {
        if ("pending".equals(status)) {
            return "Queued; insights arrive as they are generated.";
        }
        String why = llmError == null ? "" : " (" + llmError.replace('_', ' ') + ")";
        if (LLM_UNAVAILABLE.equals(reason)) {
            return "The LLM could not be used" + why + ", so these insights were computed from your evidence by the"
                    + " statistical generator instead.";
        }
        if (LLM_MALFORMED_OUTPUT.equals(reason)) {
            return "The LLM's answers were not usable, so these insights were computed from your evidence by the"
                    + " statistical generator instead.";
        }
        if (GENERATION_ERROR.equals(reason)) {
            return "Generating the insights failed; please ask again later.";
        }
        return null;
    }
}
