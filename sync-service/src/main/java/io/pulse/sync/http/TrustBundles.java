package io.pulse.sync.http;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds TLS trust from a connection's PEM CA bundle (self-managed servers with a private CA). */
public final class TrustBundles {

    /** Largest accepted bundle. */
    public static final int MAX_PEM_LENGTH = 64 * 1024;

    private TrustBundles() {}

    /**
     * The certificates of a PEM bundle.
     *
     * @throws IllegalArgumentException when the text holds no X.509 certificate
     */
    public static Collection<? extends Certificate> parse(String pem) {
        if (pem.length() > MAX_PEM_LENGTH) {
            throw new IllegalArgumentException("CA bundle is larger than " + MAX_PEM_LENGTH + " characters");
        }
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("CA bundle holds no certificate");
            }
            return certs;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("CA bundle is not a PEM list of X.509 certificates");
        }
    }

    /** An SSL context that trusts exactly the bundle's certificates. */
    public static SSLContext sslContext(String pem) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate cert : parse(pem)) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build trust from the CA bundle", e);
        }
    }
}
