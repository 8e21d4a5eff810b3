package io.pulse.sync;

import org.junit.jupiter.api.Test;

import io.pulse.common.testing.ArchitectureRules;

class ArchitectureTest {

    @Test
    void layeringAndModuleBoundaries() {
        ArchitectureRules.check("io.pulse.sync");
    }
}
