package com.questportal.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.waiters.CloudFormationWaiter;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/** A sandbox on a free port in a temporary data directory, and real SDK clients pointed at it. */
final class SandboxFixture implements AutoCloseable {

    static final Region REGION = Region.EU_WEST_1;
    static final AwsCredentialsProvider ROOT = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    final Path dataDir;
    final Sandbox sandbox;

    private SandboxFixture(Path dataDir, Sandbox sandbox) {
        this.dataDir = dataDir;
        this.sandbox = sandbox;
    }

    static SandboxFixture start(Path dataDir) {
        return start(dataDir, java.time.Duration.ofMillis(20));
    }

    /** @param stepDelay how long each step of a stack operation or a task's lifecycle takes */
    static SandboxFixture start(Path dataDir, java.time.Duration stepDelay) {
        return start(SandboxConfig.defaults(dataDir).withPort(0).withStepDelay(stepDelay));
    }

    static SandboxFixture start(SandboxConfig config) {
        try {
            return new SandboxFixture(config.dataDir(), Sandbox.start(config));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    StsClient sts(AwsCredentialsProvider credentials) {
        return StsClient.builder().endpointOverride(sandbox.endpoint()).region(REGION).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    SsmClient ssm(AwsCredentialsProvider credentials) {
        return SsmClient.builder().endpointOverride(sandbox.endpoint()).region(REGION).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    CloudFormationClient cloudFormation() {
        return CloudFormationClient.builder().endpointOverride(sandbox.endpoint()).region(REGION).credentialsProvider(ROOT)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** The SDK's own CloudFormation waiters, polling every 100 ms instead of every 30 s. */
    static CloudFormationWaiter waiter(CloudFormationClient client) {
        return CloudFormationWaiter.builder().client(client).overrideConfiguration(WaiterOverrideConfiguration.builder()
                .backoffStrategy(FixedDelayBackoffStrategy.create(java.time.Duration.ofMillis(100))).maxAttempts(600).build()).build();
    }

    CloudWatchLogsClient logs() {
        return CloudWatchLogsClient.builder().endpointOverride(sandbox.endpoint()).region(REGION).credentialsProvider(ROOT)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** CloudWatch's SDK client, which speaks Smithy RPC v2 CBOR. */
    CloudWatchClient cloudWatch() {
        return CloudWatchClient.builder().endpointOverride(sandbox.endpoint()).region(REGION).credentialsProvider(ROOT)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    EcrClient ecr() {
        return EcrClient.builder().endpointOverride(sandbox.endpoint()).region(REGION).credentialsProvider(ROOT)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    ElasticLoadBalancingV2Client elbv2() {
        return ElasticLoadBalancingV2Client.builder().endpointOverride(sandbox.endpoint()).region(REGION).credentialsProvider(ROOT)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    Ec2Client ec2() {
        return Ec2Client.builder().endpointOverride(sandbox.endpoint()).region(REGION).credentialsProvider(ROOT)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    EcsClient ecs() {
        return EcsClient.builder().endpointOverride(sandbox.endpoint()).region(REGION).credentialsProvider(ROOT)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    SsmClient ssm() {
        return ssm(ROOT);
    }

    ApplicationAutoScalingClient scaling() {
        return ApplicationAutoScalingClient.builder().endpointOverride(sandbox.endpoint()).region(REGION).credentialsProvider(ROOT)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** Sends a POST signed by the SDK's own SigV4 signer, for the wire cases no SDK client would send. */
    HttpResponse<String> signedPost(String service, Map<String, String> headers, String body, String accessKey, String secretKey)
            throws IOException, InterruptedException {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(sandbox.endpoint().resolve("/"));
        headers.forEach(request::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create(accessKey, secretKey))
                .request(request.build())
                .payload(() -> new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))
                .putProperty(AwsV4HttpSigner.REGION_NAME, REGION.id())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service));
        return post(signed.request().headers(), body);
    }

    HttpResponse<String> post(Map<String, List<String>> headers, String body) throws IOException, InterruptedException {
        HttpRequest.Builder http = HttpRequest.newBuilder(sandbox.endpoint().resolve("/"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> http.header(name, value));
            }
        });
        return HttpClient.newHttpClient().send(http.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
