package io.pulse.sync.connection.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.sync.config.SyncConfig;
import io.pulse.sync.connection.SealedToken;

/**
 * AES-256-GCM encryption of source tokens. Each ciphertext records the id of the key that made it, so keys can be
 * rotated: new tokens use the active key, old ones stay readable while their key is still configured. The
 * associated data binds a ciphertext to its owner and source, so a row copied to another user does not decrypt.
 * Created at startup so a missing or malformed key stops the service before it accepts a token.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class TokenCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKey> keys = new HashMap<>();
    private final String activeKeyId;
    private final SecureRandom random = new SecureRandom();

    @jakarta.inject.Inject
    public TokenCipher(SyncConfig config) {
        this(config.crypto().keys(), config.crypto().activeKeyId());
    }

    /** For tests and tools: keys by id (base64 of 32 bytes) and the active id. */
    public TokenCipher(Map<String, String> base64Keys, String activeKeyId) {
        base64Keys.forEach((id, value) -> {
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(value.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("pulse.sync.crypto.keys." + id + " is not base64");
            }
            if (raw.length != 32) {
                throw new IllegalStateException("pulse.sync.crypto.keys." + id + " must be 32 bytes (AES-256)");
            }
            keys.put(id, new SecretKeySpec(raw, "AES"));
        });
        if (!keys.containsKey(activeKeyId)) {
            throw new IllegalStateException("pulse.sync.crypto.active-key-id names no configured key");
        }
        this.activeKeyId = activeKeyId;
    }

    /** A token encrypted with the active key. */
    public SealedToken encrypt(String token, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new SealedToken(cipher.doFinal(token.getBytes(StandardCharsets.UTF_8)), nonce, activeKeyId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("token encryption failed", e);
        }
    }

    /**
     * The token back from its ciphertext.
     *
     * @throws IllegalStateException when the key id is unknown or the ciphertext or associated data do not match
     */
    public String decrypt(SealedToken sealed, String associatedData) {
        SecretKey key = keys.get(sealed.keyId());
        if (key == null) {
            throw new IllegalStateException(
                    "token was encrypted with key '" + sealed.keyId() + "', which is no longer configured");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(sealed.ciphertext()), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored token cannot be decrypted (tampered or wrong key)");
        }
    }

    /** The associated data for a connection's token. */
    public static String associatedData(java.util.UUID userId, String source) {
        return userId + ":" + source;
    }
}
