package io.pulse.evidence.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The web app's own routes next to its files (which Quinoa serves from the build):
 *
 * <ul>
 *   <li>{@code GET /app-config.json}: what the app needs before it can sign in (the issuer as the browser reaches it,
 *       the public client id). Public like the app's files: it holds no secret.
 *   <li>Addresses of the app's screens ({@code /insights}, {@code /evidence/<id>}, ...) answer the app's
 *       {@code index.html}, so a reload or a shared link opens that screen. The REST layer would otherwise answer
 *       them with its 404 problem, which is what {@code /api} and {@code /q} paths and missing files still get;
 *       {@code /mcp} and {@code /.well-known/} paths go to their own routes.
 * </ul>
 */
@ApplicationScoped
public class WebAppRoutes {

    static final String CONFIG_PATH = "/app-config.json";

    private final WebConfig config;

    public WebAppRoutes(WebConfig config) {
        this.config = config;
    }

    void routes(@Observes Router router) {
        String body = new JsonObject()
                .put("issuer", config.oidc().issuer())
                .put("client_id", config.oidc().clientId())
                .put("scope", config.oidc().scope())
                .encode();
        router.get(CONFIG_PATH)
                .order(-100)
                .handler(rc -> rc.response()
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                        .end(body));
        router.get().order(-90).handler(WebAppRoutes::screens);
    }

    private static void screens(RoutingContext rc) {
        if (isScreen(rc.normalizedPath())) {
            rc.reroute("/");
        } else {
            rc.next();
        }
    }

    /**
     * A path of the app's client-side router: not the root, the API, the management paths, the MCP endpoint, a
     * well-known document (such as the OAuth protected resource metadata) or a file.
     */
    static boolean isScreen(String path) {
        if (path.equals("/")
                || path.startsWith("/api/")
                || path.equals("/api")
                || path.startsWith("/q/")
                || path.equals("/mcp")
                || path.startsWith("/mcp/")
                || path.startsWith("/.well-known/")) {
            return false;
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        return !last.contains(".");
    }
}
