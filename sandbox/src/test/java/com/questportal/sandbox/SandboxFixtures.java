package com.questportal.sandbox;

import java.nio.file.Path;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/** Opens the package-private fixture to tests of the service packages. */
public final class SandboxFixtures {

    private SandboxFixtures() {
    }

    public static AutoCloseable start(Path dataDir) {
        return SandboxFixture.start(dataDir);
    }

    public static CloudFormationClient cloudFormation(AutoCloseable fixture) {
        return ((SandboxFixture) fixture).cloudFormation();
    }
}
