package io.pulse.sync.connection;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.pulse.sync.connection.service.TokenCipher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenCipherTest {

    private static final String OLD = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
    private static final String NEW = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private final String aad = TokenCipher.associatedData(UUID.randomUUID(), "gitlab");

    @Test
    void roundTripsWithAFreshNoncePerEncryption() {
        TokenCipher cipher = new TokenCipher(Map.of("k1", NEW), "k1");
        SealedToken a = cipher.encrypt("glpat-secret", aad);
        SealedToken b = cipher.encrypt("glpat-secret", aad);
        assertThat(a.keyId()).isEqualTo("k1");
        assertThat(a.nonce()).hasSize(12).isNotEqualTo(b.nonce());
        assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext());
        assertThat(cipher.decrypt(a, aad)).isEqualTo("glpat-secret");
    }

    @Test
    void tokensSealedWithARotatedOutKeyStillDecryptWhileThatKeyIsConfigured() {
        SealedToken old = new TokenCipher(Map.of("old", OLD), "old").encrypt("glpat-old", aad);
        TokenCipher rotated = new TokenCipher(Map.of("old", OLD, "new", NEW), "new");
        assertThat(rotated.decrypt(old, aad)).isEqualTo("glpat-old");
        assertThat(rotated.encrypt("glpat-new", aad).keyId()).isEqualTo("new");
        TokenCipher retired = new TokenCipher(Map.of("new", NEW), "new");
        assertThatThrownBy(() -> retired.decrypt(old, aad)).hasMessageContaining("no longer configured");
    }

    @Test
    void tamperingOrAnotherOwnerFailsToDecrypt() {
        TokenCipher cipher = new TokenCipher(Map.of("k1", NEW), "k1");
        SealedToken sealed = cipher.encrypt("glpat-secret", aad);
        byte[] flipped = sealed.ciphertext().clone();
        flipped[0] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt(new SealedToken(flipped, sealed.nonce(), "k1"), aad))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("glpat");
        String otherOwner = TokenCipher.associatedData(UUID.randomUUID(), "gitlab");
        assertThatThrownBy(() -> cipher.decrypt(sealed, otherOwner)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badKeyConfigurationFailsAtStart() {
        assertThatThrownBy(() -> new TokenCipher(Map.of("k1", "c2hvcnQ="), "k1"))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new TokenCipher(Map.of("k1", NEW), "k2")).hasMessageContaining("active-key-id");
    }
}
