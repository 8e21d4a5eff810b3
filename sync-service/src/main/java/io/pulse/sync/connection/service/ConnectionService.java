package io.pulse.sync.connection.service;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.pulse.common.web.ApiException;
import io.pulse.common.web.Problem;
import io.pulse.sync.connection.Connection;
import io.pulse.sync.connection.repository.ConnectionRepository;
import io.pulse.sync.gitlab.GitLabClient;
import io.pulse.sync.http.SourceEndpoint;
import io.pulse.sync.http.SourceException;
import io.pulse.sync.http.TrustBundles;
import io.pulse.sync.jira.JiraClient;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.pgclient.PgException;

/**
 * Creates, lists and removes a user's source connections. A connection is stored only after the source accepted the
 * token ({@code GET /api/v4/user} or {@code /rest/api/{3|2}/myself}); the account it names is what later syncs select
 * the user's work by. The token is encrypted before it reaches the database and is never returned or logged.
 */
@ApplicationScoped
public class ConnectionService {

    private static final Logger LOG = Logger.getLogger(ConnectionService.class);
    private static final int MAX_TOKEN = 1024;
    private static final int MAX_EMAIL = 320;

    private final ConnectionRepository repository;
    private final TokenCipher cipher;
    private final GitLabClient gitlab;
    private final JiraClient jira;

    public ConnectionService(
            ConnectionRepository repository, TokenCipher cipher, GitLabClient gitlab, JiraClient jira) {
        this.repository = repository;
        this.cipher = cipher;
        this.gitlab = gitlab;
        this.jira = jira;
    }

    /** Validates, verifies at the source, encrypts and stores. */
    public Uni<ConnectionView> create(UUID userId, NewConnection request) {
        return Uni.createFrom().item(() -> validate(request)).chain(v -> verifyAndStore(userId, v));
    }

    private Uni<ConnectionView> verifyAndStore(UUID userId, Validated v) {
        return Uni.createFrom()
                .item(() -> verify(v))
                // Verification is a blocking HTTP call: keep it off the event loop.
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure(SourceException.class)
                .transform(e -> toProblem(v.source(), (SourceException) e))
                .chain(account -> repository.insert(
                        userId,
                        v.source(),
                        v.authType(),
                        v.baseUrl().toString(),
                        v.login(),
                        account.id(),
                        account.name(),
                        cipher.encrypt(v.token(), TokenCipher.associatedData(userId, v.source())),
                        v.caBundlePem(),
                        v.syncIntervalMinutes()))
                .onFailure(PgException.class)
                .transform(e -> "23505".equals(((PgException) e).getSqlState())
                        ? ApiException.conflict("a " + v.source() + " connection already exists; delete it first")
                        : e)
                .invoke(c -> LOG.infof("connection %s created for %s at %s", c.id(), c.source(), c.baseUrl()))
                .map(ConnectionView::of);
    }

    public Uni<List<ConnectionView>> list(UUID userId) {
        return repository
                .list(userId)
                .map(l -> l.stream().map(ConnectionView::of).toList());
    }

    /** Removes a connection; 404 when it is not the caller's. Evidence already ingested stays. */
    public Uni<Void> delete(UUID userId, UUID id) {
        return repository
                .delete(userId, id)
                .invoke(deleted -> {
                    if (!deleted) {
                        throw ApiException.notFound("connection");
                    }
                })
                .replaceWithVoid();
    }

    private record Validated(
            String source,
            String authType,
            URI baseUrl,
            String login,
            String token,
            String caBundlePem,
            Integer syncIntervalMinutes) {

        @Override
        public String toString() {
            return "Validated[" + source + ", " + baseUrl + "]";
        }
    }

    private record Account(String id, String name) {}

    private Account verify(Validated v) {
        if (Connection.GITLAB.equals(v.source())) {
            SourceEndpoint endpoint = gitlab.endpoint(v.baseUrl(), v.token(), v.caBundlePem(), true);
            GitLabClient.Account a = gitlab.currentUser(endpoint);
            return new Account(a.id(), a.username() != null ? a.username() : a.name());
        }
        boolean cloud = Connection.JIRA_CLOUD_BASIC.equals(v.authType());
        SourceEndpoint endpoint = jira.endpoint(v.authType(), v.baseUrl(), v.login(), v.token(), v.caBundlePem(), true);
        JiraClient.Account a = jira.myself(endpoint, cloud);
        return new Account(a.id(), a.displayName());
    }

    private static Throwable toProblem(String source, SourceException e) {
        String label = Connection.GITLAB.equals(source) ? "GitLab" : "Jira";
        return switch (e.kind()) {
            case AUTH -> new ApiException(422, "Token rejected", e.getMessage());
            case REJECTED ->
                new ApiException(
                        422,
                        "Source check failed",
                        label + " did not accept the verification request (status " + e.status()
                                + "); check the base URL and the connection type");
            case RATE_LIMITED, UNAVAILABLE -> new ApiException(502, "Source unavailable", e.getMessage());
        };
    }

    private static Validated validate(NewConnection r) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String source = r.source();
        if (source == null || !Set.of(Connection.GITLAB, Connection.JIRA).contains(source)) {
            errors.add(new Problem.FieldError("source", "must be one of gitlab, jira"));
        }
        String authType = r.authType();
        if (Connection.GITLAB.equals(source)) {
            if (authType != null && !Connection.GITLAB_PAT.equals(authType)) {
                errors.add(new Problem.FieldError("auth_type", "must be gitlab_pat for gitlab"));
            }
            authType = Connection.GITLAB_PAT;
        } else if (Connection.JIRA.equals(source)
                && (authType == null
                        || !Set.of(Connection.JIRA_CLOUD_BASIC, Connection.JIRA_DC_BEARER)
                                .contains(authType))) {
            errors.add(new Problem.FieldError("auth_type", "must be one of jira_cloud_basic, jira_dc_bearer for jira"));
        }
        String[] urlProblem = new String[1];
        URI base = BaseUrls.normalise(r.baseUrl(), urlProblem).orElse(null);
        if (base == null) {
            errors.add(new Problem.FieldError("base_url", urlProblem[0]));
        }
        String token = r.token() == null ? "" : r.token().strip();
        if (token.isEmpty()) {
            errors.add(new Problem.FieldError("token", "is required"));
        } else if (token.length() > MAX_TOKEN || !token.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
            errors.add(new Problem.FieldError("token", "must be at most " + MAX_TOKEN + " printable characters"));
        }
        String login = null;
        if (Connection.JIRA_CLOUD_BASIC.equals(authType)) {
            login = r.email() == null ? "" : r.email().strip();
            if (login.isEmpty() || login.length() > MAX_EMAIL || !login.contains("@") || login.contains(":")) {
                errors.add(new Problem.FieldError("email", "must be the Atlassian account e-mail"));
            }
        } else if (r.email() != null) {
            errors.add(new Problem.FieldError("email", "is only used with jira_cloud_basic"));
        }
        String pem = r.caBundlePem() == null || r.caBundlePem().isBlank()
                ? null
                : r.caBundlePem().strip();
        if (pem != null) {
            try {
                TrustBundles.parse(pem);
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("ca_bundle_pem", e.getMessage()));
            }
        }
        Integer interval = r.syncIntervalMinutes();
        if (interval != null && (interval < 15 || interval > 10080)) {
            errors.add(new Problem.FieldError("sync_interval_minutes", "must be between 15 and 10080"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("The connection has invalid fields", errors);
        }
        return new Validated(source, authType, base, login, token, pem, interval);
    }
}
