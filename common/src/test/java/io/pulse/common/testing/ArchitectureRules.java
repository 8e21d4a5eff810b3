package io.pulse.common.testing;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Layering rules every service checks in its own {@code ArchitectureTest}: no service depends on another service,
 * REST resources never use repositories directly, and services do not depend on REST types.
 */
public final class ArchitectureRules {

    private static final List<String> SERVICES = List.of("io.pulse.evidence", "io.pulse.insight", "io.pulse.sync");

    private ArchitectureRules() {}

    /** Checks all rules for the service whose root package is given (e.g. {@code io.pulse.evidence}). */
    public static void check(String servicePackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(servicePackage);
        for (String other : SERVICES) {
            if (!other.equals(servicePackage)) {
                noClasses()
                        .should()
                        .dependOnClassesThat()
                        .resideInAPackage(other + "..")
                        .because(
                                "service modules are deployed independently and talk only through Kafka and the shared schema")
                        .allowEmptyShould(true)
                        .check(classes);
            }
        }
        noClasses()
                .that()
                .resideInAPackage("..rest..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..repository..")
                .because("resources go through services, which own transactions and row-level security")
                .allowEmptyShould(true)
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("..service..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..rest..")
                .because("services must not depend on the HTTP layer")
                .allowEmptyShould(true)
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("..repository..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..rest..")
                .allowEmptyShould(true)
                .check(classes);
    }
}
