package com.questportal.portal.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.questportal.portal.compose.ComposeFile;
import com.questportal.sandbox.cloudformation.TemplateYaml;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The portal's own stack and its policy: the task role holds exactly {@code portal-policy.json} (for people who run the
 * portal elsewhere), and that policy is least privilege — no wildcard actions, writes scoped to the quest's names or
 * allowed only through CloudFormation, roles passed to ECS tasks only. cfn-lint checks the template in .ci/run.
 */
class PortalTemplateTests {

    @Test
    void theTaskRoleHoldsThePolicyFile() throws Exception {
        Object file = JsonMapper.builder().build().readValue(ComposeFile.ROOT.resolve("infra-templates/portal-policy.json").toFile(), Object.class);
        Map<String, Object> taskRole = map(map(template().get("Resources")).get("TaskRole"));
        List<?> policies = (List<?>) map(taskRole.get("Properties")).get("Policies");
        assertThat(policies).hasSize(1);
        assertThat(map(policies.get(0)).get("PolicyDocument")).isEqualTo(file);
    }

    @Test
    void thePolicyIsLeastPrivilege() throws Exception {
        Map<String, Object> policy = map(JsonMapper.builder().build().readValue(
                ComposeFile.ROOT.resolve("infra-templates/portal-policy.json").toFile(), Object.class));
        for (Object each : (List<?>) policy.get("Statement")) {
            Map<String, Object> statement = map(each);
            List<String> actions = strings(statement.get("Action"));
            assertThat(statement.get("Effect")).isEqualTo("Allow");
            assertThat(actions).as(statement.get("Sid") + ": named actions, no wildcards").noneMatch(action -> action.contains("*"));
            boolean everywhere = strings(statement.get("Resource")).contains("*");
            boolean throughCloudFormation = String.valueOf(statement.get("Condition")).contains("aws:CalledVia=[cloudformation.amazonaws.com]");
            if (everywhere && !throughCloudFormation) {
                assertThat(actions).as(statement.get("Sid") + ": on every resource, only reads")
                        .allMatch(action -> action.matches("[a-z-]+:(Describe|List|Get|FilterLogEvents|StartLiveTail)[A-Za-z]*"));
            }
            if (actions.contains("iam:PassRole")) {
                assertThat(String.valueOf(statement.get("Condition"))).contains("iam:PassedToService=ecs-tasks.amazonaws.com");
            }
        }
    }

    @Test
    void theDatabaseIsRdsOrOneYouRunAndItsPasswordNeverPlain() throws Exception {
        Map<String, Object> resources = map(template().get("Resources"));
        assertThat(map(resources.get("Database"))).containsEntry("Condition", "CreateDatabase").containsEntry("DeletionPolicy", "Snapshot");
        assertThat(map(map(resources.get("Database")).get("Properties"))).containsEntry("ManageMasterUserPassword", true)
                .containsEntry("StorageEncrypted", true).containsEntry("PubliclyAccessible", false);
        Map<String, Object> container = map(((List<?>) map(map(resources.get("PortalTaskDefinition")).get("Properties"))
                .get("ContainerDefinitions")).get(0));
        assertThat(String.valueOf(container.get("Environment"))).doesNotContain("PASSWORD");
        assertThat(strings(((List<?>) container.get("Secrets")).stream().map(secret -> map(secret).get("Name")).toList()))
                .containsExactly("SPRING_DATASOURCE_PASSWORD", "PORTAL_BOOTSTRAP_ADMIN_PASSWORD");
        assertThat(map(map(resources.get("PortalService")).get("Properties"))).containsEntry("DesiredCount", Map.of("Ref", "DesiredCount"));
        assertThat(map(map(template().get("Parameters")).get("DesiredCount"))).containsEntry("Default", 2);
        assertThat(map(map(resources.get("HttpsListener")).get("Properties"))).containsEntry("Protocol", "HTTPS");
    }

    /** The template as CloudFormation reads it, short forms in their long form ({@code !Ref x} as {@code {Ref: x}}). */
    private static Map<String, Object> template() throws Exception {
        return TemplateYaml.parse(Files.readString(ComposeFile.ROOT.resolve("infra-templates/portal.yaml")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(value));
    }
}
