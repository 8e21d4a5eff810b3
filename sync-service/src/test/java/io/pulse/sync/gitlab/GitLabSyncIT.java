package io.pulse.sync.gitlab;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link GitLabSyncTest} against the packaged service (the native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
class GitLabSyncIT extends GitLabSyncTest {}
