package io.pulse.common.security;

import java.time.Duration;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.pulse.common.db.Datasources;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Maps a verified token to the caller's profile, creating the profile on the first authenticated request (the
 * original design's signup trigger). The database function {@code ensure_profile} makes concurrent first requests
 * create exactly one profile, and keeps the stored role in line with the token. Resolved identities are cached
 * ({@code pulse.security.profile-cache.*}), so a known caller costs no database round trip.
 */
@ApplicationScoped
public class CurrentUserResolver {

    private static final String ENSURE_PROFILE_SQL = "select ensure_profile($1, $2, $3, $4, $5, $6) as id";
    private static final int MAX_CLAIM_LENGTH = 2048;

    private final Pool pool;
    private final Cache<Identity, UUID> known;

    // The service role: ensure_profile trusts its arguments, so only code that has verified the token may call it
    // (migration V2 revokes it from the request role).
    public CurrentUserResolver(
            @ReactiveDataSource(Datasources.SERVICE) Pool pool,
            @ConfigProperty(name = "pulse.security.profile-cache.max-size", defaultValue = "10000") long maxSize,
            @ConfigProperty(name = "pulse.security.profile-cache.ttl", defaultValue = "10m") Duration ttl) {
        this.pool = pool;
        this.known =
                Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(ttl).build();
    }

    /**
     * Forgets an identity's profile (for example after its account was erased), so its next request runs
     * {@code ensure_profile} again.
     */
    public void forget(String issuer, String subject) {
        known.asMap()
                .keySet()
                .removeIf(key -> key.issuer().equals(issuer) && key.subject().equals(subject));
    }

    /** Forgets a profile (an erased account): the identity's next request creates a fresh, empty profile. */
    public void forgetProfile(UUID profileId) {
        known.asMap().values().removeIf(profileId::equals);
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
        // ensure_profile only creates a profile and aligns its role with the token, so a profile already aligned
        // with this role needs no round trip: the key includes the role, and a changed role misses the cache.
        Identity key = new Identity(issuer, subject, role);
        UUID cached = known.getIfPresent(key);
        if (cached != null) {
            return Uni.createFrom().item(new CurrentUser(cached, role));
        }
        Tuple args = Tuple.tuple()
                .addString(issuer)
                .addString(subject)
                .addString(claim(jwt, "email"))
                .addString(fullName(jwt))
                .addString(claim(jwt, "picture"))
                .addString(role);
        return pool.preparedQuery(ENSURE_PROFILE_SQL).execute(args).map(rows -> {
            UUID id = rows.iterator().next().getUUID("id");
            known.put(key, id);
            return new CurrentUser(id, role);
        });
    }

    private record Identity(String issuer, String subject, String role) {}

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
