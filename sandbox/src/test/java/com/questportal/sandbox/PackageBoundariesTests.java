package com.questportal.sandbox;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's packages held by a test: no cycles between them, and the foundations (the wire protocols, the state
 * on disk, the task runtime) know none of the services built on them.
 */
class PackageBoundariesTests {

    private static final JavaClasses SANDBOX = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.questportal.sandbox");

    @Test
    void noPackageDependsOnAPackageThatDependsOnIt() {
        slices().matching("com.questportal.sandbox.(*)..").should().beFreeOfCycles().check(SANDBOX);
    }

    @Test
    void theFoundationsKnowNoService() {
        noClasses().that().resideInAnyPackage("com.questportal.sandbox.protocol..", "com.questportal.sandbox.state..",
                        "com.questportal.sandbox.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("com.questportal.sandbox.autoscaling..",
                        "com.questportal.sandbox.cloudformation..", "com.questportal.sandbox.ec2..", "com.questportal.sandbox.ecr..",
                        "com.questportal.sandbox.ecs..", "com.questportal.sandbox.elbv2..", "com.questportal.sandbox.faults..",
                        "com.questportal.sandbox.iam..", "com.questportal.sandbox.logs..", "com.questportal.sandbox.ssm..",
                        "com.questportal.sandbox.sts..")
                .check(SANDBOX);
    }
}
