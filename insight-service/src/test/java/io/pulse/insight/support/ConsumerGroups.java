package io.pulse.insight.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.eclipse.microprofile.config.ConfigProvider;

import static org.awaitility.Awaitility.await;

/**
 * The test boot's consumers start at the end of their topics with fresh groups; events published before their
 * partitions are assigned would be skipped. Tests publish only after this has seen every partition assigned.
 */
public final class ConsumerGroups {

    private static volatile boolean assigned;

    private ConsumerGroups() {}

    private static int partitionCount(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .size();
    }

    public static synchronized void awaitAssigned() {
        if (assigned) {
            return;
        }
        var config = ConfigProvider.getConfig();
        List<String> groups = List.of(
                config.getValue("mp.messaging.incoming.evidence-events.group.id", String.class),
                config.getValue("mp.messaging.incoming.insight-requests.group.id", String.class));
        Properties props = new Properties();
        props.put(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.getOptionalValue("kafka.bootstrap.servers", String.class).orElse("127.0.0.1:9092"));
        try (Admin admin = Admin.create(props)) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        Map<String, ConsumerGroupDescription> described =
                                admin.describeConsumerGroups(groups).all().get(10, TimeUnit.SECONDS);
                        return described.values().stream()
                                .allMatch(d -> d.members().stream()
                                                .mapToInt(m -> m.assignment()
                                                        .topicPartitions()
                                                        .size())
                                                .sum()
                                        > 0);
                    });
        }
        // The position is fetched right after assignment; give the consumer a moment to take it.
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assigned = true;
    }
}
