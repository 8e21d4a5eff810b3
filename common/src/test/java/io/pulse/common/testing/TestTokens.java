package io.pulse.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Real RS256 tokens for component tests, signed by a test key whose public half the services trust under the test
 * issuer (see {@link PulseTestResource}). Signatures, expiry, issuer and audience are checked for real.
 */
public final class TestTokens {

    public static final String ISSUER = "https://issuer.test.pulse.invalid";
    public static final String AUDIENCE = "pulse-api";

    private static final PrivateKey SIGNING_KEY = privateKey("/testing/test-signing-key.pem");
    private static final PrivateKey FORGER_KEY = privateKey("/testing/forger-signing-key.pem");

    private TestTokens() {}

    /** A fresh, unique subject: each test gets users no other test touches. */
    public static String newSubject() {
        return "test-" + UUID.randomUUID();
    }

    /** A valid token for the subject with the role {@code individual}. */
    public static String individual(String subject) {
        return token(subject, List.of("individual"));
    }

    /** A valid token for the subject with the given realm roles. */
    public static String token(String subject, List<String> roles) {
        return claims(subject, roles, Instant.now().plus(Duration.ofMinutes(10)))
                .jws()
                .sign(SIGNING_KEY);
    }

    /** A valid {@code individual} token that expires after the given time. */
    public static String expiringIn(String subject, Duration lifetime) {
        return claims(subject, List.of("individual"), Instant.now().plus(lifetime))
                .jws()
                .sign(SIGNING_KEY);
    }

    /** A token that expired ten minutes ago, otherwise valid. */
    public static String expired(String subject) {
        return claims(subject, List.of("individual"), Instant.now().minus(Duration.ofMinutes(10)))
                .issuedAt(Instant.now().minus(Duration.ofMinutes(20)))
                .jws()
                .sign(SIGNING_KEY);
    }

    /** A well-formed token signed by a key nobody trusts. */
    public static String forged(String subject) {
        return claims(subject, List.of("individual"), Instant.now().plus(Duration.ofMinutes(10)))
                .jws()
                .sign(FORGER_KEY);
    }

    /** A token for another audience. */
    public static String wrongAudience(String subject) {
        return claims(subject, List.of("individual"), Instant.now().plus(Duration.ofMinutes(10)))
                .audience("some-other-api")
                .jws()
                .sign(SIGNING_KEY);
    }

    /** The public key the services trust for {@link #ISSUER}, as base64 DER (for {@code quarkus.oidc.*.public-key}). */
    public static String publicKeyBase64() {
        String pem = resource("/testing/test-signing-key.pub.pem");
        return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }

    private static JwtClaimsBuilder claims(String subject, List<String> roles, Instant expiresAt) {
        return Jwt.issuer(ISSUER)
                .subject(subject)
                .audience(AUDIENCE)
                .claim("preferred_username", subject)
                .claim("name", "Test " + subject.substring(0, Math.min(subject.length(), 13)))
                .claim("email", subject + "@example.test")
                .claim("realm_access", Map.of("roles", roles))
                .issuedAt(Instant.now())
                .expiresAt(expiresAt);
    }

    private static PrivateKey privateKey(String path) {
        try {
            String pem = resource(path).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = TestTokens.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
