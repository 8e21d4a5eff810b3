package io.pulse.insight;

import io.pulse.common.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void layeringAndModuleBoundaries() {
        ArchitectureRules.check("io.pulse.insight");
    }
}
