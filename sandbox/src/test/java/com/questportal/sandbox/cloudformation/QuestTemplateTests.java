package com.questportal.sandbox.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The templates in infra-templates/, read as CloudFormation reads them, against the design document. */
class QuestTemplateTests {

    private static final Path TEMPLATES = Path.of("..", "infra-templates");

    static String environmentText;
    static Map<String, Object> environment;
    static Map<String, Object> repository;

    @BeforeAll
    static void load() throws IOException {
        environmentText = Files.readString(TEMPLATES.resolve("quest-environment.yaml"));
        environment = TemplateYaml.parse(environmentText);
        repository = TemplateYaml.parse(Files.readString(TEMPLATES.resolve("quest-repository.yaml")));
    }

    @ParameterizedTest(name = "{1} is a {0} named <env>-{2}")
    @CsvSource({
            "AWS::EC2::VPC, QuestVpc, quest_vpc",
            "AWS::EC2::InternetGateway, QuestGateway, quest_gw",
            "AWS::EC2::RouteTable, QuestRouteTable, quest_rt",
            "AWS::EC2::Subnet, QuestSubnet1, quest_subnet_1",
            "AWS::EC2::Subnet, QuestSubnet2, quest_subnet_2",
            "AWS::EC2::SecurityGroup, AlbSecurityGroup, alb_sg",
            "AWS::EC2::SecurityGroup, EcsSecurityGroup, ecs_sg",
            "AWS::IAM::Role, TaskExecutionRole, ecs_task_execution",
            "AWS::Logs::LogGroup, QuestTaskLogs, quest_task_logs",
            "AWS::ElasticLoadBalancingV2::LoadBalancer, QuestLoadBalancer, quest_alb",
            "AWS::ElasticLoadBalancingV2::TargetGroup, QuestTargetGroup, quest_tg",
            "AWS::ECS::Cluster, QuestCluster, quest_ecs",
            "AWS::ECS::Service, QuestService, quest_service",
            "AWS::ECS::TaskDefinition, QuestTaskDefinition, quest_task",
    })
    void everyDesignDocumentResourceIsThereWithItsName(String type, String logicalId, String name) {
        Map<String, Object> resource = map(resources(environment).get(logicalId));

        assertThat(resource).as(logicalId).isNotNull();
        assertThat(resource.get("Type")).isEqualTo(type);
        assertThat(nameTag(resource)).isEqualTo(Map.of("Fn::Sub", "${EnvironmentName}-" + name));
    }

    @Test
    void subnetsAreInTwoDifferentAvailabilityZones() {
        assertThat(properties("QuestSubnet1").get("AvailabilityZone")).isEqualTo(Map.of("Fn::Select", List.of(0, Map.of("Fn::GetAZs", ""))));
        assertThat(properties("QuestSubnet2").get("AvailabilityZone")).isEqualTo(Map.of("Fn::Select", List.of(1, Map.of("Fn::GetAZs", ""))));
    }

    @Test
    void theEcsSecurityGroupAdmitsOnlyTheLoadBalancerOnTheContainerPort() {
        List<Object> ingress = list(properties("EcsSecurityGroup").get("SecurityGroupIngress"));

        assertThat(ingress).hasSize(1);
        Map<String, Object> rule = map(ingress.get(0));
        assertThat(rule).containsEntry("SourceSecurityGroupId", Map.of("Ref", "AlbSecurityGroup"))
                .containsEntry("FromPort", Map.of("Ref", "ContainerPort"))
                .containsEntry("ToPort", Map.of("Ref", "ContainerPort"))
                .doesNotContainKeys("CidrIp", "CidrIpv6");
        assertThat(resourcesOfType("AWS::EC2::SecurityGroupIngress")).isEmpty();
    }

    @Test
    void nothingIsPublicBeyondTheLoadBalancer() {
        resources(environment).forEach((logicalId, value) -> {
            Map<String, Object> resource = map(value);
            if (resource.get("Type").equals("AWS::EC2::SecurityGroup") && !logicalId.equals("AlbSecurityGroup")) {
                list(map(resource.get("Properties")).getOrDefault("SecurityGroupIngress", List.of()))
                        .forEach(rule -> assertThat(map(rule)).as(logicalId).doesNotContainKeys("CidrIp", "CidrIpv6"));
            }
            if (resource.get("Type").equals("AWS::ElasticLoadBalancingV2::LoadBalancer")) {
                assertThat(logicalId).isEqualTo("QuestLoadBalancer");
            }
        });
        List<Object> albIngress = list(properties("AlbSecurityGroup").get("SecurityGroupIngress"));
        assertThat(albIngress).extracting(rule -> map(rule).get("FromPort")).containsExactly(80, 443);
        assertThat(albIngress).allSatisfy(rule -> assertThat(map(rule).get("CidrIp")).isEqualTo(Map.of("Ref", "AllowedClientCidr")));
        assertThat(map(properties("AlbToTasks"))).containsEntry("DestinationSecurityGroupId", Map.of("Ref", "EcsSecurityGroup"));
    }

