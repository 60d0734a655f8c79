package com.questportal.portal.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.questportal.portal.InstalledTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The GitHub workflows: checked against GitHub's workflow schema by action-validator (npm; .ci/run installs it), and read
 * here for what they must do — CI runs .ci/run on every push; the deploy workflow pushes to ECR through an OIDC role, calls
 * the deploy API and fails the job when the deployment fails.
 */
class CiWorkflowsTests {

    private static final Path WORKFLOWS = Path.of("..", ".github", "workflows");

    @Test
    void everyWorkflowIsValidForGitHub() throws Exception {
        Path validator = InstalledTools.required("action-validator", "npm install -g @action-validator/cli");
        try (var files = Files.list(WORKFLOWS)) {
            for (Path workflow : files.filter(file -> file.toString().endsWith(".yml")).toList()) {
                Process check = new ProcessBuilder(validator.toString(), workflow.toString()).redirectErrorStream(true).start();
                String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(check.exitValue()).as(workflow + ": " + said).isZero();
            }
        }
    }

    @Test
    void ciRunsWhatCiRunsHereOnEveryPush() throws IOException {
        Map<String, Object> ci = read("ci.yml");

        assertThat(map(ci.get("on"))).containsKeys("push", "pull_request");
        assertThat(steps(ci, "verify")).anySatisfy(step -> assertThat(String.valueOf(step.get("run"))).contains("bash .ci/run"));
    }

    @Test
    void theDeployWorkflowPushesWithAnOidcRoleDeploysThroughTheApiAndFailsWithTheDeployment() throws IOException {
        Map<String, Object> deploy = read("deploy-quest.yml");

        assertThat(map(deploy.get("permissions"))).containsEntry("id-token", "write");
        List<Map<String, Object>> steps = steps(deploy, "deploy");
        assertThat(steps).extracting(step -> String.valueOf(step.get("uses")))
                .contains("aws-actions/configure-aws-credentials@v4", "aws-actions/amazon-ecr-login@v2");
        assertThat(steps).filteredOn(step -> "aws-actions/configure-aws-credentials@v4".equals(step.get("uses"))).singleElement()
                .satisfies(step -> assertThat(map(step.get("with"))).containsKey("role-to-assume").doesNotContainKey("aws-access-key-id"));
        String script = steps.stream().map(step -> String.valueOf(step.get("run"))).filter(run -> run.contains("/deployments"))
                .findFirst().orElseThrow();
        assertThat(script).as("the API the portal serves, polled until the outcome")
                .contains("-X POST", "/api/v1/environments/$ENVIRONMENT/deployments", "imageTag", "Authorization: Bearer",
                        "\"$status\" != \"RUNNING\"", "\"$status\" != \"SUCCEEDED\"", "exit 1");
        assertThat(steps.indexOf(steps.stream().filter(step -> String.valueOf(step.get("run")).contains("docker push")).findFirst()
                .orElseThrow())).as("the image is pushed before it is deployed").isLessThan(steps.indexOf(steps.stream()
                .filter(step -> String.valueOf(step.get("run")).equals(script)).findFirst().orElseThrow()));
    }

    private static Map<String, Object> read(String name) throws IOException {
        // YAML 1.1 reads a bare "on" as true; GitHub reads it as the key "on".
        Map<Object, Object> raw = new Yaml().load(Files.readString(WORKFLOWS.resolve(name)));
        Map<String, Object> workflow = new java.util.LinkedHashMap<>();
        raw.forEach((key, value) -> workflow.put(Boolean.TRUE.equals(key) ? "on" : String.valueOf(key), value));
        return workflow;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(Map<String, Object> workflow, String job) {
        return (List<Map<String, Object>>) map(map(workflow.get("jobs")).get(job)).get("steps");
    }
}
