package io.pulse.common;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** common is shared by every service, so it must never depend on one. */
class ArchitectureTest {

    @Test
    void commonDependsOnNoService() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.pulse.evidence..", "io.pulse.insight..", "io.pulse.sync..")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.pulse.common"));
    }
}
