package io.pulse.common.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/** Remembers each identity verified from a bearer token (see {@link VerifiedTokens}); changes nothing about it. */
@ApplicationScoped
public class VerifiedTokenAugmentor implements SecurityIdentityAugmentor {

    private final VerifiedTokens tokens;

    public VerifiedTokenAugmentor(VerifiedTokens tokens) {
        this.tokens = tokens;
    }

    /** Last, so the identity remembered is the one every other augmentor has finished with. */
    @Override
    public int priority() {
        return Integer.MIN_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        TokenCredential token = identity.getCredential(TokenCredential.class);
        if (token != null && token.getToken() != null && !identity.isAnonymous()) {
            tokens.remember(token.getToken(), identity);
        }
        return Uni.createFrom().item(identity);
    }
}
