package io.pulse.common.security;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Maps a verified token to the caller's profile, creating the profile on the first authenticated request (the
 * original design's signup trigger). The database function {@code ensure_profile} makes concurrent first requests
 * create exactly one profile, and keeps the stored role in line with the token.
 */
@ApplicationScoped
public class CurrentUserResolver {

    private static final String ENSURE_PROFILE_SQL = "select ensure_profile($1, $2, $3, $4, $5, $6) as id";
    private static final int MAX_CLAIM_LENGTH = 2048;

    private final Pool pool;

    public CurrentUserResolver(Pool pool) {
        this.pool = pool;
    }

    /**
     * The caller's profile.
     *
     * @throws UnauthorizedException (as a failed Uni) for anonymous callers or tokens without issuer and subject
     */
    public Uni<CurrentUser> resolve(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().failure(new UnauthorizedException());
        }
        String issuer = jwt.getIssuer();
        String subject = jwt.getSubject();
        if (issuer == null || subject == null || issuer.isBlank() || subject.isBlank()) {
            return Uni.createFrom().failure(new UnauthorizedException());
        }
        String role = identity.hasRole(Roles.MANAGER) ? Roles.MANAGER : Roles.INDIVIDUAL;
        Tuple args = Tuple.tuple()
                .addString(issuer)
                .addString(subject)
                .addString(claim(jwt, "email"))
                .addString(fullName(jwt))
                .addString(claim(jwt, "picture"))
                .addString(role);
        return pool.preparedQuery(ENSURE_PROFILE_SQL)
                .execute(args)
                .map(rows -> new CurrentUser(rows.iterator().next().getUUID("id"), role));
    }

    private static String fullName(JsonWebToken jwt) {
        String name = claim(jwt, "name");
        if (name != null) {
            return name;
        }
        String given = claim(jwt, "given_name");
        String family = claim(jwt, "family_name");
        if (given != null && family != null) {
            return given + " " + family;
        }
        return given != null ? given : claim(jwt, "preferred_username");
    }

    private static String claim(JsonWebToken jwt, String name) {
        Object value = jwt.getClaim(name);
        if (value == null) {
            return null;
        }
        String text = value instanceof jakarta.json.JsonString s ? s.getString() : value.toString();
        text = text.strip();
        if (text.isEmpty()) {
            return null;
        }
        return text.length() > MAX_CLAIM_LENGTH ? text.substring(0, MAX_CLAIM_LENGTH) : text;
    }
}
