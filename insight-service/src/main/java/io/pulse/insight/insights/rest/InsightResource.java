package io.pulse.insight.insights.rest;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.ResponseStatus;

import io.pulse.common.security.RequestUser;
import io.pulse.common.security.Roles;
import io.pulse.common.web.ApiException;
import io.pulse.common.web.FieldChecks;
import io.pulse.common.web.HttpConfig;
import io.pulse.common.web.Page;
import io.pulse.common.web.PageRequest;
import io.pulse.insight.insights.InsightsConfig;
import io.pulse.insight.insights.api.GenerationAccepted;
import io.pulse.insight.insights.api.InsightChange;
import io.pulse.insight.insights.api.InsightFilter;
import io.pulse.insight.insights.api.InsightView;
import io.pulse.insight.insights.service.InsightService;
import io.smallrye.mutiny.Uni;

/** The caller's insights: list, read, validate / reject / give feedback, and request generation. */
@Path("/api/v1/insights")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.INDIVIDUAL, Roles.MANAGER})
public class InsightResource {

    static final int MAX_FEEDBACK = 2000;

    private final InsightService insights;
    private final RequestUser user;
    private final InsightsConfig config;
    private final HttpConfig http;

    public InsightResource(InsightService insights, RequestUser user, InsightsConfig config, HttpConfig http) {
        this.insights = insights;
        this.user = user;
        this.config = config;
        this.http = http;
    }

    @GET
    @Operation(summary = "List your insights, newest first (rejected ones only when asked for)")
    public Uni<Page<InsightView>> list(
            @QueryParam("type") String type,
            @QueryParam("validated") String validated,
            @QueryParam("rejected") String rejected,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        FieldChecks p = FieldChecks.forQuery();
        InsightFilter filter = new InsightFilter(
                p.oneOf("type", type, List.of("strength", "improvement", "achievement", "trend")),
                p.bool("validated", validated),
                rejected == null ? Boolean.FALSE : p.bool("rejected", rejected),
                p.date("from", from),
                p.date("to", to));
        PageRequest page = PageRequest.parse(limit, cursor, http.paging(), p);
        p.throwIfInvalid();
        return insights.list(user.get().id(), filter, page);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One of your insights")
    public Uni<InsightView> get(@PathParam("id") String id) {
        UUID insightId = uuid(id);
        return insights.get(user.get().id(), insightId);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Validate or reject an insight, or leave feedback",
            description = "Only validated (boolean), rejected (boolean) and feedback (text, at most 2000"
                    + " characters) can be set; any other field, a wrong type, or both flags true is a 422.")
    public Uni<InsightView> change(@PathParam("id") String id, InsightChangeRequest body) {
        UUID insightId = uuid(id);
        InsightChange change = toChange(body);
        return insights.change(user.get().id(), insightId, change);
    }

    @POST
    @Path("/generate")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(202)
    @Operation(summary = "Generate insights for a period; they arrive as insight events")
    public Uni<GenerationAccepted> generate(GenerateRequest body) {
        FieldChecks p = FieldChecks.forBody();
        if (body == null || body.periodStart() == null) {
            p.error("period_start", "is required");
        }
        if (body == null || body.periodEnd() == null) {
            p.error("period_end", "is required");
        }
        p.throwIfInvalid();
        p.date("period_start", body.periodStart().toString());
        p.date("period_end", body.periodEnd().toString());
        p.throwIfInvalid();
        if (body.periodStart().isAfter(body.periodEnd())) {
            p.error("period_end", "must not be before period_start");
        } else if (body.periodStart().plus(config.maxRequestedPeriod()).isBefore(body.periodEnd())) {
            p.error("period_end", "the period may span at most " + config.maxRequestedPeriod());
        }
        p.throwIfInvalid();
        return insights.requestGeneration(user.get().id(), body.periodStart(), body.periodEnd());
    }

    /** The change the body asks for, or a 422 listing every invalid field. */
    static InsightChange toChange(InsightChangeRequest body) {
        FieldChecks p = FieldChecks.forBody();
        if (body == null || (body.validated() == null && body.rejected() == null && body.feedback() == null)) {
            p.error("body", "must be an object with at least one of validated, rejected, feedback");
            p.throwIfInvalid();
        }
        Boolean validated = flag(p, "validated", body.validated());
        Boolean rejected = flag(p, "rejected", body.rejected());
        boolean setFeedback = body.feedback() != null;
        String feedback = setFeedback ? body.feedback().map(String::strip).orElse(null) : null;
        if (feedback != null && !feedback.isEmpty()) {
            p.text("feedback", feedback, MAX_FEEDBACK);
        }
        if (Boolean.TRUE.equals(validated) && Boolean.TRUE.equals(rejected)) {
            p.error("rejected", "an insight cannot be both validated and rejected");
        }
        p.throwIfInvalid();
        return new InsightChange(
                validated, rejected, setFeedback, feedback == null || feedback.isEmpty() ? null : feedback);
    }

    /** A flag that is absent (null: unchanged) or a boolean; JSON null is refused. */
    private static Boolean flag(FieldChecks p, String name, Optional<Boolean> value) {
        if (value == null) {
            return null;
        }
        if (value.isEmpty()) {
            p.error(name, "must be true or false");
            return null;
        }
        return value.get();
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Insight");
        }
    }
}
