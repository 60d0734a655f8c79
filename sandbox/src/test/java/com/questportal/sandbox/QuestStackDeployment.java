package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.waiters.EcsWaiter;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** The real quest template deployed in a sandbox through a change set, with the built quest-app as its image, and the checks made on it. */
final class QuestStackDeployment {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String environment;
    final String stackName;

    QuestStackDeployment(String environment) {
        this.environment = environment;
        this.stackName = "quest-" + environment;
    }

    /** Publishes the image, sets the secret word, creates the stack, waits for its service to be stable; returns the load balancer's URL. */
    String deployIn(StandaloneSandbox sandbox) throws IOException {
        try (EcrClient ecr = sandbox.ecr(); SsmClient ssm = sandbox.ssm(); CloudFormationClient cloudFormation = sandbox.cloudFormation();
             EcsClient ecs = sandbox.ecs()) {
            prepare(ecr, ssm);
            create(cloudFormation);
            awaitStable(ecs);
            return output(cloudFormation, "AlbUrl");
        }
    }

    /** Publishes quest-app as quest:v1 and sets the environment's secret word. */
    void prepare(EcrClient ecr, SsmClient ssm) {
        Path jar = Path.of(System.getProperty("quest.jar", "../quest-app/target/quest-app.jar")).toAbsolutePath().normalize();
        Path options = Path.of(System.getProperty("quest.jvm.options", "../quest-app/jvm.options")).toAbsolutePath().normalize();
        assertThat(jar).as("the quest-app jar: ./mvnw -pl sandbox -am verify builds it first").exists();
        ecr.createRepository(r -> r.repositoryName("quest"));
        ecr.putImage(r -> r.repositoryName("quest").imageTag("v1").imageManifest("{\"schemaVersion\":2,\"layers\":[],"
                + "\"annotations\":{\"com.questportal.sandbox.jar\":\"" + jar + "\",\"com.questportal.sandbox.java-options\":\"@"
                + options + "\"}}"));
        ssm.putParameter(r -> r.name(secretWordParameter()).value("TwelveFactor").type(ParameterType.SECURE_STRING));
    }

    /** Creates the stack through a change set, with the template's defaults but for {@code more}, and waits for CREATE_COMPLETE. */
    void create(CloudFormationClient cloudFormation, Parameter... more) throws IOException {
        String template = Files.readString(Path.of("..", "infra-templates", "quest-environment.yaml"));
        List<Parameter> parameters = new java.util.ArrayList<>(List.of(parameter("EnvironmentName", environment),
                parameter("ImageTag", "v1"), parameter("SecretWordParameterName", secretWordParameter()),
                parameter("DeregistrationDelaySeconds", "0")));
        parameters.addAll(List.of(more));
        cloudFormation.createChangeSet(r -> r.stackName(stackName).changeSetName("create").changeSetType(ChangeSetType.CREATE)
                .templateBody(template).capabilities(Capability.CAPABILITY_NAMED_IAM).parameters(parameters));
        SandboxFixture.waiter(cloudFormation).waitUntilChangeSetCreateComplete(r -> r.stackName(stackName).changeSetName("create"));
        cloudFormation.executeChangeSet(r -> r.stackName(stackName).changeSetName("create"));
        SandboxFixture.waiter(cloudFormation).waitUntilStackCreateComplete(r -> r.stackName(stackName));
    }

    /** Publishes a second tag of quest-app, quest:v2. */
    void publishV2(EcrClient ecr) {
        String v1 = ecr.batchGetImage(r -> r.repositoryName("quest").imageIds(i -> i.imageTag("v1"))).images().get(0).imageManifest();
        ecr.putImage(r -> r.repositoryName("quest").imageTag("v2").imageManifest(v1.replace("\"layers\":[]", "\"layers\":[],\"v\":2")));
    }

    /** Starts an update of the stack that changes only the image tag; returns without waiting for it. */
    void startRedeploy(CloudFormationClient cloudFormation, String tag) {
        List<Parameter> parameters = cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks().get(0).parameters().stream()
                .map(p -> p.parameterKey().equals("ImageTag") ? parameter("ImageTag", tag)
                        : Parameter.builder().parameterKey(p.parameterKey()).usePreviousValue(true).build()).toList();
        cloudFormation.createChangeSet(r -> r.stackName(stackName).changeSetName("to-" + tag).changeSetType(ChangeSetType.UPDATE)
                .usePreviousTemplate(true).capabilities(Capability.CAPABILITY_NAMED_IAM).parameters(parameters));
        SandboxFixture.waiter(cloudFormation).waitUntilChangeSetCreateComplete(r -> r.stackName(stackName).changeSetName("to-" + tag));
        cloudFormation.executeChangeSet(r -> r.stackName(stackName).changeSetName("to-" + tag));
    }

    /** An update change set that keeps the template and every parameter as they are. */
    DescribeChangeSetResponse planNothing(CloudFormationClient cloudFormation, String name) {
        List<Parameter> same = cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks().get(0).parameters().stream()
                .map(p -> Parameter.builder().parameterKey(p.parameterKey()).usePreviousValue(true).build()).toList();
        cloudFormation.createChangeSet(r -> r.stackName(stackName).changeSetName(name).changeSetType(ChangeSetType.UPDATE)
                .usePreviousTemplate(true).capabilities(Capability.CAPABILITY_NAMED_IAM).parameters(same));
        return cloudFormation.describeChangeSet(r -> r.stackName(stackName).changeSetName(name));
    }

    String output(CloudFormationClient cloudFormation, String key) {
        return cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks().get(0).outputs().stream()
                .filter(o -> o.outputKey().equals(key)).findFirst().orElseThrow().outputValue();
    }

    String cluster() {
        return environment + "-quest_ecs";
    }

    String service() {
        return environment + "-quest_service";
    }

    String secretWordParameter() {
        return "/quest/" + environment + "/secret_word";
    }

    /** Waits for the service to be stable, as `aws ecs wait services-stable` does. */
    void awaitStable(EcsClient ecs) {
        EcsWaiter.builder().client(ecs).overrideConfiguration(WaiterOverrideConfiguration.builder()
                        .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(200))).maxAttempts(450).build()).build()
                .waitUntilServicesStable(r -> r.cluster(cluster()).services(service()));
    }

    /** GETs a path through the load balancer, retrying until it answers 200 or 60 s pass; returns the last answer. */
    static HttpResponse<String> awaitOk(String url) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json")
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (last.statusCode() == 200) {
                    return last;
                }
            } catch (IOException notYet) {
                last = null;
            }
            Thread.sleep(200);
        }
        assertThat(last).as("an answer from " + url).isNotNull();
        assertThat(last.statusCode()).as(url + " answered " + last.body()).isEqualTo(200);
        return last;
    }

    static Parameter parameter(String key, String value) {
        return Parameter.builder().parameterKey(key).parameterValue(value).build();
    }
}
