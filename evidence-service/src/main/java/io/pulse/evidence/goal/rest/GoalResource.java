package io.pulse.evidence.goal.rest;

import java.net.URI;
import java.util.List;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.pulse.common.security.RequestUser;
import io.pulse.common.security.Roles;
import io.pulse.common.web.FieldChecks;
import io.pulse.common.web.Page;
import io.pulse.common.web.PathIds;
import io.pulse.evidence.goal.api.GoalInput;
import io.pulse.evidence.goal.api.GoalLimits;
import io.pulse.evidence.goal.api.GoalSuggestion;
import io.pulse.evidence.goal.api.GoalView;
import io.pulse.evidence.goal.service.GoalService;
import io.smallrye.mutiny.Uni;

/** Goals of a period, the evidence linked to them, and suggestions of evidence by meaning. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.INDIVIDUAL, Roles.MANAGER})
@Tag(name = "Goals", description = "Goals of a review period, their evidence and their progress")
public class GoalResource {

    private final GoalService goals;
    private final RequestUser caller;
    private final JsonWebToken token;

    public GoalResource(GoalService goals, RequestUser caller, JsonWebToken token) {
        this.goals = goals;
        this.caller = caller;
        this.token = token;
    }

    @POST
    @Path("/periods/{periodId}/goals")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createGoal", summary = "Add a goal to a period")
    @APIResponse(
            responseCode = "201",
            description = "Created",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = GoalView.class)))
    @APIResponse(responseCode = "404", description = "No such period for the caller")
    @APIResponse(responseCode = "409", description = "The period has the most goals it may have")
    public Uni<RestResponse<GoalView>> create(@PathParam("periodId") String periodId, GoalInput body) {
        return Uni.createFrom()
                .item(() -> PathIds.parse(periodId, "Period"))
                .chain(id -> goals.create(caller.get(), id, body))
                .map(view -> RestResponse.ResponseBuilder.<GoalView>created(URI.create("/api/v1/goals/" + view.id()))
                        .entity(view)
                        .build());
    }

    @GET
    @Path("/periods/{periodId}/goals")
    @Operation(
            operationId = "listGoals",
            summary = "The goals of a period",
            description = "All of them (a period has at most " + GoalLimits.MAX_GOALS_PER_PERIOD
                    + "), oldest first, each with its linked evidence; next_cursor is always null.")
    @APIResponse(responseCode = "200", description = "The goals")
    @APIResponse(responseCode = "404", description = "No such period for the caller")
    public Uni<Page<GoalView>> list(@PathParam("periodId") String periodId) {
        return Uni.createFrom()
                .item(() -> PathIds.parse(periodId, "Period"))
                .chain(id -> goals.ofPeriod(caller.get(), id));
    }

    @GET
    @Path("/goals/{id}")
    @Operation(operationId = "getGoal", summary = "Read one goal with its evidence and progress")
    @APIResponse(responseCode = "200", description = "The goal")
    @APIResponse(responseCode = "404", description = "No such goal for the caller")
    public Uni<GoalView> get(@PathParam("id") String id) {
        return Uni.createFrom().item(() -> PathIds.parse(id, "Goal")).chain(uuid -> goals.get(caller.get(), uuid));
    }

    @PUT
    @Path("/goals/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "replaceGoal",
            summary = "Replace a goal's text, status and target",
            description = "The whole goal: absent optional fields are cleared. Its period and links stay.")
    @APIResponse(responseCode = "200", description = "The goal")
    @APIResponse(responseCode = "404", description = "No such goal for the caller")
    public Uni<GoalView> replace(@PathParam("id") String id, GoalInput body) {
        return Uni.createFrom()
                .item(() -> PathIds.parse(id, "Goal"))
                .chain(uuid -> goals.replace(caller.get(), uuid, body));
    }

    @DELETE
    @Path("/goals/{id}")
    @Operation(operationId = "deleteGoal", summary = "Delete a goal (the evidence stays)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such goal for the caller")
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id) {
        return Uni.createFrom()
                .item(() -> PathIds.parse(id, "Goal"))
                .chain(uuid -> goals.delete(caller.get(), uuid))
                .map(ignored -> RestResponse.noContent());
    }

    @PUT
    @Path("/goals/{id}/evidence/{evidenceId}")
    @Operation(
            operationId = "linkGoalEvidence",
            summary = "Link an evidence item to a goal",
            description = "Idempotent. The item must have happened within the goal's period.")
    @APIResponse(responseCode = "200", description = "The goal with its evidence")
    @APIResponse(responseCode = "404", description = "No such goal or evidence item for the caller")
    @APIResponse(responseCode = "409", description = "The goal links the most items it may")
    @APIResponse(responseCode = "422", description = "The item happened outside the goal's period")
    public Uni<GoalView> link(@PathParam("id") String id, @PathParam("evidenceId") String evidenceId) {
        return Uni.createFrom()
                .item(() -> PathIds.parse(id, "Goal"))
                .chain(uuid -> goals.link(caller.get(), uuid, PathIds.parse(evidenceId, "Evidence")));
    }

    @DELETE
    @Path("/goals/{id}/evidence/{evidenceId}")
    @Operation(operationId = "unlinkGoalEvidence", summary = "Unlink an evidence item from a goal (idempotent)")
    @APIResponse(responseCode = "200", description = "The goal with its evidence")
    @APIResponse(responseCode = "404", description = "No such goal for the caller")
    public Uni<GoalView> unlink(@PathParam("id") String id, @PathParam("evidenceId") String evidenceId) {
        return Uni.createFrom()
                .item(() -> PathIds.parse(id, "Goal"))
                .chain(uuid -> goals.unlink(caller.get(), uuid, PathIds.parse(evidenceId, "Evidence")));
    }

    @GET
    @Path("/goals/{id}/suggestions")
    @Operation(
            operationId = "suggestGoalEvidence",
            summary = "Evidence of the goal's period that reads like work towards it",
            description = "The product's search (by meaning and keywords) run against the goal's title and"
                    + " description, within the period, leaving out items already linked.")
    @APIResponse(responseCode = "200", description = "Suggestions, most relevant first")
    @APIResponse(responseCode = "400", description = "Invalid limit")
    @APIResponse(responseCode = "404", description = "No such goal for the caller")
    @APIResponse(responseCode = "502", description = "The search (insight-service) did not answer")
    public Uni<List<GoalSuggestion>> suggestions(
            @PathParam("id") String id,
            @Parameter(description = "At most this many, 1-20, default 5", schema = @Schema(type = SchemaType.INTEGER))
                    @QueryParam("limit")
                    String limit) {
        // The search runs in insight-service as the caller: their own, already verified token goes along (as the
        // MCP tools do it).
        String bearer = token.getRawToken();
        return Uni.createFrom()
                .item(() -> {
                    FieldChecks checks = FieldChecks.forQuery();
                    int size = checks.integer("limit", limit, 5, 1, GoalLimits.MAX_SUGGESTIONS);
                    checks.throwIfInvalid();
                    return size;
                })
                .chain(size -> goals.suggestions(caller.get(), bearer, PathIds.parse(id, "Goal"), size));
    }
}
