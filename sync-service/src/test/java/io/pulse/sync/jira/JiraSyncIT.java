package io.pulse.sync.jira;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link JiraSyncTest} against the packaged service (the native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
class JiraSyncIT extends JiraSyncTest {}
