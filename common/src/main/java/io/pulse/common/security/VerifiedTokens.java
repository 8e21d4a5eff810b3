package io.pulse.common.security;

import java.time.Duration;
import java.time.Instant;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Bearer tokens this instance has verified, with the identity made of each, so that a client sending the same token
 * again (every request of a session does) is not parsed and signature-checked again: that was the largest single cost
 * of an authenticated request (about a sixth of its CPU time, profiled). A token stays at most until it expires, and
 * at most {@code pulse.security.token-cache.ttl}, which also bounds how long a signing key the issuer has withdrawn
 * keeps working here; {@code ttl=0} turns the cache off. The key is the whole token, so any other token, a tampered
 * one included, goes through full verification.
 */
@ApplicationScoped
public class VerifiedTokens {

    private final Cache<String, Entry> verified;
    private final boolean enabled;

    private record Entry(SecurityIdentity identity, long expiresAtNanos) {}

    public VerifiedTokens(
            @ConfigProperty(name = "pulse.security.token-cache.max-size", defaultValue = "10000") long maxSize,
            @ConfigProperty(name = "pulse.security.token-cache.ttl", defaultValue = "5m") Duration ttl) {
        this.enabled = !ttl.isZero() && !ttl.isNegative();
        long ttlNanos = enabled ? ttl.toNanos() : 0;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String token, Entry entry, long now) {
                        return Math.max(0, Math.min(ttlNanos, entry.expiresAtNanos() - System.nanoTime()));
                    }

                    @Override
                    public long expireAfterUpdate(String token, Entry entry, long now, long remaining) {
                        return remaining;
                    }

                    @Override
                    public long expireAfterRead(String token, Entry entry, long now, long remaining) {
                        return remaining;
                    }
                })
                .build();
    }

    /** The identity verified for this exact token, or null (never verified here, expired, or evicted). */
    public SecurityIdentity find(String token) {
        if (!enabled) {
            return null;
        }
        Entry entry = verified.getIfPresent(token);
        // The cache's own expiry is lazy to the nanosecond; the token's expiry is checked on every hit as well.
        return entry == null || entry.expiresAtNanos() - System.nanoTime() <= 0 ? null : entry.identity();
    }

    /** Remembers a verified identity until its token's {@code exp}; identities without one are not kept. */
    void remember(String token, SecurityIdentity identity) {
        if (!enabled || !(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getExpirationTime() <= 0) {
            return;
        }
        long left = Duration.between(Instant.now(), Instant.ofEpochSecond(jwt.getExpirationTime()))
                .toNanos();
        if (left > 0 && verified.getIfPresent(token) == null) {
            verified.put(token, new Entry(identity, System.nanoTime() + left));
        }
    }
}
