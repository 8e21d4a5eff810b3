package io.pulse.evidence;

import org.junit.jupiter.api.Test;

import io.pulse.common.testing.ReflectionRegistrations;

class NativeReflectionTest {

    @Test
    void everyApiModelRecordIsRegisteredForReflection() {
        ReflectionRegistrations.assertRecordsRegistered(NativeReflection.class, "io.pulse.evidence", "..api..");
    }
}
