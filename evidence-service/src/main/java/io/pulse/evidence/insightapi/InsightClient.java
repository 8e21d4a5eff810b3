package io.pulse.evidence.insightapi;

import java.net.ConnectException;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.pulse.common.web.ApiException;
import io.smallrye.mutiny.Uni;

/**
 * insight-service, called as the caller: every request carries the caller's own bearer token, so insight-service
 * authenticates and scopes it exactly as it would a request from the web app. Timeouts are the REST client's
 * ({@code quarkus.rest-client.insight-service.*}); a refused connection is tried once more (a restarting instance);
 * an unreachable or failing insight-service is an {@link ApiException} 502, never a stack trace.
 */
@ApplicationScoped
public class InsightClient {

    private static final Logger LOG = Logger.getLogger(InsightClient.class);

    /** Ranking of {@code search_evidence}: meaning and words together, the product's default. */
    private static final String SEARCH_MODE = "hybrid";

    private final InsightApi api;

    public InsightClient(@RestClient InsightApi api) {
        this.api = api;
    }

    /** The caller's items closest in meaning to the query, best first (dates inclusive; null for open ends). */
    public Uni<List<RemoteSearchResult.Hit>> search(
            String bearer, String query, int limit, String source, LocalDate from, LocalDate to) {
        return guarded(
                        "search",
                        () -> api.search(
                                authorization(bearer), query, SEARCH_MODE, limit, source, text(from), text(to)))
                .map(result -> result.results() == null ? List.of() : result.results());
    }

    /**
     * The caller's insights, newest first, rejected ones left out; {@code from}/{@code to} select insights whose
     * period overlaps them.
     */
    public Uni<RemoteInsightPage> insights(
            String bearer, String type, Boolean validated, LocalDate from, LocalDate to, int limit) {
        return guarded(
                "insights", () -> api.insights(authorization(bearer), type, validated, text(from), text(to), limit));
    }

    private static <T> Uni<T> guarded(String operation, Supplier<Uni<? extends T>> call) {
        return Uni.createFrom()
                .deferred(call)
                .onFailure(InsightClient::refusedConnection)
                .retry()
                .atMost(1)
                .onFailure()
                .transform(failure -> translate(operation, failure));
    }

    private static Throwable translate(String operation, Throwable failure) {
        if (failure instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            if (status == 400) {
                // Arguments are checked before the call, so this is a disagreement between the two services.
                return ApiException.badRequest("insight-service did not accept the " + operation + " arguments");
            }
            if (status == 401 || status == 403) {
                return new ApiException(status, "Unauthorized", "insight-service did not accept the caller's token");
            }
            LOG.warnf("insight-service answered %d to %s", status, operation);
        } else {
            LOG.warnf(
                    "insight-service did not answer %s (%s)",
                    operation, failure.getClass().getSimpleName());
        }
        return new ApiException(502, "Bad Gateway", "insight-service is unavailable; try again shortly");
    }

    private static boolean refusedConnection(Throwable failure) {
        return failure instanceof ProcessingException && failure.getCause() instanceof ConnectException;
    }

    private static String authorization(String bearer) {
        return "Bearer " + bearer;
    }

    private static String text(LocalDate date) {
        return date == null ? null : date.toString();
    }
}
