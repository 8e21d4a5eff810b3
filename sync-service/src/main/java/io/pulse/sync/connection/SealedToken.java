package io.pulse.sync.connection;

/**
 * A source token as stored: AES-GCM ciphertext (with its tag), nonce and the id of the key used. Only
 * {@code TokenCipher} opens it.
 */
public record SealedToken(byte[] ciphertext, byte[] nonce, String keyId) {}
