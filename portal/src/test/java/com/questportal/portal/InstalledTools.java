package com.questportal.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** A checking tool the test runs (installed by .ci/run): outside CI a machine without it skips the check and says why; in CI it fails. */
public final class InstalledTools {

    private InstalledTools() {
    }

    public static Path required(String command, String install) {
        Path found = onPath(command);
        Assumptions.assumeTrue(found != null || "true".equals(System.getenv("CI")),
                command + " is not installed here (" + install + "); .ci/run installs it, and in CI this test runs");
        assertThat(found).as(command + ": .ci/run installs it (" + install + ")").isNotNull();
        return found;
    }

    private static Path onPath(String command) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
