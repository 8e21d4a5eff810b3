package io.pulse.common.testing;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.PackageMatcher;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.quarkus.runtime.annotations.RegisterForReflection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks a service's reflection registration class: a native executable keeps only the classes registered for
 * reflection, so a record that Jackson reads or writes and that nobody listed works on the JVM and fails natively.
 */
public final class ReflectionRegistrations {

    private ReflectionRegistrations() {}

    /**
     * Asserts that every top-level record under {@code root} in a package matching one of {@code packages} (ArchUnit
     * syntax, e.g. {@code ..api..}) is a target of the {@link RegisterForReflection} annotation on
     * {@code registration} (nested records are covered by its {@code registerFullHierarchy}).
     */
    public static void assertRecordsRegistered(Class<?> registration, String root, String... packages) {
        List<PackageMatcher> matchers =
                List.of(packages).stream().map(PackageMatcher::of).toList();
        List<Class<?>> records = new ClassFileImporter()
                        // The module's own classes only: scanning every jar of a service's class path takes minutes.
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages(root)
                        .stream()
                        .filter(c -> matchers.stream().anyMatch(m -> m.matches(c.getPackageName())))
                        .map(JavaClass::reflect)
                        .filter(c -> c.isRecord() && c.getEnclosingClass() == null)
                        .<Class<?>>map(c -> c)
                        .toList();
        assertThat(records).as("records in %s", List.of(packages)).isNotEmpty();
        RegisterForReflection annotation = registration.getAnnotation(RegisterForReflection.class);
        assertThat(annotation).as("@RegisterForReflection on %s", registration).isNotNull();
        assertThat(annotation.registerFullHierarchy()).isTrue();
        assertThat(List.of(annotation.targets())).containsAll(records);
    }
}
