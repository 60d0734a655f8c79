package com.questportal.portal.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.questportal.portal.InstalledTools;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code docker-compose.yml} against what {@link PortalComposeSmokeIntegrationTests} runs: the same settings, ports and
 * health checks, so that the file cannot part ways with what is proven; and against the Compose specification's schema
 * (dclint, npm; .ci/run installs it).
 */
class ComposeFileTests {

    private final ComposeFile compose = ComposeFile.read();

    @Test
    void thePortalGetsExactlyTheSettingsTheSmokeTestRunsItWith() {
        assertThat(compose.environment("portal").keySet()).containsExactlyInAnyOrderElementsOf(PortalComposeSmokeIntegrationTests.PORTAL_SETTINGS);
        assertThat(compose.environment("portal")).containsEntry("PORTAL_MODE", "sandbox")
                .containsEntry("PORTAL_SANDBOX_ENDPOINT", "http://sandbox:4566")
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/portal");
        assertThat(compose.environment("portal").get("PORTAL_BOOTSTRAP_ADMIN_PASSWORD")).as("the bootstrap password's 12 characters")
                .hasSizeGreaterThanOrEqualTo(12);
        assertThat(compose.environment("portal").get("SPRING_DATASOURCE_PASSWORD"))
                .isEqualTo(compose.environment("postgres").get("POSTGRES_PASSWORD"));
        assertThat(compose.environment("portal").get("SPRING_DATASOURCE_USERNAME"))
                .isEqualTo(compose.environment("postgres").get("POSTGRES_USER"));
    }

    @Test
    void theAwsModePortalSharesTheDatabaseSettingsAndNamesItsRegion() {
        Map<String, String> aws = compose.environment("portal-aws");
        Map<String, String> sandbox = compose.environment("portal");
        for (String name : List.of("SERVER_PORT", "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD",
                "PORTAL_BOOTSTRAP_ADMIN_PASSWORD")) {
            assertThat(aws.get(name)).as(name).isEqualTo(sandbox.get(name));
        }
        assertThat(aws).containsEntry("PORTAL_MODE", "aws").containsKey("AWS_REGION").doesNotContainKey("PORTAL_SANDBOX_ENDPOINT");
        assertThat(String.valueOf(compose.service("portal-aws").get("volumes"))).as("~/.aws, read-only").contains(".aws:/aws:ro");
    }

    @Test
    void portsAgreeBetweenTheCommandTheEndpointTheHealthChecksAndTheImages() throws Exception {
        List<String> command = compose.command("sandbox");
        String sandboxPort = command.get(command.indexOf("--port") + 1);
        assertThat(URI.create(compose.environment("portal").get("PORTAL_SANDBOX_ENDPOINT")).getPort()).hasToString(sandboxPort);
        assertThat(compose.healthCheckUrl("sandbox").getPort()).hasToString(sandboxPort);
        assertThat(Files.readString(ComposeFile.ROOT.resolve("sandbox/Dockerfile"))).contains("EXPOSE " + sandboxPort)
                .contains("\"--port\", \"" + sandboxPort + "\"");

        String portalPort = compose.environment("portal").get("SERVER_PORT");
        assertThat(compose.ports("sandbox")).as("the portal's port, published where its network lives, on loopback only")
                .containsExactly("127.0.0.1:" + portalPort + ":" + portalPort);
        assertThat(compose.ports("portal-aws")).containsExactly("127.0.0.1:" + portalPort + ":" + portalPort);
        assertThat(compose.service("postgres")).as("the database is not published").doesNotContainKey("ports");
        assertThat(Files.readString(ComposeFile.ROOT.resolve("portal/Dockerfile"))).contains("EXPOSE " + portalPort)
                .contains("SERVER_PORT=" + portalPort);
    }

    @Test
    void healthChecksAskWhatTheSmokeTestWaitsOn() throws Exception {
        assertThat(compose.healthCheckUrl("sandbox").getPath()).isEqualTo(PortalComposeSmokeIntegrationTests.SANDBOX_HEALTH);
        assertThat(Files.readString(ComposeFile.ROOT.resolve("sandbox/Dockerfile"))).contains(PortalComposeSmokeIntegrationTests.SANDBOX_HEALTH);
        assertThat(Files.readString(ComposeFile.ROOT.resolve("portal/Dockerfile"))).contains(PortalComposeSmokeIntegrationTests.PORTAL_HEALTH);
        assertThat(compose.healthCheck("postgres")).containsExactly("CMD-SHELL", "pg_isready -U portal -d portal");
        for (String portal : List.of("portal", "portal-aws")) {
            assertThat(ComposeFile.map(ComposeFile.map(compose.service(portal).get("depends_on")).get("postgres")))
                    .as(portal + " waits for a healthy database").containsEntry("condition", "service_healthy");
        }
        assertThat(ComposeFile.map(ComposeFile.map(compose.service("portal").get("depends_on")).get("sandbox")))
                .containsEntry("condition", "service_healthy");
    }

    @Test
    void passwordsComeFromTheEnvFileWhichIsNeverCommittedOrCopiedIntoAnImage() throws Exception {
        assertThat(compose.variablesNamed()).contains("POSTGRES_PASSWORD", "PORTAL_ADMIN_PASSWORD");
        assertThat(compose.variablesNamed()).allSatisfy(name -> assertThat(name.equals("HOME") || compose.variables().containsKey(name))
                .as(name + " has a line in .env.example").isTrue());
        assertThat(Files.readString(ComposeFile.ROOT.resolve("docker-compose.yml"))).doesNotContain("change-me");
        assertThat(Files.readAllLines(ComposeFile.ROOT.resolve(".gitignore"))).contains(".env");
        assertThat(Files.readAllLines(ComposeFile.ROOT.resolve(".dockerignore"))).contains(".env");
        assertThat(compose.variables()).containsEntry("COMPOSE_PROFILES", "sandbox");
    }

    @Test
    void theFileFollowsTheComposeSpecification() throws Exception {
        Path dclint = InstalledTools.required("dclint", "npm install -g dclint");
        // Three of dclint's opinions do not fit: `image` names what `build` makes; the two portals' port is the same
        // because their profiles never run together; the images built here have no registry tag.
        Process check = new ProcessBuilder(dclint.toString(), "--quiet", "--color", "false", "docker-compose.yml",
                "--disable-rule", "no-build-and-image", "--disable-rule", "no-duplicate-exported-ports",
                "--disable-rule", "service-image-require-explicit-tag").directory(ComposeFile.ROOT.toFile()).redirectErrorStream(true).start();
        String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(said).isZero();
    }
}
