package io.pulse.evidence.profile.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.pulse.common.security.RequestUser;
import io.pulse.common.security.Roles;
import io.pulse.evidence.profile.api.ProfileUpdate;
import io.pulse.evidence.profile.api.ProfileView;
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

    public ProfileResource(ProfileService profiles, RequestUser caller) {
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
}
