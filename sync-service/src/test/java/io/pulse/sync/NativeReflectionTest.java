package io.pulse.sync;

import org.junit.jupiter.api.Test;

import io.pulse.common.testing.ReflectionRegistrations;

class NativeReflectionTest {

    @Test
    void everyApiModelAndSourcePayloadRecordIsRegisteredForReflection() {
        ReflectionRegistrations.assertRecordsRegistered(
                NativeReflection.class, "io.pulse.sync", "..api..", "..client..");
    }
}
