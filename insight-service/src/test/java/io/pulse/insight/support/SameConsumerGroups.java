package io.pulse.insight.support;

import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * For {@code *IT} classes: the packaged service joins the consumer groups that this test JVM's configuration names.
 * The test profile's group ids end in {@code ${quarkus.uuid}}, which the packaged process would expand to a value of
 * its own, and {@link ConsumerGroups} waits for the groups by the test JVM's names.
 */
public class SameConsumerGroups implements QuarkusTestResourceLifecycleManager {

    private static final String EVIDENCE_EVENTS = "mp.messaging.incoming.evidence-events.group.id";
    private static final String INSIGHT_REQUESTS = "mp.messaging.incoming.insight-requests.group.id";

    @Override
    public Map<String, String> start() {
        Config config = ConfigProvider.getConfig();
        return Map.of(
                EVIDENCE_EVENTS, config.getValue(EVIDENCE_EVENTS, String.class),
                INSIGHT_REQUESTS, config.getValue(INSIGHT_REQUESTS, String.class));
    }

    @Override
    public void stop() {}
}
