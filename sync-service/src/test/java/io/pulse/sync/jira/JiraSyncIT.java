package io.pulse.sync.jira;

import io.pulse.sync.testing.PackagedSources;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link JiraSyncTest} against the packaged service (the native executable with {@code -Dnative}), its
 * simulated sources on this machine's network address. */
@QuarkusIntegrationTest
@WithTestResource(PackagedSources.class)
class JiraSyncIT extends JiraSyncTest {}
