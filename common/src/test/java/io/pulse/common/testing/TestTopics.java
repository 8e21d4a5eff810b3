package io.pulse.common.testing;

/**
 * The test suite's physical Kafka topics: the logical names of {@link io.pulse.common.events.Topics} behind a prefix
 * ({@code PULSE_TEST_TOPIC_PREFIX}, default {@code test.}), so that tests and the product a person runs never share a
 * topic on the same broker.
 */
public final class TestTopics {

    public static final String PREFIX = System.getenv().getOrDefault("PULSE_TEST_TOPIC_PREFIX", "test.");

    private TestTopics() {}

    /** The physical topic the suite uses for a logical topic name. */
    public static String of(String logicalTopic) {
        return PREFIX + logicalTopic;
    }
}
