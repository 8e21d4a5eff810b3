package io.pulse.common.security;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;

/**
 * Resolves the caller's profile for every {@code /api/} request of every service and keeps it in {@link RequestUser}.
 * Only a token with one of the two realm roles gets a profile: a token with neither is answered 403 by the role rule
 * without ever touching the database.
 */
public class CurrentUserFilter {

    private final CurrentIdentityAssociation identities;
    private final CurrentUserResolver resolver;
    private final RequestUser requestUser;

    public CurrentUserFilter(
            CurrentIdentityAssociation identities, CurrentUserResolver resolver, RequestUser requestUser) {
        this.identities = identities;
        this.resolver = resolver;
        this.requestUser = requestUser;
    }

    @ServerRequestFilter
    public Uni<Void> resolve(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return Uni.createFrom().voidItem();
        }
        return identities.getDeferredIdentity().chain(identity -> {
            if (identity.isAnonymous() || !(identity.hasRole(Roles.INDIVIDUAL) || identity.hasRole(Roles.MANAGER))) {
                return Uni.createFrom().voidItem();
            }
            return resolver.resolve(identity).invoke(requestUser::set).replaceWithVoid();
        });
    }
}
