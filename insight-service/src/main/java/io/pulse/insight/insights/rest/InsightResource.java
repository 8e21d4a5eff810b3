package io.pulse.insight.insights.rest;

import java.net.URI;
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
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.pulse.common.security.RequestUser;
import io.pulse.common.security.Roles;
import io.pulse.common.web.FieldChecks;
import io.pulse.common.web.HttpConfig;
import io.pulse.common.web.Page;
import io.pulse.common.web.PageRequest;
import io.pulse.common.web.PathIds;
import io.pulse.insight.insights.InsightsConfig;
import io.pulse.insight.insights.api.GenerationAccepted;
import io.pulse.insight.insights.api.GenerationRequestView;
import io.pulse.insight.insights.api.InsightChange;
import io.pulse.insight.insights.api.InsightFilter;
import io.pulse.insight.insights.api.InsightView;
import io.pulse.insight.insights.service.GenerationRequestService;
import io.pulse.insight.insights.service.InsightService;
import io.smallrye.mutiny.Uni;

/** The caller's insights: list, read, validate / reject / give feedback, and request generation. */
@Path("/api/v1/insights")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.INDIVIDUAL, Roles.MANAGER})
@Tag(name = "Insights", description = "Insights generated from the caller's evidence, and the caller's review of them")
public class InsightResource {

    static final int MAX_FEEDBACK = 2000;

    private final InsightService insights;
    private final GenerationRequestService requests;
    private final RequestUser user;
    private final InsightsConfig config;
    private final HttpConfig http;

    public InsightResource(
            InsightService insights,
            GenerationRequestService requests,
            RequestUser user,
            InsightsConfig config,
            HttpConfig http) {
        this.insights = insights;
        this.requests = requests;
        this.user = user;
        this.config = config;
        this.http = http;
    }

    @GET
    @Operation(
            operationId = "listInsights",
            summary = "List your insights, newest first (rejected ones only when asked for)")
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "400", description = "Invalid query parameter or cursor (listed in errors)")
    public Uni<Page<InsightView>> list(
            @Parameter(
                            description = "Only this kind",
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            enumeration = {"strength", "improvement", "achievement", "trend"}))
                    @QueryParam("type")
                    String type,
            @Parameter(
                            description = "Only validated (true) or not validated (false) ones",
                            schema = @Schema(type = SchemaType.BOOLEAN))
                    @QueryParam("validated")
                    String validated,
            @Parameter(
                            description = "Rejected ones instead of the others; default false",
                            schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
                    @QueryParam("rejected")
                    String rejected,
            @Parameter(
                            description = "Insights whose period ends on or after this day",
                            schema = @Schema(type = SchemaType.STRING, format = "date"))
                    @QueryParam("from")
                    String from,
            @Parameter(
                            description = "Insights whose period starts on or before this day",
                            schema = @Schema(type = SchemaType.STRING, format = "date"))
                    @QueryParam("to")
                    String to,
            @Parameter(description = "Insights generated for a span overlapping this review period of yours")
                    @QueryParam("period_id")
                    String periodId,
            @Parameter(description = "next_cursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, 1-100, default 20", schema = @Schema(type = SchemaType.INTEGER))
                    @QueryParam("limit")
                    String limit) {
        FieldChecks p = FieldChecks.forQuery();
        InsightFilter filter = new InsightFilter(
                p.oneOf("type", type, List.of("strength", "improvement", "achievement", "trend")),
                p.bool("validated", validated),
                rejected == null ? Boolean.FALSE : p.bool("rejected", rejected),
                p.date("from", from),
                p.date("to", to),
                p.id("period_id", periodId, "must be the id of one of your periods"));
        PageRequest page = PageRequest.parse(limit, cursor, http.paging(), p);
        p.throwIfInvalid();
        return insights.list(user.get().id(), filter, page);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getInsight", summary = "One of your insights")
    @APIResponse(responseCode = "200", description = "The insight")
    @APIResponse(responseCode = "404", description = "No such insight for the caller (also for other users' insights)")
    public Uni<InsightView> get(@PathParam("id") String id) {
        UUID insightId = PathIds.parse(id, "Insight");
        return insights.get(user.get().id(), insightId);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "changeInsight",
            summary = "Validate or reject an insight, or leave feedback",
            description = "Only validated (boolean), rejected (boolean) and feedback (text, at most 2000"
                    + " characters) can be set; any other field, a wrong type, or both flags true is a 422.")
    @APIResponse(responseCode = "200", description = "The changed insight")
    @APIResponse(responseCode = "400", description = "The body is not a JSON object")
    @APIResponse(responseCode = "404", description = "No such insight for the caller")
    @APIResponse(
            responseCode = "422",
            description = "Unknown field, wrong type, feedback too long, or both flags true (listed in errors)")
    public Uni<InsightView> change(
            @PathParam("id") String id,
            @RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = InsightChangeRequest.class)))
                    InsightChangeRequest body) {
        UUID insightId = PathIds.parse(id, "Insight");
        InsightChange change = toChange(body);
        return insights.change(user.get().id(), insightId, change);
    }

    @POST
    @Path("/generate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "requestInsights",
            summary = "Generate insights for a period",
            description = "Queues a generation request. Its outcome (pending, completed, perhaps by the statistical"
                    + " generator standing in for the LLM, or failed with a reason) is at the Location answered"
                    + " (getGenerationRequest) and on the stream as insight-generation.updated events; the insights"
                    + " arrive as insight.created / insight.updated events.")
    @APIResponse(
            responseCode = "202",
            description = "Accepted: queued for generation; Location points at the generation request",
            headers =
                    @Header(
                            name = "Location",
                            description = "/api/v1/insights/generation-requests/{request_id}",
                            schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = GenerationAccepted.class)))
    @APIResponse(responseCode = "404", description = "period_id names none of the caller's periods")
    @APIResponse(responseCode = "422", description = "Missing or invalid period (listed in errors)")
    public Uni<Response> generate(@RequestBody(required = true) GenerateRequest body) {
        FieldChecks p = FieldChecks.forBody();
        if (body != null && body.periodId() != null) {
            if (body.periodStart() != null || body.periodEnd() != null) {
                p.error("period_id", "give either period_id or period_start and period_end");
            }
            p.throwIfInvalid();
            return requests.requestForPeriod(user.get().id(), body.periodId()).map(InsightResource::accepted);
        }
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
        return requests.request(user.get().id(), body.periodStart(), body.periodEnd())
                .map(InsightResource::accepted);
    }

    private static Response accepted(GenerationRequestView queued) {
        return Response.accepted(
                        new GenerationAccepted(queued.id(), queued.periodStart(), queued.periodEnd(), "accepted"))
                .location(URI.create(GenerationRequestResource.PATH + "/" + queued.id()))
                .build();
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
}
