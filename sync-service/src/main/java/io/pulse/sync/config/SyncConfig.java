package io.pulse.sync.config;

import java.time.Duration;
import java.util.Map;

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

        /** Timeout of one request (headers and body). */
        @WithDefault("30s")
        Duration requestTimeout();

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

        /** Concurrent per-item requests (MR commits and notes, Jira sub-resources) within one job. */
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
         * A running job whose heartbeat is older than this is failed by the reaper; a pending job unclaimed for
         * this long gets its request published again.
         */
        @WithDefault("5m")
        Duration staleAfter();

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

    /** Jira ingestion settings. */
    interface Jira {
        /** Issues per search page (Jira caps it, often at 50 or 100). */
        @WithDefault("50")
        int pageSize();
    }
}
