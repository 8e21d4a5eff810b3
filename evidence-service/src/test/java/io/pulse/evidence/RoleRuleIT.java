package io.pulse.evidence;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link RoleRuleTest} against the packaged service (the native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
class RoleRuleIT extends RoleRuleTest {}
