package io.pulse.insight;

import org.junit.jupiter.api.Test;

import io.pulse.common.testing.ArchitectureRules;

class ArchitectureTest {

    @Test
    void layeringAndModuleBoundaries() {
        ArchitectureRules.check("io.pulse.insight");
    }
}
