package io.pulse.sync.connection.service;

import java.net.URI;
import java.util.Set;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.pulse.common.db.RlsSession;
import io.pulse.common.web.ApiException;
import io.pulse.common.web.FieldChecks;
import io.pulse.common.web.Page;
import io.pulse.common.web.PagePosition;
import io.pulse.common.web.PageRequest;
import io.pulse.sync.connection.Connection;
import io.pulse.sync.connection.api.ConnectionView;
import io.pulse.sync.connection.api.NewConnection;
import io.pulse.sync.connection.repository.ConnectionRepository;
import io.pulse.sync.gitlab.client.GitLabClient;
import io.pulse.sync.gitlab.client.GitLabUser;
import io.pulse.sync.http.BaseUrlPolicy;
import io.pulse.sync.http.SourceEndpoint;
import io.pulse.sync.http.SourceException;
import io.pulse.sync.http.TrustBundles;
import io.pulse.sync.jira.client.JiraClient;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
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

    private final Pool pool;
    private final ConnectionRepository repository;
    private final TokenCipher cipher;
    private final GitLabClient gitlab;
    private final JiraClient jira;
    private final BaseUrlPolicy policy;

    public ConnectionService(
            Pool pool,
            ConnectionRepository repository,
            TokenCipher cipher,
            GitLabClient gitlab,
            JiraClient jira,
            BaseUrlPolicy policy) {
        this.pool = pool;
        this.repository = repository;
        this.cipher = cipher;
        this.gitlab = gitlab;
        this.jira = jira;
        this.policy = policy;
    }

    /** Validates, verifies at the source, encrypts and stores. */
    public Uni<ConnectionView> create(UUID userId, NewConnection request) {
        return Uni.createFrom().item(() -> validate(request, policy)).chain(v -> verifyAndStore(userId, v));
    }

    private Uni<ConnectionView> verifyAndStore(UUID userId, Validated v) {
        return Uni.createFrom()
                .item(() -> {
                    allowed(v);
                    return verify(v);
                })
                // Verification looks the host up and makes a blocking HTTP call: keep it off the event loop.
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure(SourceException.class)
                .transform(e -> toProblem(v, (SourceException) e))
                .chain(account -> RlsSession.inTransaction(
                        pool,
                        userId,
                        conn -> repository.insert(
                                conn,
                                userId,
                                v.source(),
                                v.authType(),
                                v.baseUrl().toString(),
                                v.login(),
                                account.id(),
                                account.name(),
                                cipher.encrypt(v.token(), TokenCipher.associatedData(userId, v.source())),
                                v.caBundlePem(),
                                v.syncIntervalMinutes())))
                .onFailure(PgException.class)
                .transform(e -> "23505".equals(((PgException) e).getSqlState())
                        ? ApiException.conflict("a " + v.source() + " connection already exists; delete it first")
                        : e)
                .invoke(c -> LOG.infof("connection %s created for %s at %s", c.id(), c.source(), c.baseUrl()))
                .map(ConnectionView::of);
    }

    /** One page of the caller's connections, newest first. */
    public Uni<Page<ConnectionView>> list(UUID userId, PageRequest page) {
        return RlsSession.inTransaction(pool, userId, conn -> repository.list(conn, page))
                .map(rows -> page.slice(rows, c -> new PagePosition(c.createdAt(), c.id()), ConnectionView::of));
    }

    /** Removes a connection; 404 when it is not the caller's. Evidence already ingested stays. */
    public Uni<Void> delete(UUID userId, UUID id) {
        return RlsSession.inTransaction(pool, userId, conn -> repository.delete(conn, id))
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
            SourceEndpoint endpoint = gitlab.checkEndpoint(v.baseUrl(), v.token(), v.caBundlePem());
            GitLabUser a = gitlab.currentUser(endpoint);
            return new Account(a.id(), a.username() != null ? a.username() : a.name());
        }
        boolean cloud = Connection.JIRA_CLOUD_BASIC.equals(v.authType());
        SourceEndpoint endpoint = jira.checkEndpoint(v.authType(), v.baseUrl(), v.login(), v.token(), v.caBundlePem());
        JiraClient.Account a = jira.myself(endpoint, cloud);
        return new Account(a.id(), a.displayName());
    }

    /**
     * A rejected token is the user's to fix and is said so. Every other failure (nothing listening, a timeout, a
     * TLS or name failure, a 404 on a wrong path, an answer that is not the source's API) is one and the same
     * problem, so the endpoint cannot be used to learn which ports or paths exist on a network; the detail goes to
     * the server log only.
     */
    private static Throwable toProblem(Validated v, SourceException e) {
        if (e.kind() == SourceException.Kind.AUTH) {
            return new ApiException(422, "Token rejected", e.getMessage());
        }
        LOG.warnf(
                "connection check for %s at %s failed (%s, status %d): %s",
                v.source(), v.baseUrl().getHost(), e.kind(), e.status(), e.getMessage());
        return couldNotVerify();
    }

    private static ApiException couldNotVerify() {
        return new ApiException(
                502,
                "Could not verify the connection",
                "could not verify the connection: check the base URL and the connection type, and that the server is"
                        + " reachable from this service over https");
    }

    /** The base URL policy with the name looked up (blocking: called on a worker thread). */
    private void allowed(Validated v) {
        BaseUrlPolicy.Verdict verdict = policy.check(v.baseUrl());
        if (verdict instanceof BaseUrlPolicy.Verdict.Refused refused) {
            FieldChecks checks = FieldChecks.forBody();
            checks.error("base_url", refused.reason());
            checks.throwIfInvalid();
        }
        if (verdict instanceof BaseUrlPolicy.Verdict.Unresolved) {
            LOG.warnf("connection check for %s at %s failed: the host does not resolve", v.source(), v.baseUrl());
            throw couldNotVerify();
        }
    }

    private static Validated validate(NewConnection r, BaseUrlPolicy policy) {
        FieldChecks checks = FieldChecks.forBody();
        String source = r.source();
        if (source == null || !Set.of(Connection.GITLAB, Connection.JIRA).contains(source)) {
            checks.error("source", "must be one of gitlab, jira");
        }
        String authType = r.authType();
        if (Connection.GITLAB.equals(source)) {
            if (authType != null && !Connection.GITLAB_PAT.equals(authType)) {
                checks.error("auth_type", "must be gitlab_pat for gitlab");
            }
            authType = Connection.GITLAB_PAT;
        } else if (Connection.JIRA.equals(source)
                && (authType == null
                        || !Set.of(Connection.JIRA_CLOUD_BASIC, Connection.JIRA_DC_BEARER)
                                .contains(authType))) {
            checks.error("auth_type", "must be one of jira_cloud_basic, jira_dc_bearer for jira");
        }
        String[] urlProblem = new String[1];
        URI base = BaseUrls.normalise(r.baseUrl(), urlProblem).orElse(null);
        if (base == null) {
            checks.error("base_url", urlProblem[0]);
        } else {
            policy.schemeProblem(base).ifPresent(problem -> checks.error("base_url", problem));
        }
        String token = r.token() == null ? "" : r.token().strip();
        if (token.isEmpty()) {
            checks.error("token", "is required");
        } else if (token.length() > MAX_TOKEN || !token.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
            checks.error("token", "must be at most " + MAX_TOKEN + " printable characters");
        }
        String login = null;
        if (Connection.JIRA_CLOUD_BASIC.equals(authType)) {
            login = r.email() == null ? "" : r.email().strip();
            if (login.isEmpty() || login.length() > MAX_EMAIL || !login.contains("@") || login.contains(":")) {
                checks.error("email", "must be the Atlassian account e-mail");
            }
        } else if (r.email() != null) {
            checks.error("email", "is only used with jira_cloud_basic");
        }
        String pem = r.caBundlePem() == null || r.caBundlePem().isBlank()
                ? null
                : r.caBundlePem().strip();
        if (pem != null) {
            try {
                TrustBundles.parse(pem);
            } catch (IllegalArgumentException e) {
                checks.error("ca_bundle_pem", e.getMessage());
            }
        }
        Integer interval = r.syncIntervalMinutes();
        if (interval != null && (interval < 15 || interval > 10080)) {
            checks.error("sync_interval_minutes", "must be between 15 and 10080");
        }
        checks.throwIfInvalid();
        return new Validated(source, authType, base, login, token, pem, interval);
    }
}
