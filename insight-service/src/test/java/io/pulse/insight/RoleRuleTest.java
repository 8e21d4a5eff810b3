package io.pulse.insight;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.RoleRuleWalk;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every documented /api operation of this service answers 403 problem+json to a token with neither realm role. */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class RoleRuleTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void tokenWithoutRoleIsForbiddenEverywhere() throws Exception {
        RoleRuleWalk.assertEveryOperationForbidsTokensWithoutRole(base);
    }
}
