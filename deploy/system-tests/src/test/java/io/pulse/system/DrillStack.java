package io.pulse.system;

import java.util.EnumSet;

import io.pulse.common.testing.TestDatabase;
import io.pulse.system.PackagedStack.Service;

/**
 * What the fault drills break, kept apart from the stack the other system tests share: a Kafka broker of its own
 * ({@link DrillKafka}), a database of its own ({@link TestDatabase#DRILLS}, emptied first; the outbox is per database, and
 * one relay publishes every row of it, so two deployments on one database and two brokers would send each other's
 * events to the wrong broker) and the packaged insight-service and sync-service on them. Started once per test JVM
 * and stopped when it exits.
 */
final class DrillStack {

    private static DrillStack instance;

    private final DrillKafka kafka;
    private final PackagedStack services;

    private DrillStack(DrillKafka kafka, PackagedStack services) {
        this.kafka = kafka;
        this.services = services;
    }

    static synchronized DrillStack get() {
        if (instance == null) {
            emptyDatabase();
            DrillKafka kafka = DrillKafka.start();
            PackagedStack services;
            try {
                services = PackagedStack.start(
                        kafka.bootstrapServers(), TestDatabase.DRILLS, EnumSet.of(Service.INSIGHT, Service.SYNC));
            } catch (RuntimeException e) {
                // The broker runs in a session of its own: it would outlive the test JVM.
                kafka.close();
                throw e;
            }
            instance = new DrillStack(kafka, services);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                services.close();
                                kafka.close();
                            },
                            "drill-stack-stop"));
        }
        return instance;
    }

    /** The drills start from an empty schema, which their first service migrates: no rows of an earlier run. */
    private static void emptyDatabase() {
        try {
            TestDatabase.empty(TestDatabase.DRILLS);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not empty " + TestDatabase.DRILLS, e);
        }
    }

    DrillKafka kafka() {
        return kafka;
    }

    PackagedStack services() {
        return services;
    }

    /** The time between two {@link System#nanoTime()} readings, as the drills print it ({@code 4.2 s}). */
    static String seconds(long fromNanos, long toNanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", (toNanos - fromNanos) / 1e9);
    }
}
