package io.pulse.common.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a bearer token this instance has already verified from {@link VerifiedTokens}; for any other token it
 * answers nothing, and the OIDC provider that runs after it verifies the token as usual ({@link VerifiedTokenAugmentor}
 * then remembers the result). The identity handed out is a copy bound to the current request, never the first
 * request's.
 */
@ApplicationScoped
public class VerifiedTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /** Ahead of the OIDC provider (the default priority, 1001): the manager asks providers in descending order. */
    static final int PRIORITY = 2000;

    private final VerifiedTokens tokens;

    public VerifiedTokenIdentityProvider(VerifiedTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        SecurityIdentity known = tokens.find(request.getToken().getToken());
        if (known == null) {
            return Uni.createFrom().nullItem();
        }
        QuarkusSecurityIdentity.Builder copy = QuarkusSecurityIdentity.builder(known);
        RoutingContext current = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (current != null) {
            copy.addAttribute(RoutingContext.class.getName(), current);
        }
        copy.addAttribute(AuthenticationRequestContext.class.getName(), context);
        return Uni.createFrom().item(copy.build());
    }
}
