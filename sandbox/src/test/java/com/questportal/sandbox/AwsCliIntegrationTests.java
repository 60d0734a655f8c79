package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * The AWS CLI v2 (Debian's awscli), an independent client, against the standalone sandbox: the commands
 * operators type, the operations the CLI calls under them, and the errors it shows for bad input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsCliIntegrationTests {

    private static final Path CLI = Path.of("/usr/bin/aws");

    Path work;
    StandaloneSandbox sandbox;
    final QuestStackDeployment quest = new QuestStackDeployment("cli");

    /** What one CLI command printed and how it exited. */
    record Run(int exit, String out, String err) {

        JsonNode json() {
            return JsonNodeParser.create().parse(out);
        }
    }

    @BeforeAll
    void deployTheQuestStackWithTheCli(@TempDir Path work) throws Exception {
        this.work = work;
        Assumptions.assumeTrue(Files.isExecutable(CLI) || "true".equals(System.getenv("CI")),
                "the AWS CLI v2 is not installed here (apt-get install awscli); .ci/run installs it, and in CI this test runs");
        assertThat(CLI).as("the AWS CLI v2: .ci/run installs Debian's awscli").isExecutable();
        sandbox = StandaloneSandbox.start(work.resolve("data"));
        Path jar = Path.of(System.getProperty("quest.jar", "../quest-app/target/quest-app.jar")).toAbsolutePath().normalize();

        createStack("quest-repository", Path.of("..", "infra-templates", "quest-repository.yaml"),
                "ParameterKey=RepositoryName,ParameterValue=quest", "ParameterKey=TagImmutability,ParameterValue=MUTABLE");
        ok("ecr", "put-image", "--repository-name", "quest", "--image-tag", "v1", "--image-manifest",
                "{\"schemaVersion\":2,\"layers\":[],\"annotations\":{\"com.questportal.sandbox.jar\":\"" + jar + "\"}}");
        ok("ssm", "put-parameter", "--name", quest.secretWordParameter(), "--type", "SecureString", "--value", "TwelveFactor");
        ok("cloudformation", "deploy", "--stack-name", quest.stackName, "--capabilities", "CAPABILITY_NAMED_IAM", "--template-file",
                Path.of("..", "infra-templates", "quest-environment.yaml").toAbsolutePath().toString(), "--parameter-overrides",
                "EnvironmentName=cli", "ImageTag=v1", "SecretWordParameterName=" + quest.secretWordParameter(),
                "DeregistrationDelaySeconds=0", "DesiredCount=1", "EnableAutoScaling=true", "AutoScalingMinCapacity=1",
                "AutoScalingMaxCapacity=3", "AutoScalingTargetRequestsPerTarget=600");
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (sandbox != null) {
            sandbox.stop();
        }
    }

    @Test
    void ecsWaitServicesStableReturnsOnceTheServiceRuns() throws Exception {
        ok("ecs", "wait", "services-stable", "--cluster", quest.cluster(), "--services", quest.service());
        JsonNode service = ok("ecs", "describe-services", "--cluster", quest.cluster(), "--services", quest.service()).json()
                .field("services").get().asArray().get(0);
        assertThat(service.field("runningCount").get().asNumber()).isEqualTo("1");
        assertThat(service.field("propagateTags").get().asString()).isEqualTo("NONE");
        assertThat(service.field("enableECSManagedTags").get().asBoolean()).isFalse();

        ok("ecs", "update-service", "--cluster", quest.cluster(), "--service", quest.service(), "--desired-count", "1");
        ok("ecs", "wait", "services-stable", "--cluster", quest.cluster(), "--services", quest.service());
        List<String> events = new ArrayList<>();
        ok("ecs", "describe-services", "--cluster", quest.cluster(), "--services", quest.service()).json().field("services").get()
                .asArray().get(0).field("events").get().asArray().forEach(event -> events.add(event.field("message").get().asString()));
        assertThat(events.stream().filter(message -> message.endsWith("deployment completed.")).toList())
                .as("a deployment's completion is written once, however often its count is set").hasSize(1);
    }

    @Test
    void listStacksFiltersByStatusAndListsDeletedStacks() throws Exception {
        createStack("short-lived", Path.of("src/test/resources/cloudformation/parameters-stack.yaml"),
                "ParameterKey=EnvironmentName,ParameterValue=short", "ParameterKey=ImageTag,ParameterValue=v1");
        ok("cloudformation", "delete-stack", "--stack-name", "short-lived");
        ok("cloudformation", "wait", "stack-delete-complete", "--stack-name", "short-lived");

        assertThat(names(ok("cloudformation", "list-stacks", "--stack-status-filter", "CREATE_COMPLETE").json()))
                .contains(quest.stackName, "quest-repository").doesNotContain("short-lived");
        assertThat(names(ok("cloudformation", "list-stacks", "--stack-status-filter", "DELETE_COMPLETE").json()))
                .containsExactly("short-lived");
        assertThat(names(ok("cloudformation", "list-stacks").json())).contains(quest.stackName, "quest-repository", "short-lived");
    }

    @Test
    void listExportsShowsWhatLiveStacksExport() throws Exception {
        createStack("exporting", Path.of("src/test/resources/cloudformation/parameters-stack.yaml"),
                "ParameterKey=EnvironmentName,ParameterValue=exporting", "ParameterKey=ImageTag,ParameterValue=v7");
        List<String> exports = new ArrayList<>();
        ok("cloudformation", "list-exports").json().field("Exports").get().asArray()
                .forEach(export -> exports.add(export.field("Name").get().asString() + "=" + export.field("Value").get().asString()));
        assertThat(exports).anySatisfy(export -> assertThat(export).startsWith("exporting-").contains("quest:v7"));
    }

    @Test
    void theStacksScalableTargetPolicyAndActivitiesReadThroughApplicationAutoScaling() throws Exception {
        String service = "service/" + quest.cluster() + "/" + quest.service();
        JsonNode target = ok("application-autoscaling", "describe-scalable-targets", "--service-namespace", "ecs", "--resource-ids",
                service).json().field("ScalableTargets").get().asArray().get(0);
        assertThat(target.field("MinCapacity").get().asNumber()).isEqualTo("1");
        assertThat(target.field("MaxCapacity").get().asNumber()).isEqualTo("3");
        assertThat(target.field("ScalableDimension").get().asString()).isEqualTo("ecs:service:DesiredCount");
        JsonNode policy = ok("application-autoscaling", "describe-scaling-policies", "--service-namespace", "ecs", "--resource-id",
                service).json().field("ScalingPolicies").get().asArray().get(0);
        assertThat(policy.field("PolicyName").get().asString()).isEqualTo("cli-quest_requests_per_target");
        JsonNode tracking = policy.field("TargetTrackingScalingPolicyConfiguration").get();
        assertThat(tracking.field("TargetValue").get().asNumber()).startsWith("600");
        assertThat(tracking.field("PredefinedMetricSpecification").get().field("PredefinedMetricType").get().asString())
                .isEqualTo("ALBRequestCountPerTarget");
        assertThat(ok("application-autoscaling", "describe-scaling-activities", "--service-namespace", "ecs", "--resource-id", service)
                .json().field("ScalingActivities").get().asArray()).isNotNull();
        refused("ValidationException", "Minimum capacity cannot be greater than maximum capacity", "application-autoscaling",
                "register-scalable-target", "--service-namespace", "ecs", "--scalable-dimension", "ecs:service:DesiredCount",
                "--resource-id", service, "--min-capacity", "5", "--max-capacity", "2");
    }

    @Test
    void describeStackResourceNamesTheResourceOrRefusesAnUnknownOne() throws Exception {
        JsonNode detail = ok("cloudformation", "describe-stack-resource", "--stack-name", quest.stackName, "--logical-resource-id",
                "QuestService").json().field("StackResourceDetail").get();
        assertThat(detail.field("ResourceType").get().asString()).isEqualTo("AWS::ECS::Service");
        assertThat(detail.field("ResourceStatus").get().asString()).isEqualTo("CREATE_COMPLETE");
        assertThat(detail.field("PhysicalResourceId").get().asString()).endsWith("service/cli-quest_ecs/cli-quest_service");

        refused("ValidationError", "Resource Nothing does not exist for stack quest-cli",
                "cloudformation", "describe-stack-resource", "--stack-name", quest.stackName, "--logical-resource-id", "Nothing");
        refused("ValidationError", "Stack with id nope does not exist",
                "cloudformation", "describe-stack-resource", "--stack-name", "nope", "--logical-resource-id", "QuestService");
    }

    @Test
    void describeStacksCarriesTheFieldsAwsAlwaysReturns() throws Exception {
        JsonNode stack = ok("cloudformation", "describe-stacks", "--stack-name", quest.stackName).json().field("Stacks").get().asArray().get(0);
        assertThat(stack.field("EnableTerminationProtection").get().asBoolean()).isFalse();
        assertThat(stack.field("DisableRollback").get().asBoolean()).isFalse();
        assertThat(stack.field("NotificationARNs").get().asArray()).isEmpty();
    }

    @Test
    void describeRulesShowsTheListenersDefaultRule() throws Exception {
        String balancer = ok("elbv2", "describe-load-balancers", "--names", "cli-quest-alb").json().field("LoadBalancers").get()
                .asArray().get(0).field("LoadBalancerArn").get().asString();
        String listener = ok("elbv2", "describe-listeners", "--load-balancer-arn", balancer).json().field("Listeners").get()
                .asArray().get(0).field("ListenerArn").get().asString();
        JsonNode rule = ok("elbv2", "describe-rules", "--listener-arn", listener).json().field("Rules").get().asArray().get(0);
        assertThat(rule.field("IsDefault").get().asBoolean()).isTrue();
        assertThat(rule.field("Priority").get().asString()).isEqualTo("default");
        assertThat(rule.field("Actions").get().asArray().get(0).field("Type").get().asString()).isEqualTo("forward");
        String ruleArn = rule.field("RuleArn").get().asString();
        assertThat(ok("elbv2", "describe-rules", "--rule-arns", ruleArn).json().field("Rules").get().asArray()).hasSize(1);

        refused("ListenerNotFound", "One or more listeners not found", "elbv2", "describe-rules", "--listener-arn",
                listener.substring(0, listener.lastIndexOf('/') + 1) + "0000000000000000");
        refused("RuleNotFound", "One or more rules not found", "elbv2", "describe-rules", "--rule-arns", ruleArn + "0");
        refused("TargetGroupNotFound", "One or more target groups not found", "elbv2", "describe-target-groups", "--names", "nope");
    }

    @Test
    void ecrGetLoginPasswordBatchGetImageAndTheLifecyclePolicy() throws Exception {
        String password = ok("ecr", "get-login-password").out().trim();
        assertThat(password).hasSizeGreaterThan(32);
        JsonNode token = ok("ecr", "get-authorization-token").json().field("authorizationData").get().asArray().get(0);
        assertThat(new String(Base64.getDecoder().decode(token.field("authorizationToken").get().asString()), StandardCharsets.UTF_8))
                .startsWith("AWS:");
        assertThat(token.field("proxyEndpoint").get().asString()).isEqualTo("https://000000000000.dkr.ecr.eu-west-1.amazonaws.com");

        JsonNode images = ok("ecr", "batch-get-image", "--repository-name", "quest", "--image-ids", "imageTag=v1", "imageTag=v404").json();
        assertThat(images.field("images").get().asArray()).singleElement()
                .satisfies(image -> assertThat(image.field("imageManifest").get().asString()).contains("com.questportal.sandbox.jar"));
        assertThat(images.field("failures").get().asArray()).singleElement().satisfies(failure ->
                assertThat(failure.field("failureCode").get().asString()).isEqualTo("ImageNotFound"));

        assertThat(ok("ecr", "get-lifecycle-policy", "--repository-name", "quest").json().field("lifecyclePolicyText").get().asString())
                .contains("imageCountMoreThan");
        JsonNode repository = ok("ecr", "describe-repositories", "--repository-names", "quest").json().field("repositories").get()
                .asArray().get(0);
        assertThat(repository.field("encryptionConfiguration").get().field("encryptionType").get().asString()).isEqualTo("AES256");

        refused("RepositoryNotFoundException", "The repository with name 'nope' does not exist", "ecr", "get-lifecycle-policy",
                "--repository-name", "nope");
        refused("RepositoryNotFoundException", "The repository with name 'nope' does not exist", "ecr", "batch-get-image",
                "--repository-name", "nope", "--image-ids", "imageTag=v1");
        ok("ecr", "create-repository", "--repository-name", "bare");
        refused("LifecyclePolicyNotFoundException", "Lifecycle policy does not exist for the repository with name 'bare'",
                "ecr", "get-lifecycle-policy", "--repository-name", "bare");
    }

    @Test
    void logsTailShowsWhatTheTasksWrote() throws Exception {
        String url = servingAlbUrl();
        QuestStackDeployment.awaitOk(url + "loadbalanced");
        Run tail = ok("logs", "tail", "cli-quest_task_logs", "--since", "1h", "--format", "short");
        assertThat(tail.out()).contains("/loadbalanced");
    }

    /** CloudWatch over the query protocol, as the CLI speaks it: the numbers the load balancer itself counted. */
    @Test
    void getMetricDataShowsTheRequestsAndResponseTimesTheLoadBalancerCarried() throws Exception {
        String url = servingAlbUrl();
        QuestStackDeployment.awaitOk(url + "version");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < 12; i++) {
            http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "version")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        }
        String arn = ok("elbv2", "describe-load-balancers", "--names", "cli-quest-alb").json().field("LoadBalancers").get()
                .asArray().get(0).field("LoadBalancerArn").get().asString();
        String dimension = "Name=LoadBalancer,Value=" + arn.substring(arn.indexOf(":loadbalancer/") + 14);

        String queries = "[" + metricQuery("requests", "RequestCount", "Sum", arn) + ","
                + metricQuery("p99", "TargetResponseTime", "p99", arn) + "]";
        JsonNode results = ok("cloudwatch", "get-metric-data", "--metric-data-queries", queries, "--start-time",
                java.time.Instant.now().minus(Duration.ofHours(1)).toString(), "--end-time",
                java.time.Instant.now().plus(Duration.ofMinutes(1)).toString()).json().field("MetricDataResults").get();
        double requests = results.asArray().get(0).field("Values").get().asArray().stream()
                .mapToDouble(value -> Double.parseDouble(value.asNumber())).sum();
        long counted = 0;
        String report = http.send(java.net.http.HttpRequest.newBuilder(sandbox.endpoint.resolve("/_sandbox/load-balancers")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        for (JsonNode balancer : JsonNodeParser.create().parse(report).field("loadBalancers").get().asArray()) {
            if (balancer.field("loadBalancerArn").get().asString().equals(arn)) {
                counted = Long.parseLong(balancer.field("requestCount").get().asNumber());
            }
        }
        assertThat(requests).as("RequestCount over CloudWatch is what the load balancer counted").isEqualTo(counted)
                .isGreaterThanOrEqualTo(13);
        assertThat(results.asArray().get(1).field("StatusCode").get().asString()).isEqualTo("Complete");
        assertThat(results.asArray().get(1).field("Values").get().asArray()).isNotEmpty()
                .allSatisfy(p99 -> assertThat(Double.parseDouble(p99.asNumber())).isPositive().isLessThan(5));
        assertThat(ok("cloudwatch", "list-metrics", "--namespace", "AWS/ApplicationELB", "--dimensions", dimension).out())
                .contains("RequestCount", "TargetResponseTime");
        refused("InvalidParameterValue", "MetricStat.Stat is not valid", "cloudwatch", "get-metric-data", "--metric-data-queries",
                "[" + metricQuery("bad", "RequestCount", "median", arn) + "]", "--start-time", "2026-01-01T00:00:00Z",
                "--end-time", "2026-01-01T01:00:00Z");
    }

    /** The quest stack's load balancer URL, once its service is stable. */
    private String servingAlbUrl() throws IOException, InterruptedException {
        ok("ecs", "wait", "services-stable", "--cluster", quest.cluster(), "--services", quest.service());
        return ok("cloudformation", "describe-stacks", "--stack-name", quest.stackName).json().field("Stacks").get().asArray()
                .get(0).field("Outputs").get().asArray().stream().filter(o -> o.field("OutputKey").get().asString().equals("AlbUrl"))
                .findFirst().orElseThrow().field("OutputValue").get().asString();
    }

    private static String metricQuery(String id, String metric, String stat, String loadBalancerArn) {
        return "{\"Id\":\"" + id + "\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"AWS/ApplicationELB\",\"MetricName\":\"" + metric
                + "\",\"Dimensions\":[{\"Name\":\"LoadBalancer\",\"Value\":\""
                + loadBalancerArn.substring(loadBalancerArn.indexOf(":loadbalancer/") + 14) + "\"}]},\"Period\":60,\"Stat\":\"" + stat
                + "\"}}";
    }

    @Test
    void changeSetsNameTheirCauseAndDriftShowsOnTheStack() throws Exception {
        createStack("causes", Path.of("src/test/resources/cloudformation/parameters-stack.yaml"),
                "ParameterKey=EnvironmentName,ParameterValue=causes", "ParameterKey=ImageTag,ParameterValue=v1");
        ok("cloudformation", "create-change-set", "--stack-name", "causes", "--change-set-name", "tag", "--use-previous-template",
                "--parameters", "ParameterKey=EnvironmentName,UsePreviousValue=true", "ParameterKey=ImageTag,ParameterValue=v2");
        ok("cloudformation", "wait", "change-set-create-complete", "--stack-name", "causes", "--change-set-name", "tag");
        List<String> causes = new ArrayList<>();
        ok("cloudformation", "describe-change-set", "--stack-name", "causes", "--change-set-name", "tag").json().field("Changes").get()
                .asArray().forEach(change -> change.field("ResourceChange").get().field("Details").get().asArray().forEach(detail ->
                        causes.add(change.field("ResourceChange").get().field("LogicalResourceId").get().asString() + " "
                                + detail.field("ChangeSource").get().asString() + " "
                                + detail.field("CausingEntity").map(JsonNode::asString).orElse("-"))));
        assertThat(causes).contains("ImageUri ParameterReference ImageTag");

        assertThat(ok("cloudformation", "describe-stacks", "--stack-name", "causes").json().field("Stacks").get().asArray().get(0)
                .field("DriftInformation").get().field("StackDriftStatus").get().asString()).isEqualTo("NOT_CHECKED");
        ok("cloudformation", "detect-stack-drift", "--stack-name", "causes");
        assertThat(ok("cloudformation", "describe-stacks", "--stack-name", "causes").json().field("Stacks").get().asArray().get(0)
                .field("DriftInformation").get().field("StackDriftStatus").get().asString()).isEqualTo("IN_SYNC");
    }

    @Test
    void validateTemplateRefusesAResourceTypeItDoesNotKnow() throws Exception {
        Path template = work.resolve("unknown.yaml");
        Files.writeString(template, "Resources:\n  Thing:\n    Type: AWS::Made::Up\n");
        refused("ValidationError", "Unrecognized resource types: [AWS::Made::Up]", "cloudformation", "validate-template",
                "--template-body", "file://" + template);
        refused("ValidationError", "Unrecognized resource types: [AWS::Made::Up]", "cloudformation", "get-template-summary",
                "--template-body", "file://" + template);
    }

    @Test
    void tasksOfAServiceAreInItsGroupAndAMissingServiceIsNamedByItsArn() throws Exception {
        ok("ecs", "wait", "services-stable", "--cluster", quest.cluster(), "--services", quest.service());
        String task = ok("ecs", "list-tasks", "--cluster", quest.cluster(), "--service-name", quest.service()).json().field("taskArns").get()
                .asArray().get(0).asString();
        JsonNode described = ok("ecs", "describe-tasks", "--cluster", quest.cluster(), "--tasks", task).json().field("tasks").get()
                .asArray().get(0);
        assertThat(described.field("group").get().asString()).isEqualTo("service:" + quest.service());
        assertThat(described.field("healthStatus").get().asString()).as("its container has a health check").isEqualTo("HEALTHY");
        JsonNode failure = ok("ecs", "describe-services", "--cluster", quest.cluster(), "--services", "nope").json().field("failures").get()
                .asArray().get(0);
        assertThat(failure.field("arn").get().asString()).isEqualTo("arn:aws:ecs:eu-west-1:000000000000:service/cli-quest_ecs/nope");
        assertThat(failure.field("reason").get().asString()).isEqualTo("MISSING");
    }

    @Test
    void ssmFiltersParametersTakesAdvancedValuesAndNeverEchoesARefusedOne() throws Exception {
        ok("ssm", "put-parameter", "--name", "/cli/plain", "--type", "String", "--value", "x");
        List<String> names = new ArrayList<>();
        ok("ssm", "describe-parameters", "--parameter-filters", "Key=Type,Values=SecureString").json().field("Parameters").get().asArray()
                .forEach(parameter -> names.add(parameter.field("Name").get().asString()));
        assertThat(names).contains(quest.secretWordParameter()).doesNotContain("/cli/plain");

        String large = "s3cr3t-".repeat(1000);
        assertThat(ok("ssm", "put-parameter", "--name", "/cli/large", "--type", "SecureString", "--tier", "Advanced", "--value", large)
                .json().field("Tier").get().asString()).isEqualTo("Advanced");
        Run refused = cli("ssm", "put-parameter", "--name", "/cli/refused", "--type", "SecureString", "--value", large);
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("ValidationException").doesNotContain("s3cr3t");
    }

    @Test
    void everyLogEventHasItsOwnId() throws Exception {
        ok("ecs", "wait", "services-stable", "--cluster", quest.cluster(), "--services", quest.service());
        List<String> ids = new ArrayList<>();
        ok("logs", "filter-log-events", "--log-group-name", "cli-quest_task_logs", "--max-items", "50").json().field("events").get()
                .asArray().forEach(event -> ids.add(event.field("eventId").get().asString()));
        assertThat(ids).isNotEmpty().doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).hasSize(56).matches(".*[1-9].*"));
    }

    /**
     * create-stack, then describe-stacks until it completes: the CLI's own stack-create-complete waiter
     * (under `deploy` too) polls every 30 s, which `deploy` of the quest stack already shows once.
     */
    private void createStack(String name, Path template, String... parameters) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("cloudformation", "create-stack", "--stack-name", name, "--template-body",
                "file://" + template.toAbsolutePath(), "--parameters"));
        arguments.addAll(List.of(parameters));
        ok(arguments.toArray(String[]::new));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> ok("cloudformation", "describe-stacks", "--stack-name", name).json().field("Stacks").get().asArray().get(0)
                        .field("StackStatus").get().asString(), status -> !status.endsWith("_IN_PROGRESS"));
        assertThat(ok("cloudformation", "describe-stacks", "--stack-name", name).json().field("Stacks").get().asArray().get(0)
                .field("StackStatus").get().asString()).isEqualTo("CREATE_COMPLETE");
    }

    private static List<String> names(JsonNode listing) {
        List<String> names = new ArrayList<>();
        listing.field("StackSummaries").get().asArray().forEach(summary -> names.add(summary.field("StackName").get().asString()));
        return names;
    }

    private Run ok(String... arguments) throws IOException, InterruptedException {
        Run run = cli(arguments);
        assertThat(run.exit()).as("aws " + String.join(" ", arguments) + "\n" + run.err() + run.out()).isZero();
        return run;
    }

    private void refused(String code, String message, String... arguments) throws IOException, InterruptedException {
        Run run = cli(arguments);
        assertThat(run.exit()).as("aws " + String.join(" ", arguments) + " refused").isNotZero();
        assertThat(run.err()).contains("(" + code + ")").contains(message);
    }

    private Run cli(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CLI.toString(), "--endpoint-url", sandbox.endpoint.toString(), "--output", "json"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_"));
        environment.putAll(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "AWS_DEFAULT_REGION", "eu-west-1",
                "AWS_PAGER", "", "AWS_CONFIG_FILE", work.resolve("no-config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", work.resolve("no-credentials").toString()));
        Path out = Files.createTempFile(work, "aws", ".out");
        Path err = Files.createTempFile(work, "aws", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("aws " + String.join(" ", arguments) + " did not finish within 300 s");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
