package io.pulse.evidence.mcp.server;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.pulse.common.security.CurrentUser;
import io.pulse.common.security.CurrentUserResolver;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;

/**
 * The caller of an MCP request: the identity that the request's own bearer token proves (checked by the HTTP
 * permission on {@code /mcp}, like every REST request), resolved to its profile by the same
 * {@link CurrentUserResolver}. There is no server-wide identity and no argument naming a user: every tool acts as
 * this caller, under row-level security, and forwards this token to insight-service.
 */
@ApplicationScoped
public class McpCaller {

    /**
     * The caller.
     *
     * @param user the profile, the value bound to {@code app.user_id}
     * @param bearer the caller's access token, forwarded to insight-service
     */
    public record Caller(CurrentUser user, String bearer) {}

    private final CurrentIdentityAssociation identities;
    private final CurrentUserResolver resolver;

    public McpCaller(CurrentIdentityAssociation identities, CurrentUserResolver resolver) {
        this.identities = identities;
        this.resolver = resolver;
    }

    /** The caller of the current MCP request; fails with {@link UnauthorizedException} for an anonymous one. */
    public Uni<Caller> current() {
        return identities.getDeferredIdentity().chain(identity -> {
            if (!(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getRawToken() == null) {
                return Uni.createFrom().failure(new UnauthorizedException());
            }
            return resolver.resolve(identity).map(user -> new Caller(user, jwt.getRawToken()));
        });
    }
}
