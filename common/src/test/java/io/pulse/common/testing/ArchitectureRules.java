package io.pulse.common.testing;

import java.util.List;
import java.util.Set;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import io.pulse.common.concurrent.BlockingBridge;
import io.pulse.common.db.RlsSession;
import io.pulse.common.events.EventCodec;
import io.pulse.common.security.CurrentUserResolver;
import io.pulse.common.security.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The rules that make the three services read as one codebase; every service checks them in its own
 * {@code ArchitectureTest}. Layout per feature: {@code rest} (HTTP), {@code service} (use cases; the only place a
 * transaction opens), {@code repository} (SQL on a connection it is given), {@code mapping}, {@code messaging}
 * (Kafka consumers).
 */
public final class ArchitectureRules {

    private static final List<String> SERVICES = List.of("io.pulse.evidence", "io.pulse.insight", "io.pulse.sync");

    private ArchitectureRules() {}

    /** Checks every rule for the service whose root package is given (e.g. {@code io.pulse.evidence}). */
    public static void check(String servicePackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(servicePackage);
        for (ArchRule rule : rules(servicePackage)) {
            rule.allowEmptyShould(true).check(classes);
        }
    }

    /** The rules, each with the reason it exists. */
    public static List<ArchRule> rules(String servicePackage) {
        String[] others = SERVICES.stream()
                .filter(s -> !s.equals(servicePackage))
                .map(s -> s + "..")
                .toArray(String[]::new);
        return List.of(
                noClasses()
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(others)
                        .because("service modules are deployed independently and talk only through Kafka and the"
                                + " shared schema"),
                noClasses()
                        .that()
                        .resideInAPackage("..rest..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAPackage("..repository..")
                        .because("resources go through services, which own transactions and row-level security"),
                noClasses()
                        .that()
                        .resideInAPackage("..service..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAPackage("io.pulse..rest..")
                        .because("services must not depend on the HTTP layer (a typed client of another service's"
                                + " API is not that layer)"),
                noClasses()
                        .that()
                        .resideInAPackage("..repository..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage("io.pulse..rest..", "io.pulse..service..")
                        .because("repositories are the bottom layer"),
                classes()
                        .that()
                        .areAnnotatedWith(Path.class)
                        .and()
                        .areNotInterfaces()
                        .should(allowBothRoles())
                        .because("every /api/v1 resource needs the individual or manager realm role, in every"
                                + " service"),
                noClasses()
                        .that()
                        .resideInAPackage("..rest..")
                        .should()
                        .dependOnClassesThat()
                        .areAssignableTo(CurrentUserResolver.class)
                        .because("resources take the caller from the request-scoped RequestUser"),
                noClasses()
                        .that()
                        .resideOutsideOfPackage("..service..")
                        .should()
                        .callMethodWhere(opensTransaction())
                        .because("a transaction opens in exactly one layer: the service"),
                noClasses()
                        .that()
                        .resideInAPackage("..repository..")
                        .should()
                        .dependOnClassesThat()
                        .areAssignableTo(Pool.class)
                        .because("repositories run on the connection (and transaction) their service gives them"),
                noClasses()
                        .that()
                        .areNotAnnotatedWith(BlockingBridge.class)
                        .should()
                        .callMethodWhere(waitsForUni())
                        .because("nothing blocks on reactive work except a named @BlockingBridge on a worker"
                                + " thread"),
                methods()
                        .that()
                        .areAnnotatedWith("org.eclipse.microprofile.reactive.messaging.Incoming")
                        .should()
                        .beDeclaredInClassesThat()
                        .resideInAPackage("..messaging..")
                        .because("each service keeps its Kafka consumers in messaging packages"),
                noClasses()
                        .should()
                        .dependOnClassesThat()
                        .haveFullyQualifiedName(
                                "org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement")
                        .because("one OpenAPI security scheme, added to every @RolesAllowed operation by Quarkus"),
                noClasses()
                        .should()
                        .callMethod(EventCodec.class, "fromJson", String.class)
                        .because("consumers decode records with io.pulse.common.messaging.InboundEvents"),
                noClasses()
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage("org.hibernate.reactive..", "io.quarkus.hibernate..")
                        .because("one persistence idiom: the reactive SQL client (see README, architecture)"));
    }

    private static DescribedPredicate<JavaMethodCall> opensTransaction() {
        return DescribedPredicate.describe(
                "a method that opens a transaction",
                call -> (call.getName().equals("withTransaction")
                                && call.getTargetOwner().isAssignableTo(Pool.class))
                        || (call.getName().equals("inTransaction")
                                && call.getTargetOwner().isEquivalentTo(RlsSession.class)));
    }

    private static DescribedPredicate<JavaMethodCall> waitsForUni() {
        return DescribedPredicate.describe(
                "Uni.await()",
                call -> call.getName().equals("await") && call.getTargetOwner().isAssignableTo(Uni.class));
    }

    private static ArchCondition<JavaClass> allowBothRoles() {
        return new ArchCondition<>("be @RolesAllowed for exactly the individual and manager roles") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                boolean ok = item.tryGetAnnotationOfType(RolesAllowed.class)
                        .map(a -> Set.of(a.value()).equals(Set.of(Roles.INDIVIDUAL, Roles.MANAGER)))
                        .orElse(false);
                events.add(new SimpleConditionEvent(
                        item, ok, item.getName() + (ok ? " has" : " lacks") + " @RolesAllowed(individual, manager)"));
            }
        };
    }
}