    @Test
    void noSecretValueIsInTheTemplateOrItsParameters() throws IOException {
        Properties quest = new Properties();
        try (var in = Files.newInputStream(Path.of("..", "quest-app", "src", "main", "resources", "quest.properties"))) {
            quest.load(in);
        }
        assertThat(environmentText).doesNotContain(quest.getProperty("secret.word"));
        map(environment.get("Parameters")).forEach((name, parameter) -> {
            if (name.toLowerCase().contains("secret")) {
                assertThat(map(parameter)).as(name).doesNotContainKey("Default");
            }
        });
        Map<String, Object> container = map(list(properties("QuestTaskDefinition").get("ContainerDefinitions")).get(0));
        assertThat(list(container.get("Environment"))).extracting(variable -> map(variable).get("Name"))
                .doesNotContain("SECRET_WORD");
        assertThat(list(container.get("Secrets"))).singleElement().satisfies(secret -> assertThat(map(secret))
                .containsEntry("Name", "SECRET_WORD")
                .containsEntry("ValueFrom", Map.of("Fn::Sub",
                        "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${SecretWordParameterName}")));
    }

    @Test
    void theExecutionRoleReadsExactlyTheEnvironmentsSecretParameter() {
        Map<String, Object> policy = map(list(properties("TaskExecutionRole").get("Policies")).get(0));
        Map<String, Object> statement = map(list(map(policy.get("PolicyDocument")).get("Statement")).get(0));

        assertThat(statement).containsEntry("Action", "ssm:GetParameters").containsEntry("Resource", Map.of("Fn::Sub",
                "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${SecretWordParameterName}"));
        assertThat(list(properties("TaskExecutionRole").get("ManagedPolicyArns"))).containsExactly(Map.of("Fn::Sub",
                "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"));
    }

    @Test
    void theServiceRollsSafelyAndDependsOnTheListener() {
        Map<String, Object> service = map(resources(environment).get("QuestService"));
        Map<String, Object> deployment = map(map(service.get("Properties")).get("DeploymentConfiguration"));

        assertThat(service.get("DependsOn")).isEqualTo("HttpListener");
        assertThat(deployment).containsEntry("MinimumHealthyPercent", 100).containsEntry("MaximumPercent", 200)
                .containsEntry("DeploymentCircuitBreaker", Map.of("Enable", true, "Rollback", true));
    }

    @Test
    void theReadmesRedeployEstimateIsTheTemplatesOwnDefaultsAddedUp() {
        int interval = defaultOf("HealthCheckIntervalSeconds");
        int healthyThreshold = defaultOf("HealthyThresholdCount");
        int deregistration = defaultOf("DeregistrationDelaySeconds");
        int stopTimeout = (int) map(list(properties("QuestTaskDefinition").get("ContainerDefinitions")).get(0)).get("StopTimeout");
        int taskStart = 30;
        int ecsPolling = 15;

        int worstCase = taskStart + healthyThreshold * interval + deregistration + stopTimeout + ecsPolling;

        assertThat(worstCase).as("the README's worst case").isEqualTo(80).isLessThan(90);
    }

    @Test
    void fargateSizesAreRestrictedToValidPairsByARule() {
        assertThat(map(environment.get("Rules"))).containsKey("FargateCpuAndMemory");
        assertThat(environmentText).contains("!Equals [!Ref TaskCpu, \"256\"], !Contains [[\"512\", \"1024\", \"2048\"], !Ref TaskMemory]");
    }

    @Test
    void theImageRepositoryHasAStackOfItsOwnAndOutlivesIt() {
        Map<String, Object> repositoryResource = map(resources(repository).get("QuestRepository"));

        assertThat(resourcesOfType("AWS::ECR::Repository")).isEmpty();
        assertThat(repositoryResource).containsEntry("Type", "AWS::ECR::Repository")
                .containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain");
        assertThat(map(map(repositoryResource.get("Properties")).get("ImageScanningConfiguration"))).containsEntry("ScanOnPush", true);
    }

    private static int defaultOf(String parameter) {
        return (int) map(map(environment.get("Parameters")).get(parameter)).get("Default");
    }

    private static Object nameTag(Map<String, Object> resource) {
        return list(map(resource.get("Properties")).get("Tags")).stream().map(QuestTemplateTests::map)
                .filter(tag -> "Name".equals(tag.get("Key"))).map(tag -> tag.get("Value")).findFirst().orElse(null);
    }

    private static List<String> resourcesOfType(String type) {
        return resources(environment).entrySet().stream().filter(entry -> map(entry.getValue()).get("Type").equals(type))
                .map(Map.Entry::getKey).toList();
    }

    private static Map<String, Object> properties(String logicalId) {
        return map(map(resources(environment).get(logicalId)).get("Properties"));
    }

    private static Map<String, Object> resources(Map<String, Object> template) {
        return map(template.get("Resources"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }
}
