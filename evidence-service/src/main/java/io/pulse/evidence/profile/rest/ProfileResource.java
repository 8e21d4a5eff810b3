package io.pulse.evidence.profile.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.pulse.common.security.RequestUser;
import io.pulse.common.security.Roles;
import io.pulse.evidence.profile.api.ErasureView;
import io.pulse.evidence.profile.api.ProfileUpdate;
import io.pulse.evidence.profile.api.ProfileView;
import io.pulse.evidence.profile.service.ErasureService;
import io.pulse.evidence.profile.service.ProfileService;
import io.smallrye.mutiny.Uni;

/** The caller's own profile. */
@Path("/api/v1/profile")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.INDIVIDUAL, Roles.MANAGER})
@Tag(name = "Profile", description = "The caller's own profile")
public class ProfileResource {

    private final ProfileService profiles;
    private final RequestUser caller;
    private final ErasureService erasures;

    public ProfileResource(ProfileService profiles, ErasureService erasures, RequestUser caller) {
        this.erasures = erasures;
        this.profiles = profiles;
        this.caller = caller;
    }

    @GET
    @Operation(
            operationId = "getProfile",
            summary = "The caller's profile",
            description = "Created from the token's claims (name, email, picture) on the first authenticated request.")
    @APIResponse(
            responseCode = "200",
            description = "The profile",
            content = @Content(schema = @Schema(implementation = ProfileView.class)))
    public Uni<ProfileView> get() {
        return profiles.get(caller.get());
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "updateProfile",
            summary = "Update the caller's profile",
            description = "Merge-patch: absent fields stay, null clears. The role cannot be set; it follows the token.")
    @APIResponse(
            responseCode = "200",
            description = "The updated profile",
            content = @Content(schema = @Schema(implementation = ProfileView.class)))
    public Uni<ProfileView> update(ProfileUpdate update) {
        return profiles.update(caller.get(), update);
    }

    @DELETE
    @Operation(
            operationId = "eraseProfile",
            summary = "Erase your account",
            description = "Erases everything PerformancePulse holds for the caller, in every service: evidence and its"
                    + " attachments, insights, connections (with their tokens), sync jobs, periods, goals, packets,"
                    + " shares (both ways), events and caches, in one commit, and announces it with a profile.erased"
                    + " event. Confirm with `confirm` = your profile id. Completes within seconds; the next sign-in"
                    + " starts a fresh, empty profile. Asking again while it is pending answers the same request.")
    @APIResponse(
            responseCode = "202",
            description = "Accepted: the erasure is under way",
            content = @Content(schema = @Schema(implementation = ErasureView.class)))
    @APIResponse(responseCode = "400", description = "confirm is missing or is not the caller's profile id")
    public Uni<RestResponse<ErasureView>> erase(
            @Parameter(description = "Your profile id, to confirm", required = true) @QueryParam("confirm")
                    String confirm) {
        return erasures.request(caller.get(), confirm)
                .map(view -> RestResponse.status(RestResponse.Status.ACCEPTED, view));
    }
}
