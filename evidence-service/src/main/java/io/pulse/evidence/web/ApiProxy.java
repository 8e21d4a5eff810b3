package io.pulse.evidence.web;

import java.net.URI;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * One origin for the browser: the API paths of insight-service and sync-service, proxied from evidence-service to
 * the configured base URLs ({@code pulse.web.proxy.<name>.url} / {@code .paths}). Vert.x's reverse proxy streams
 * bodies both ways and forwards every end-to-end header (Authorization included, so the owning service
 * authenticates the caller itself); hop-by-hop headers are dropped. An unreachable service answers 502 as an RFC 9457
 * problem, like every other error of the API. In Kubernetes the Ingress routes these paths instead
 * ({@code pulse.web.proxy-enabled=false}).
 */
@ApplicationScoped
public class ApiProxy {

    private static final Logger LOG = Logger.getLogger(ApiProxy.class);
    private static final String PROBLEM_JSON = "application/problem+json";

    private final WebConfig config;
    private final Vertx vertx;
    private HttpClient client;

    public ApiProxy(WebConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
    }

    void routes(@Observes Router router) {
        if (!config.proxyEnabled() || config.proxy().isEmpty()) {
            return;
        }
        client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(5_000)
                .setIdleTimeout(120)
                .setMaxPoolSize(64)
                .setKeepAlive(true));
        for (Map.Entry<String, WebConfig.Target> entry : config.proxy().entrySet()) {
            URI url = entry.getValue().url();
            int port = url.getPort() > 0 ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80);
            HttpProxy proxy = HttpProxy.reverseProxy(client)
                    .origin(port, url.getHost())
                    .addInterceptor(new UnavailableAsProblem(entry.getKey()));
            for (String prefix : entry.getValue().paths()) {
                // Ahead of the REST layer and the web app's SPA fallback, which would otherwise answer 404 /
                // index.html.
                router.route(prefix).order(-100).handler(rc -> proxy.handle(rc.request()));
                router.route(prefix + "/*").order(-100).handler(rc -> proxy.handle(rc.request()));
            }
            LOG.infof("proxying %s to %s (%s)", entry.getValue().paths(), url, entry.getKey());
        }
    }

    void close(@Observes ShutdownEvent ignored) {
        if (client != null) {
            client.close();
        }
    }

    /** Turns "no answer from the owning service" into a 502 problem instead of the proxy's empty 502. */
    private record UnavailableAsProblem(String service) implements ProxyInterceptor {

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            return context.sendRequest().recover(failure -> {
                LOG.warnf(
                        "proxy: %s did not answer (%s)",
                        service, failure.getClass().getSimpleName());
                Buffer body = new JsonObject()
                        .put("type", "about:blank")
                        .put("title", "Bad Gateway")
                        .put("status", 502)
                        .put("detail", "The service that owns this path is unavailable; try again shortly.")
                        .put("instance", context.request().proxiedRequest().path())
                        .toBuffer();
                ProxyResponse response = context.request().release().response();
                response.setStatusCode(502)
                        .putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON)
                        .setBody(Body.body(body));
                return Future.succeededFuture(response);
            });
        }
    }
}
