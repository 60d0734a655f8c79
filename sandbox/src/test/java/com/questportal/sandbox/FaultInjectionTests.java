package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.questportal.sandbox.faults.FaultRule;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.SsmException;

/** Injected latency, throttling and unavailability, as the real SDK sees them: its error codes, its retries. */
class FaultInjectionTests {

    @TempDir
    Path dataDir;
    SandboxFixture fixture;
    final AtomicInteger attempts = new AtomicInteger();

    @BeforeEach
    void start() {
        fixture = SandboxFixture.start(dataDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** One try per call, and a count of the HTTP requests the SDK sends. */
    private ClientOverrideConfiguration.Builder once(ClientOverrideConfiguration.Builder config) {
        return counted(config).retryStrategy(AwsRetryStrategy.doNotRetry());
    }

    private ClientOverrideConfiguration.Builder counted(ClientOverrideConfiguration.Builder config) {
        return config.addExecutionInterceptor(new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                attempts.incrementAndGet();
            }
        });
    }

    private void inject(String rule) {
        fixture.sandbox.faults().add(FaultRule.parse(null, rule));
    }

    @Test
    void throttlingReachesTheSdkAsEachProtocolsThrottlingError() {
        inject("ecs.DescribeClusters=throttle");
        inject("cloudformation.DescribeStacks=throttle");
        inject("ec2.DescribeVpcs=throttle");
        try (EcsClient ecs = EcsClient.builder().endpointOverride(fixture.sandbox.endpoint()).region(SandboxFixture.REGION)
                .credentialsProvider(SandboxFixture.ROOT).httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> once(c)).build();
             CloudFormationClient cloudFormation = CloudFormationClient.builder().endpointOverride(fixture.sandbox.endpoint())
                .region(SandboxFixture.REGION).credentialsProvider(SandboxFixture.ROOT).httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> once(c)).build();
             Ec2Client ec2 = Ec2Client.builder().endpointOverride(fixture.sandbox.endpoint()).region(SandboxFixture.REGION)
                .credentialsProvider(SandboxFixture.ROOT).httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> once(c)).build()) {

            assertThatExceptionOfType(EcsException.class).isThrownBy(() -> ecs.describeClusters(r -> r.clusters("default")))
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException"))
                    .satisfies(e -> assertThat(e.isThrottlingException()).isTrue())
                    .satisfies(e -> assertThat(e.statusCode()).isEqualTo(400));
            assertThatExceptionOfType(CloudFormationException.class).isThrownBy(cloudFormation::describeStacks)
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling"))
                    .satisfies(e -> assertThat(e.isThrottlingException()).isTrue());
            assertThatExceptionOfType(Ec2Exception.class).isThrownBy(ec2::describeVpcs)
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded"))
                    .satisfies(e -> assertThat(e.isThrottlingException()).isTrue());
            assertThat(ecs.listClusters().clusterArns()).as("other operations are not throttled").isEmpty();
        }
    }

    @Test
    void theSdksOwnRetriesRideOutAFewThrottledCalls() {
        inject("ecs.ListClusters=throttle,count:2");
        try (EcsClient ecs = EcsClient.builder().endpointOverride(fixture.sandbox.endpoint()).region(SandboxFixture.REGION)
                .credentialsProvider(SandboxFixture.ROOT).httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> counted(c)).build()) {

            assertThat(ecs.listClusters().clusterArns()).isEmpty();
            assertThat(attempts).as("two throttled attempts, then one that passes").hasValue(3);
            assertThat(fixture.sandbox.faults().list()).as("a rule of N calls is gone once spent").isEmpty();
        }
    }

    @Test
    void unavailabilityIsA503() {
        inject("ssm=unavailable");
        try (SsmClient ssm = SsmClient.builder().endpointOverride(fixture.sandbox.endpoint()).region(SandboxFixture.REGION)
                .credentialsProvider(SandboxFixture.ROOT).httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> once(c)).build()) {

            assertThatExceptionOfType(SsmException.class).isThrownBy(() -> ssm.getParameter(r -> r.name("/any")))
                    .satisfies(e -> assertThat(e.statusCode()).isEqualTo(503))
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailableException"));
        }
    }

    @Test
    void aDeniedOperationIsRefusedAsIamRefusesItAndOthersStillPass() {
        inject("ecs.ListClusters=denied");
        inject("cloudformation.DescribeStacks=denied");
        try (EcsClient ecs = EcsClient.builder().endpointOverride(fixture.sandbox.endpoint()).region(SandboxFixture.REGION)
                .credentialsProvider(SandboxFixture.ROOT).httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> counted(c)).build();
             CloudFormationClient cloudFormation = fixture.cloudFormation()) {

            assertThatExceptionOfType(EcsException.class).isThrownBy(ecs::listClusters)
                    .satisfies(e -> assertThat(e.statusCode()).isEqualTo(403))
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"))
                    .withMessageContaining("not authorized to perform: ecs:ListClusters");
            assertThat(attempts).as("a refusal is not retried").hasValue(1);
            assertThat(ecs.listTaskDefinitions().taskDefinitionArns()).as("another operation of the same service").isEmpty();
            assertThatExceptionOfType(CloudFormationException.class).isThrownBy(cloudFormation::describeStacks)
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
        }
    }

    @Test
    void latencyDelaysOnlyTheChosenOperation() {
        try (CloudWatchLogsClient logs = fixture.logs()) {
            logs.describeLogGroups();
            inject("logs.DescribeLogGroups=latency:400");

            long slow = timed(logs::describeLogGroups);
            long other = timed(() -> logs.describeLogStreams(r -> r.logGroupName("missing").limit(1)), true);

            assertThat(slow).isGreaterThanOrEqualTo(400);
            assertThat(other).isLessThan(400);
        }
    }

    @Test
    void theAdminApiAddsListsAndRemovesFaultsAndRefusesBadOnes() throws Exception {
        URI faults = fixture.sandbox.endpoint().resolve("/_sandbox/faults");
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> added = http.send(HttpRequest.newBuilder(faults).POST(HttpRequest.BodyPublishers.ofString(
                "{\"service\":\"ecs\",\"operation\":\"DescribeServices\",\"effect\":\"throttle\",\"rate\":0.5}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> listed = http.send(HttpRequest.newBuilder(faults).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(faults).POST(HttpRequest.BodyPublishers.ofString(
                "{\"service\":\"ecs\",\"effect\":\"explode\"}")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> notJson = http.send(HttpRequest.newBuilder(faults).POST(HttpRequest.BodyPublishers.ofString("throttle ecs"))
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> cleared = http.send(HttpRequest.newBuilder(faults).DELETE().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(added.body()).contains("\"effect\":\"throttle\"", "\"rate\":0.5", "\"id\":\"");
        assertThat(listed.body()).contains("\"operation\":\"DescribeServices\"");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("a fault's effect is throttle, unavailable, denied or none, not explode");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(cleared.body()).isEqualTo("{\"faults\":[]}");
        assertThat(fixture.sandbox.faults().list()).isEmpty();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(faults + "/kill-task")).POST(HttpRequest.BodyPublishers.ofString(
                "{\"taskId\":\"no-such-task\"}")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .contains("no running task has that id");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(faults + "/unhealthy-target")).POST(HttpRequest.BodyPublishers.ofString(
                "{\"ip\":\"127.0.0.9\",\"port\":3000}")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    @Test
    void theCommandLineFormIsCheckedBeforeTheSandboxStarts() {
        FaultRule rule = FaultRule.parse("cli-1", "cloudformation.DescribeStackEvents=throttle,rate:0.25,latency:50");

        assertThat(rule.service()).isEqualTo("cloudformation");
        assertThat(rule.operation()).isEqualTo("DescribeStackEvents");
        assertThat(rule.rate()).isEqualTo(0.25);
        assertThat(rule.latencyMillis()).isEqualTo(50);
        assertThat(FaultRule.parse("cli-2", "ecs=latency:10").operation()).isEqualTo("*");
        assertThatIllegalArgumentException().isThrownBy(() -> FaultRule.parse("x", "ecs")).withMessageContaining("<service>");
        assertThatIllegalArgumentException().isThrownBy(() -> FaultRule.parse("x", "ecs=throttle,rate:2"))
                .withMessageContaining("rate is above 0 and at most 1");
        assertThatIllegalArgumentException().isThrownBy(() -> FaultRule.parse("x", "ecs=latency:soon"))
                .withMessageContaining("needs a number");
        assertThatIllegalArgumentException().isThrownBy(() -> FaultRule.parse("x", "ecs=count:2"))
                .withMessageContaining("needs an effect, a latency or both");
    }

    private static long timed(Runnable call) {
        return timed(call, false);
    }

    private static long timed(Runnable call, boolean failureExpected) {
        long start = System.nanoTime();
        try {
            call.run();
        } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
            if (!failureExpected) {
                throw e;
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
