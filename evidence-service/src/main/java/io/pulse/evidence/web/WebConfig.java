package io.pulse.evidence.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The web app that evidence-service serves: where the browser signs in, and where the API paths of the other services
 * are proxied so that the browser talks to one origin.
 */
@ConfigMapping(prefix = "pulse.web")
public interface WebConfig {

    /** The OpenID Connect settings the browser app signs in with (public client, authorization code + PKCE). */
    Oidc oidc();

    /**
     * The reverse proxy, one entry per owning service (e.g. {@code insight}, {@code sync}): requests under its path
     * prefixes go to its base URL with path and query unchanged, bodies streamed both ways, Authorization forwarded.
     */
    Map<String, Target> proxy();

    /** Whether the proxy routes are registered (off where an ingress routes by path in front of every service). */
    @WithDefault("true")
    boolean proxyEnabled();

    /** One service behind the proxy. */
    interface Target {
        /** Base URL of the service (scheme, host, port; e.g. {@code http://127.0.0.1:8082}). */
        URI url();

        /** API path prefixes it owns, e.g. {@code /api/v1/search}. */
        List<String> paths();
    }

    /** Browser sign-in settings. */
    interface Oidc {
        /** The issuer as the browser reaches it (the services may reach the same provider at another address). */
        String issuer();

        /** The public client of the web app (authorization code with PKCE, no secret). */
        @WithDefault("pulse-web")
        String clientId();

        /** Space-separated scopes requested at sign-in. */
        @WithDefault("openid profile email")
        String scope();
    }
}
