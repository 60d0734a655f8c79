package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.waiters.CloudFormationWaiter;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.waiters.EcsWaiter;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** The whole, real quest template in the sandbox: created, reached through its load balancer, rolled out, rolled back, deleted. */
class QuestStackIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dataDir;
    SandboxFixture fixture;
    CloudFormationClient cloudFormation;
    EcsClient ecs;
    String template;

    @BeforeEach
    void start() throws IOException {
        Path jar = Path.of(System.getProperty("quest.jar", "../quest-app/target/quest-app.jar")).toAbsolutePath().normalize();
        Path options = Path.of(System.getProperty("quest.jvm.options", "../quest-app/jvm.options")).toAbsolutePath().normalize();
        assertThat(jar).as("the quest-app jar: ./mvnw -pl sandbox -am verify builds it first").exists();
        fixture = SandboxFixture.start(dataDir);
        cloudFormation = fixture.cloudFormation();
        ecs = fixture.ecs();
        template = Files.readString(Path.of("..", "infra-templates", "quest-environment.yaml"));
        try (EcrClient ecr = fixture.ecr(); SsmClient ssm = fixture.ssm()) {
            ecr.createRepository(r -> r.repositoryName("quest"));
            for (String tag : List.of("v1", "v2", "unhealthy")) {
                String flag = tag.equals("unhealthy") ? ",\"com.questportal.sandbox.env.QUEST_FAIL_HEALTH_CHECK\":\"true\"" : "";
                ecr.putImage(r -> r.repositoryName("quest").imageTag(tag).imageManifest("{\"schemaVersion\":2,\"layers\":[],"
                        + "\"annotations\":{\"com.questportal.sandbox.jar\":\"" + jar + "\",\"com.questportal.sandbox.java-options\":\"@"
                        + options + "\",\"com.questportal.sandbox.env.BUILD\":\"" + tag + "\"" + flag + "}}"));
            }
            ssm.putParameter(r -> r.name("/quest/dev/secret_word").value("TwelveFactor").type(ParameterType.SECURE_STRING));
        }
    }

    @AfterEach
    void stop() {
        cloudFormation.close();
        ecs.close();
        fixture.close();
    }

    @Test
    void createRedeployAnImageTagAndDelete() throws Exception {
        plan("create", ChangeSetType.CREATE, parameter("EnvironmentName", "dev"), parameter("ImageTag", "v1"),
                parameter("SecretWordParameterName", "/quest/dev/secret_word"), parameter("DeregistrationDelaySeconds", "0"));
        cloudFormation.executeChangeSet(r -> r.stackName("quest-dev").changeSetName("create"));
        SandboxFixture.waiter(cloudFormation).waitUntilStackCreateComplete(r -> r.stackName("quest-dev"));

        waiter().waitUntilServicesStable(r -> r.cluster("dev-quest_ecs").services("dev-quest_service"));
        Service service = service();
        assertThat(service.runningCount()).isEqualTo(2);
        assertThat(service.deployments()).singleElement().satisfies(d -> assertThat(d.rolloutStateAsString()).isEqualTo("COMPLETED"));
        assertThat(service.events()).extracting(e -> e.message())
                .anySatisfy(message -> assertThat(message).isEqualTo("(service dev-quest_service) has reached a steady state."))
                .anySatisfy(message -> assertThat(message).startsWith("(service dev-quest_service) registered 1 targets in (target-group"));
        try (ElasticLoadBalancingV2Client elb = fixture.elbv2()) {
            String targetGroup = service.loadBalancers().get(0).targetGroupArn();
            assertThat(elb.describeTargetHealth(r -> r.targetGroupArn(targetGroup)).targetHealthDescriptions())
                    .hasSize(2).allSatisfy(target -> assertThat(target.targetHealth().stateAsString()).isEqualTo("healthy"));
        }
        List<String> firstAddresses = addresses();
        for (String ip : firstAddresses) {
            assertThat(get("http://" + ip + ":3000/secret_word")).contains("\"passed\":true");
            assertThat(get("http://" + ip + ":3000/version")).contains("\"imageTag\":\"v1\"");
        }

        var redeploy = plan("v2", ChangeSetType.UPDATE, previous("EnvironmentName"), previous("SecretWordParameterName"),
                previous("DeregistrationDelaySeconds"), parameter("ImageTag", "v2"));
        assertThat(redeploy.changes()).extracting(c -> c.resourceChange().actionAsString() + " " + c.resourceChange().logicalResourceId()
                        + " replacement=" + c.resourceChange().replacementAsString())
                .containsExactly("Modify QuestTaskDefinition replacement=True", "Modify QuestService replacement=False");
        cloudFormation.executeChangeSet(r -> r.stackName("quest-dev").changeSetName("v2"));
        SandboxFixture.waiter(cloudFormation).waitUntilStackUpdateComplete(r -> r.stackName("quest-dev"));

        Service redeployed = service();
        assertThat(redeployed.taskDefinition()).endsWith("task-definition/dev-quest_task:2");
        assertThat(redeployed.deployments()).singleElement().satisfies(d -> assertThat(d.rolloutStateAsString()).isEqualTo("COMPLETED"));
        List<String> secondAddresses = addresses();
        assertThat(secondAddresses).hasSize(2);
        for (String ip : secondAddresses) {
            assertThat(get("http://" + ip + ":3000/version")).contains("\"imageTag\":\"v2\"");
        }
        for (String ip : firstAddresses) {
            if (!secondAddresses.contains(ip)) {
                assertThat(listening(ip)).as("old task at " + ip + " stopped").isFalse();
            }
        }

        String stackId = cloudFormation.describeStacks(r -> r.stackName("quest-dev")).stacks().get(0).stackId();
        cloudFormation.deleteStack(r -> r.stackName("quest-dev"));
        SandboxFixture.waiter(cloudFormation).waitUntilStackDeleteComplete(r -> r.stackName(stackId));
        assertThat(cloudFormation.describeStacks(r -> r.stackName(stackId)).stacks().get(0).stackStatus()).isEqualTo(StackStatus.DELETE_COMPLETE);
        for (String ip : secondAddresses) {
            assertThat(listening(ip)).as("task at " + ip + " stopped with its stack").isFalse();
        }
    }

    @Test
    void theQuestPassesItsChecksThroughTheLoadBalancerOverHttpAndHttps() throws Exception {
        deploy(parameter("ImageTag", "v1"), parameter("DesiredCount", "2"),
                parameter("CertificateArn", "arn:aws:acm:eu-west-1:000000000000:certificate/sandbox-localhost"));
        String url = output("AlbUrl");
        String dnsName = output("AlbDnsName");
        HttpClient https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trustingTheSandboxCertificate())
                .connectTimeout(Duration.ofSeconds(2)).build();

        assertThat(url).isEqualTo("https://" + dnsName + "/").startsWith("https://127.0.0.1:");
        for (String route : List.of("", "docker", "aws", "loadbalanced", "tls", "secret_word", "health", "version")) {
            HttpResponse<String> response = https.send(HttpRequest.newBuilder(URI.create(url + route)).header("Accept", "application/json")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("/" + route + " through the HTTPS listener").isEqualTo(200);
            if (List.of("docker", "loadbalanced", "tls", "secret_word").contains(route)) {
                assertThat(response.body()).as("/" + route).contains("\"passed\":true");
            }
        }
        HttpResponse<String> redirected = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + dnsName + "/tls?from=http")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(redirected.statusCode()).isEqualTo(301);
        assertThat(redirected.headers().firstValue("Location")).hasValue("https://" + dnsName + "/tls?from=http");

        try (CloudWatchLogsClient logs = fixture.logs()) {
            List<FilteredLogEvent> lines = awaitLogLines(logs, output("LogGroupName"), "{ $.path = \"/tls\" && $.status = 200 }");
            assertThat(lines).allSatisfy(line -> {
                assertThat(line.logStreamName()).startsWith("quest/quest/");
                assertThat(line.message()).contains("\"forwardedFor\":\"127.0.0.1\"");
            });
        }
        String report = get(fixture.sandbox.endpoint().resolve("/_sandbox/load-balancers").toString());
        assertThat(report).contains("\"dnsName\":\"" + dnsName + "\"");
        assertThat(java.util.regex.Pattern.compile("\"requestCount\":[1-9]").matcher(report).results().count())
                .as("the load balancer and both targets carried requests: " + report).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aRollingDeploymentOfThreeTasksNeverAnswers5xxAndDrainsTheOldTasks() throws Exception {
        deploy(parameter("ImageTag", "v1"), parameter("DesiredCount", "3"), parameter("DeregistrationDelaySeconds", "2"));
        String url = output("AlbUrl");
        String targetGroup = output("TargetGroupArn");
        List<String> answers = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.Set<String> targetStates = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicBoolean polling = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread client = new Thread(() -> {
            while (polling.get()) {
                try {
                    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "version")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    answers.add(response.statusCode() + " " + response.body());
                } catch (IOException e) {
                    answers.add("connection failed: " + e);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        client.start();
        try (ElasticLoadBalancingV2Client elb = fixture.elbv2()) {
            cloudFormation.updateStack(r -> r.stackName("quest-dev").usePreviousTemplate(true).capabilities(Capability.CAPABILITY_NAMED_IAM)
                    .parameters(previous("EnvironmentName"), previous("SecretWordParameterName"), previous("DesiredCount"),
                            previous("DeregistrationDelaySeconds"), parameter("ImageTag", "v2")));
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!"UPDATE_COMPLETE".equals(cloudFormation.describeStacks(r -> r.stackName("quest-dev")).stacks().get(0).stackStatusAsString())) {
                assertThat(System.nanoTime()).as("the rollout finished within 3 minutes").isLessThan(deadline);
                elb.describeTargetHealth(r -> r.targetGroupArn(targetGroup)).targetHealthDescriptions()
                        .forEach(target -> targetStates.add(target.targetHealth().stateAsString()));
                Thread.sleep(100);
            }
        } finally {
            polling.set(false);
            client.join(5_000);
        }

        Service service = service();
        assertThat(answers).as("answers during the rollout").hasSizeGreaterThan(50)
                .allSatisfy(answer -> assertThat(answer).startsWith("200 "));
        assertThat(answers).anySatisfy(answer -> assertThat(answer).contains("\"imageTag\":\"v1\""))
                .anySatisfy(answer -> assertThat(answer).contains("\"imageTag\":\"v2\""));
        assertThat(answers.get(answers.size() - 1)).contains("\"imageTag\":\"v2\"");
        assertThat(targetStates).as("target states seen during the rollout").contains("draining", "healthy");
        assertThat(service.deployments()).singleElement().satisfies(d -> assertThat(d.rolloutStateAsString()).isEqualTo("COMPLETED"));
        assertThat(service.runningCount()).isEqualTo(3);
    }

    @Test
    void aTagWhoseTasksFailTheirHealthCheckTripsTheCircuitBreakerAndTheServiceRollsBack() throws Exception {
        deploy(parameter("ImageTag", "v1"), parameter("DesiredCount", "1"), parameter("DeregistrationDelaySeconds", "0"));
        String url = output("AlbUrl");

        cloudFormation.updateStack(r -> r.stackName("quest-dev").usePreviousTemplate(true).capabilities(Capability.CAPABILITY_NAMED_IAM)
                .parameters(previous("EnvironmentName"), previous("SecretWordParameterName"), previous("DesiredCount"),
                        previous("DeregistrationDelaySeconds"), parameter("ImageTag", "unhealthy")));
        CloudFormationWaiter.builder().client(cloudFormation).overrideConfiguration(WaiterOverrideConfiguration.builder()
                .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(250))).maxAttempts(720).build()).build()
                .waitUntilStackRollbackComplete(r -> r.stackName("quest-dev"));
        waiter().waitUntilServicesStable(r -> r.cluster("dev-quest_ecs").services("dev-quest_service"));

        Service service = service();
        assertThat(service.taskDefinition()).endsWith("task-definition/dev-quest_task:1");
        assertThat(service.deployments()).singleElement().satisfies(d -> assertThat(d.rolloutStateAsString()).isEqualTo("COMPLETED"));
        assertThat(service.events()).extracting(e -> e.message())
                .anySatisfy(message -> assertThat(message).startsWith("(service dev-quest_service) (port 3000) is unhealthy in (target-group")
                        .endsWith("due to (reason Health checks failed with these codes: [503])."))
                .anySatisfy(message -> assertThat(message).endsWith("deployment failed: tasks failed to start."))
                .anySatisfy(message -> assertThat(message).startsWith("(service dev-quest_service) rolling back to deployment ecs-svc/"));
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(url + "version")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .contains("\"imageTag\":\"v1\"");
    }

    @Test
    void aStackWhoseServiceNeverStartsRollsBackAndCanThenBeDeleted() throws InterruptedException {
        cloudFormation.createStack(r -> r.stackName("quest-dev").templateBody(template).capabilities(Capability.CAPABILITY_NAMED_IAM)
                .parameters(parameter("EnvironmentName", "dev"), parameter("SecretWordParameterName", "/quest/dev/secret_word"),
                        parameter("ImageTag", "no-such-tag"), parameter("DesiredCount", "1")));
        // The SDK's StackRollbackComplete waiter waits for UPDATE_ROLLBACK_COMPLETE; a failed creation ends ROLLBACK_COMPLETE.
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!"ROLLBACK_COMPLETE".equals(cloudFormation.describeStacks(r -> r.stackName("quest-dev")).stacks().get(0).stackStatusAsString())) {
            assertThat(System.nanoTime()).as("ROLLBACK_COMPLETE within 3 minutes").isLessThan(deadline);
            Thread.sleep(250);
        }
        assertThat(cloudFormation.describeStackEvents(r -> r.stackName("quest-dev")).stackEvents())
                .anySatisfy(event -> assertThat(event.logicalResourceId() + " " + event.resourceStatusAsString() + " "
                        + event.resourceStatusReason()).startsWith("QuestService CREATE_FAILED Resource handler returned message"));
        assertThat(cloudFormation.describeStackEvents(r -> r.stackName("quest-dev")).stackEvents())
                .as("the failed service was removed, so the rollback could delete its cluster")
                .anySatisfy(event -> assertThat(event.logicalResourceId() + " " + event.resourceStatusAsString())
                        .isEqualTo("QuestCluster DELETE_COMPLETE"));

        String stackId = cloudFormation.describeStacks(r -> r.stackName("quest-dev")).stacks().get(0).stackId();
        cloudFormation.deleteStack(r -> r.stackName("quest-dev"));
        SandboxFixture.waiter(cloudFormation).waitUntilStackDeleteComplete(r -> r.stackName("quest-dev"));
        List<String> sinceTheDelete = new ArrayList<>();
        for (var event : cloudFormation.describeStackEvents(r -> r.stackName(stackId)).stackEvents()) {
            if (event.logicalResourceId().equals("quest-dev") && "User Initiated".equals(event.resourceStatusReason())) {
                break;
            }
            sinceTheDelete.add(event.logicalResourceId() + " " + event.resourceStatusAsString());
        }
        assertThat(sinceTheDelete).as("the delete had nothing left to delete").containsExactly("quest-dev DELETE_COMPLETE");
    }

    private void deploy(Parameter... parameters) {
        List<Parameter> all = new ArrayList<>(List.of(parameter("EnvironmentName", "dev"),
                parameter("SecretWordParameterName", "/quest/dev/secret_word"), parameter("HealthCheckGracePeriodSeconds", "0")));
        all.addAll(List.of(parameters));
        cloudFormation.createStack(r -> r.stackName("quest-dev").templateBody(template).capabilities(Capability.CAPABILITY_NAMED_IAM)
                .parameters(all));
        SandboxFixture.waiter(cloudFormation).waitUntilStackCreateComplete(r -> r.stackName("quest-dev"));
        waiter().waitUntilServicesStable(r -> r.cluster("dev-quest_ecs").services("dev-quest_service"));
    }

    private String output(String key) {
        return cloudFormation.describeStacks(r -> r.stackName("quest-dev")).stacks().get(0).outputs().stream()
                .filter(output -> output.outputKey().equals(key)).findFirst().orElseThrow().outputValue();
    }

    /** Trusts exactly the certificate the sandbox's HTTPS listeners present, as its admin path hands it out. */
    private javax.net.ssl.SSLContext trustingTheSandboxCertificate() throws Exception {
        HttpResponse<byte[]> pem = HTTP.send(HttpRequest.newBuilder(URI.create(fixture.sandbox.endpoint() + "/_sandbox/listener-certificate"))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pem.statusCode()).isEqualTo(200);
        java.security.cert.Certificate certificate = java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(pem.body()));
        java.security.KeyStore trusted = java.security.KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("sandbox", certificate);
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static List<FilteredLogEvent> awaitLogLines(CloudWatchLogsClient logs, String group, String pattern) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<FilteredLogEvent> lines = List.of();
        while (lines.isEmpty() && System.nanoTime() < deadline) {
            lines = logs.filterLogEvents(r -> r.logGroupName(group).filterPattern(pattern)).events();
            Thread.sleep(100);
        }
        assertThat(lines).as("log lines matching " + pattern + " in " + group).isNotEmpty();
        return lines;
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}={1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "VpcCidr | 10.0.0.0/33 | Parameter VpcCidr failed to satisfy constraint: an IPv4 CIDR block from /16 to /24",
            "AllowedClientCidr | everyone | Parameter AllowedClientCidr failed to satisfy constraint",
            "TaskMemory | 4096 | TaskCpu and TaskMemory must be a combination Fargate runs",
            "DesiredCount | 51 | Parameter 'DesiredCount' must be a number not greater than 50",
            "DesiredCount | -1 | Parameter 'DesiredCount' must be a number not less than 0",
    })
    void theTemplatesConstraintsRefuseBadValuesBeforeAnythingIsMade(String parameter, String value, String message) {
        org.assertj.core.api.Assertions.assertThatExceptionOfType(software.amazon.awssdk.services.cloudformation.model.CloudFormationException.class)
                .isThrownBy(() -> cloudFormation.createStack(r -> r.stackName("quest-dev").templateBody(template)
                        .capabilities(Capability.CAPABILITY_NAMED_IAM).parameters(parameter("EnvironmentName", "dev"),
                                parameter("ImageTag", "v1"), parameter("SecretWordParameterName", "/quest/dev/secret_word"),
                                parameter(parameter, value))))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"))
                .withMessageContaining(message);
        assertThat(cloudFormation.describeStacks().stacks()).isEmpty();
    }

    private software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse plan(String name, ChangeSetType type,
                                                                                                Parameter... parameters) {
        cloudFormation.createChangeSet(r -> r.stackName("quest-dev").changeSetName(name).changeSetType(type)
                .templateBody(type == ChangeSetType.CREATE ? template : null).usePreviousTemplate(type == ChangeSetType.UPDATE ? true : null)
                .capabilities(Capability.CAPABILITY_NAMED_IAM).parameters(parameters));
        return cloudFormation.describeChangeSet(r -> r.stackName("quest-dev").changeSetName(name));
    }

    private Service service() {
        return ecs.describeServices(r -> r.cluster("dev-quest_ecs").services("dev-quest_service")).services().get(0);
    }

    private List<String> addresses() {
        List<String> arns = ecs.listTasks(r -> r.cluster("dev-quest_ecs").serviceName("dev-quest_service")).taskArns();
        List<String> addresses = new ArrayList<>();
        for (Task task : ecs.describeTasks(r -> r.cluster("dev-quest_ecs").tasks(arns)).tasks()) {
            if ("RUNNING".equals(task.lastStatus())) {
                addresses.add(task.containers().get(0).networkInterfaces().get(0).privateIpv4Address());
            }
        }
        return addresses;
    }

    private EcsWaiter waiter() {
        return EcsWaiter.builder().client(ecs).overrideConfiguration(WaiterOverrideConfiguration.builder()
                .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(200))).maxAttempts(300).build()).build();
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static boolean listening(String ip) {
        try (Socket socket = new Socket(ip, 3000)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static Parameter parameter(String key, String value) {
        return Parameter.builder().parameterKey(key).parameterValue(value).build();
    }

    private static Parameter previous(String key) {
        return Parameter.builder().parameterKey(key).usePreviousValue(true).build();
    }
}
