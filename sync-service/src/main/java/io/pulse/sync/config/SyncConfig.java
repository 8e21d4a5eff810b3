package io.pulse.sync.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the sync-service (prefix {@code pulse.sync}). */
@ConfigMapping(prefix = "pulse.sync")
public interface SyncConfig {

    /** Token encryption at rest. */
    Crypto crypto();

    /** Outbound HTTP to GitLab and Jira. */
    Http http();

    /** Sync job execution. */
    Jobs jobs();

    /** GitLab ingestion. */
    Gitlab gitlab();

    /** Jira ingestion. */
    Jira jira();

    /** Which source base URLs the service may connect to (server-side request forgery guard). */
    BaseUrl baseUrl();

    /** AES-256-GCM keys for source tokens. */
    interface Crypto {
        /** Keys by id, each base64 of 32 random bytes; old ids stay here until every token is re-encrypted. */
        Map<String, String> keys();

        /** Id of the key new tokens are encrypted with. */
        String activeKeyId();
    }

    /** Outbound HTTP behaviour, shared by GitLab and Jira. */
    interface Http {
        /** Connect timeout per request. */
        @WithDefault("10s")
        Duration connectTimeout();

        /** Total deadline of one request attempt, from sending it to the last byte of the body. */
        @WithDefault("60s")
        Duration requestTimeout();

        /** Longest silence while a response body is arriving; a body that stalls longer fails the attempt. */
        @WithDefault("30s")
        Duration readIdleTimeout();

        /** Largest response body read; a larger one fails the attempt (a page of 100 items is far smaller). */
        @WithDefault("33554432")
        long maxResponseBytes();

        /** Total time a connection check (the token's account, at most two attempts) may take. */
        @WithDefault("20s")
        Duration checkTimeout();

        /** Retries of one request after 429, 5xx or an I/O error, before the job fails. */
        @WithDefault("6")
        int maxRetries();

        /** First backoff when the server gives no Retry-After; doubles per attempt, with jitter. */
        @WithDefault("1s")
        Duration backoffBase();

        /** Longest backoff between two attempts when the server gives no hint. */
        @WithDefault("60s")
        Duration backoffMax();

        /** Longest wait the client accepts from Retry-After or a rate-limit reset; longer fails the job. */
        @WithDefault("5m")
        Duration maxRateLimitWait();

        /** When RateLimit-Remaining drops to this value or below, wait for RateLimit-Reset before the next call. */
        @WithDefault("2")
        int paceBelowRemaining();

        /**
         * Concurrent per-item requests (MR commits and notes, Jira sub-resources): the size of the one fetch pool
         * shared by all jobs of this process.
         */
        @WithDefault("4")
        int concurrency();
    }

    /** Sync job scheduling and liveness. */
    interface Jobs {
        /** Jobs run at the same time in this process; further claimed jobs queue. */
        @WithDefault("2")
        int workerThreads();

        /** The next run starts this long before the previous successful run's start, to catch late writes. */
        @WithDefault("10m")
        Duration overlap();

        /** Range of the first sync of a connection when the request gives no {@code since}. */
        @WithDefault("P365D")
        Duration initialLookback();

        /** How often a running job's heartbeat is refreshed. */
        @WithDefault("15s")
        Duration heartbeatInterval();

        /** How often stale running jobs and unclaimed pending jobs are looked for. */
        @WithDefault("60s")
        Duration reaperInterval();

        /** How often connections with a sync interval are checked for a due periodic sync. */
        @WithDefault("60s")
        Duration periodicCheckInterval();

        /**
         * A running job that proved no progress (no response bytes, no committed page, no announced wait) for this
         * long is failed: by its own process, which also frees the worker, or by any replica's reaper once the
         * heartbeat (the time of the last progress) is this old. A pending job unclaimed for this long gets its
         * request published again.
         */
        @WithDefault("5m")
        Duration staleAfter();

        /** Overall budget of one job, from the start of its run; a job still running then is failed. */
        @WithDefault("2h")
        Duration maxDuration();

        /** Whether this process schedules periodic syncs of connections with an interval. */
        @WithDefault("true")
        boolean periodicEnabled();
    }

    /** GitLab ingestion settings. */
    interface Gitlab {
        /** Items per page requested from GitLab (max 100). */
        @WithDefault("100")
        int pageSize();

        /** Whether each merged MR's commits are fetched and summarised in its evidence item. */
        @WithDefault("true")
        boolean includeCommits();
    }

    /**
     * The source base URL policy, checked when a connection is created and again before every request (a host's
     * addresses may change). Internal addresses (loopback, link-local and cloud metadata, private and carrier-grade
     * NAT ranges, unspecified, multicast) are refused unless allowed here.
     */
    interface BaseUrl {
        /**
         * Host names source base URLs may use (exact, or {@code *.example.com} for its subdomains). With this or
         * {@code allowed-cidrs} set, a base URL must match one of them; with neither, any host with public addresses.
         */
        Optional<List<String>> allowedHosts();

        /**
         * Address ranges (CIDR, e.g. {@code 10.20.0.0/16}) sources may resolve to, internal ones included: how a
         * self-managed server on the internal network is allowed. Loopback stays refused outside dev and test.
         */
        Optional<List<String>> allowedCidrs();

        /** Whether loopback addresses are allowed; honoured only in the dev and test profiles, never in prod. */
        @WithDefault("false")
        boolean allowLoopback();

        /** Hosts a base URL may name with plain http (exact names or IP literals); everything else needs https. */
        Optional<List<String>> plainHttpHosts();
    }

    /** Jira ingestion settings. */
    interface Jira {
        /** Issues per search page (Jira caps it, often at 50 or 100). */
        @WithDefault("50")
        int pageSize();
    }
}
