package io.pulse.insight.insights.rest;

import java.util.Iterator;
import java.util.List;
import java.util.Set;
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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.ResponseStatus;

import com.fasterxml.jackson.databind.JsonNode;

import io.pulse.common.security.CurrentUserResolver;
import io.pulse.common.security.Roles;
import io.pulse.common.web.ApiException;
import io.pulse.insight.insights.InsightsConfig;
import io.pulse.insight.insights.api.GenerationAccepted;
import io.pulse.insight.insights.api.InsightChange;
import io.pulse.insight.insights.api.InsightFilter;
import io.pulse.insight.insights.api.InsightPage;
import io.pulse.insight.insights.api.InsightView;
import io.pulse.insight.insights.service.InsightService;
import io.pulse.insight.web.Params;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** The caller's insights: list, read, validate / reject / give feedback, and request generation. */
@Path("/api/v1/insights")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.INDIVIDUAL, Roles.MANAGER})
@SecurityRequirement(name = "jwt")
public class InsightResource {

    static final int MAX_PAGE_SIZE = 100;
    static final int MAX_FEEDBACK = 2000;
    private static final Set<String> CHANGEABLE = Set.of("validated", "rejected", "feedback");

    private final InsightService insights;
    private final CurrentUserResolver users;
    private final SecurityIdentity identity;
    private final InsightsConfig config;

    public InsightResource(
            InsightService insights, CurrentUserResolver users, SecurityIdentity identity, InsightsConfig config) {
        this.insights = insights;
        this.users = users;
        this.identity = identity;
        this.config = config;
    }

    @GET
    @Operation(summary = "List your insights, newest first (rejected ones only when asked for)")
    public Uni<InsightPage> list(
            @QueryParam("type") String type,
            @QueryParam("validated") String validated,
            @QueryParam("rejected") String rejected,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        Params p = new Params();
        InsightFilter filter = new InsightFilter(
                p.oneOf("type", type, List.of("strength", "improvement", "achievement", "trend")),
                p.bool("validated", validated),
                rejected == null ? Boolean.FALSE : p.bool("rejected", rejected),
                p.date("from", from),
                p.date("to", to));
        int pageNumber = p.integer("page", page, 0, 0, 10_000);
        int pageSize = p.integer("size", size, 20, 1, MAX_PAGE_SIZE);
        p.check();
        return users.resolve(identity).chain(user -> insights.list(user.id(), filter, pageNumber, pageSize));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One of your insights")
    public Uni<InsightView> get(@PathParam("id") String id) {
        UUID insightId = uuid(id);
        return users.resolve(identity).chain(user -> insights.get(user.id(), insightId));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Validate or reject an insight, or leave feedback",
            description = "Only validated (boolean), rejected (boolean) and feedback (text, at most 2000"
                    + " characters) can be set; anything else is a 422.")
    public Uni<InsightView> change(@PathParam("id") String id, JsonNode body) {
        UUID insightId = uuid(id);
        InsightChange change = parseChange(body);
        return users.resolve(identity).chain(user -> insights.change(user.id(), insightId, change));
    }

    @POST
    @Path("/generate")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(202)
    @Operation(summary = "Generate insights for a period; they arrive as insight events")
    public Uni<GenerationAccepted> generate(GenerateRequest body) {
        Params p = new Params();
        if (body == null || body.periodStart() == null) {
            p.error("period_start", "is required");
        }
        if (body == null || body.periodEnd() == null) {
            p.error("period_end", "is required");
        }
        p.check();
        if (body.periodStart().isAfter(body.periodEnd())) {
            p.error("period_end", "must not be before period_start");
        } else if (body.periodStart().plus(config.maxRequestedPeriod()).isBefore(body.periodEnd())) {
            p.error("period_end", "the period may span at most " + config.maxRequestedPeriod());
        }
        p.check();
        return users.resolve(identity)
                .chain(user -> insights.requestGeneration(user.id(), body.periodStart(), body.periodEnd()));
    }

    static InsightChange parseChange(JsonNode body) {
        Params p = new Params();
        if (body == null || !body.isObject() || body.isEmpty()) {
            p.error("body", "must be an object with at least one of validated, rejected, feedback");
            p.check();
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!CHANGEABLE.contains(name)) {
                p.error(name, "is not a field of this request or cannot be set");
            }
        }
        Boolean validated = flag(p, body, "validated");
        Boolean rejected = flag(p, body, "rejected");
        boolean setFeedback = body.has("feedback");
        String feedback = null;
        if (setFeedback) {
            JsonNode f = body.get("feedback");
            if (!f.isNull() && !f.isTextual()) {
                p.error("feedback", "must be text or null");
            } else if (f.isTextual()) {
                feedback = f.asText().strip();
                if (feedback.length() > MAX_FEEDBACK) {
                    p.error("feedback", "must be at most " + MAX_FEEDBACK + " characters");
                }
                if (feedback.isEmpty()) {
                    feedback = null;
                }
            }
        }
        if (Boolean.TRUE.equals(validated) && Boolean.TRUE.equals(rejected)) {
            p.error("rejected", "an insight cannot be both validated and rejected");
        }
        p.check();
        return new InsightChange(validated, rejected, setFeedback, feedback);
    }

    private static Boolean flag(Params p, JsonNode body, String name) {
        if (!body.has(name)) {
            return null;
        }
        JsonNode v = body.get(name);
        if (!v.isBoolean()) {
            p.error(name, "must be true or false");
            return null;
        }
        return v.booleanValue();
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Insight");
        }
    }
}
