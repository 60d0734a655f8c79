package com.questportal.portal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.repository.Repository;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

/**
 * The portal's features and who may use whom, held by a test: no cycles between feature packages, each feature
 * reaching only the ones below it, and a feature's controllers, configuration and repositories kept to itself.
 */
class FeatureBoundariesTests {

    private static final JavaClasses PORTAL = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.questportal.portal");

    @Test
    void noFeatureDependsOnAFeatureThatDependsOnIt() {
        slices().matching("com.questportal.portal.(*)..").should().beFreeOfCycles().check(PORTAL);
    }

    /**
     * system (properties, errors, mode) at the bottom; api (problem documents), aws (clients) and audit above it;
     * security (people, tokens, scopes); environment (the records); provisioning (stacks) and status (live health) above them;
     * deployment (image tags onto stacks, through provisioning) and logs (reading the log groups) at the top; startup (the
     * checks before the start) beside them, used by nothing.
     */
    @Test
    void eachFeatureUsesOnlyTheFeaturesBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("system").definedBy("com.questportal.portal.system..")
                .layer("api").definedBy("com.questportal.portal.api..")
                .layer("aws").definedBy("com.questportal.portal.aws..")
                .layer("audit").definedBy("com.questportal.portal.audit..")
                .layer("security").definedBy("com.questportal.portal.security..")
                .layer("environment").definedBy("com.questportal.portal.environment..")
                .layer("provisioning").definedBy("com.questportal.portal.provisioning..")
                .layer("status").definedBy("com.questportal.portal.status..")
                .layer("deployment").definedBy("com.questportal.portal.deployment..")
                .layer("logs").definedBy("com.questportal.portal.logs..")
                .layer("scaling").definedBy("com.questportal.portal.scaling..")
                .layer("startup").definedBy("com.questportal.portal.startup..")
                .whereLayer("startup").mayNotBeAccessedByAnyLayer()
                .whereLayer("logs").mayNotBeAccessedByAnyLayer()
                .whereLayer("scaling").mayNotBeAccessedByAnyLayer()
                .whereLayer("deployment").mayNotBeAccessedByAnyLayer()
                .whereLayer("provisioning").mayOnlyBeAccessedByLayers("deployment")
                .whereLayer("status").mayOnlyBeAccessedByLayers("deployment", "scaling")
                .whereLayer("environment").mayOnlyBeAccessedByLayers("provisioning", "status", "deployment", "logs", "scaling")
                .whereLayer("security").mayOnlyBeAccessedByLayers("environment", "provisioning", "status", "deployment", "logs", "scaling")
                .whereLayer("audit").mayOnlyBeAccessedByLayers("security", "environment", "provisioning", "status", "deployment", "logs", "scaling")
                .whereLayer("aws").mayOnlyBeAccessedByLayers("environment", "provisioning", "status", "deployment", "logs", "scaling")
                .whereLayer("api").mayOnlyBeAccessedByLayers("security", "environment", "provisioning", "status", "deployment", "logs", "scaling")
                .whereLayer("system").mayOnlyBeAccessedByLayers("api", "aws", "audit", "security", "environment", "provisioning", "status",
                        "deployment", "logs", "scaling", "startup")
                .check(PORTAL);
    }

    @Test
    void controllersAndConfigurationAreAFeaturesOwn() {
        classes().that().areAnnotatedWith(Controller.class).or().areAnnotatedWith(RestController.class)
                .or().areAnnotatedWith(Configuration.class)
                .should().notBePublic().check(PORTAL);
    }

    /** PortalUserRepository is the exception: web slice tests of other features replace it, as sign-in needs it. */
    @Test
    void repositoriesAreAFeaturesOwn() {
        classes().that().areAssignableTo(Repository.class).and().doNotHaveSimpleName("PortalUserRepository")
                .should().notBePublic().check(PORTAL);
    }
}
