package com.questportal.portal.aws;

import com.questportal.portal.system.PortalProperties;
import com.questportal.sandbox.Sandbox;
import com.questportal.sandbox.SandboxConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsAsyncClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsAsyncClientBuilder;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The AWS SDK clients the portal calls an environment's AWS through: in sandbox mode pointed at the
 * in-process sandbox with its key, in AWS mode at the environment's region with the portal's own
 * credentials. When the environment names a role, calls go with that role's session, assumed
 * through STS and refreshed before it expires (in the sandbox too, whose STS issues real sessions).
 * One client per service, region and role, shared by every request: clients are thread-safe and
 * costly to make.
 */
@Component
public class AwsClients implements DisposableBean {

    /** Where an environment's calls go. */
    public record Target(String region, String roleArn) {
    }

    private record Key(Class<?> type, Target target) {
    }

    private final PortalProperties properties;
    private final ObjectProvider<Sandbox> sandbox;
    private final AwsRequestCounter requestCounter;
    private final AwsReachability reachability = new AwsReachability(java.time.Clock.systemUTC());
    private final Map<Key, SdkClient> clients = new ConcurrentHashMap<>();
    private final Map<Target, AwsCredentialsProvider> credentials = new ConcurrentHashMap<>();
    /** The STS clients that assume roles: their providers do not close them. */
    private final List<StsClient> roleSessions = new CopyOnWriteArrayList<>();

    AwsClients(PortalProperties properties, ObjectProvider<Sandbox> sandbox, MeterRegistry meters) {
        this.properties = properties;
        this.sandbox = sandbox;
        this.requestCounter = new AwsRequestCounter(meters);
    }

    /** Whether the endpoints the clients call answer. */
    public AwsReachability reachability() {
        return reachability;
    }

    public SsmClient ssm(Target target) {
        return client(SsmClient.class, target, SsmClient::builder);
    }

    public StsClient sts(Target target) {
        return client(StsClient.class, target, StsClient::builder);
    }

    public CloudFormationClient cloudFormation(Target target) {
        return client(CloudFormationClient.class, target, CloudFormationClient::builder);
    }

    public EcsClient ecs(Target target) {
        return client(EcsClient.class, target, EcsClient::builder);
    }

    public CloudWatchLogsClient logs(Target target) {
        return client(CloudWatchLogsClient.class, target, CloudWatchLogsClient::builder);
    }

    /**
     * The async CloudWatch Logs client, for StartLiveTail's event stream (the sync clients cannot read one), over Netty. The
     * stream lasts up to AWS's three hours, so it has no call timeout; the sandbox is reached by address, which cannot take
     * the operation's host prefix ("streaming-").
     */
    public CloudWatchLogsAsyncClient logsAsync(Target target) {
        return CloudWatchLogsAsyncClient.class.cast(clients.computeIfAbsent(new Key(CloudWatchLogsAsyncClient.class, target), key -> {
            CloudWatchLogsAsyncClientBuilder builder = aimed(CloudWatchLogsAsyncClient.builder(), target.region());
            return builder.credentialsProvider(credentials(target)).httpClientBuilder(NettyNioAsyncHttpClient.builder())
                    .overrideConfiguration(config -> config.addExecutionInterceptor(requestCounter).addExecutionInterceptor(reachability)
                            .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, "quest-portal")
                            .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, properties.mode().isSandbox()))
                    .build();
        }));
    }

    public ApplicationAutoScalingClient scaling(Target target) {
        return client(ApplicationAutoScalingClient.class, target, ApplicationAutoScalingClient::builder);
    }

    public CloudWatchClient cloudWatch(Target target) {
        return client(CloudWatchClient.class, target, CloudWatchClient::builder);
    }

    public EcrClient ecr(Target target) {
        return client(EcrClient.class, target, EcrClient::builder);
    }

    public ElasticLoadBalancingV2Client loadBalancing(Target target) {
        return client(ElasticLoadBalancingV2Client.class, target, ElasticLoadBalancingV2Client::builder);
    }

    private <C extends SdkClient, B extends AwsClientBuilder<B, C>> C client(Class<C> type, Target target, Supplier<B> builder) {
        return type.cast(clients.computeIfAbsent(new Key(type, target),
                key -> located(builder.get(), target.region()).credentialsProvider(credentials(target)).build()));
    }

    /** A builder aimed at the region, and at the sandbox in sandbox mode, with the portal's defaults. */
    private <B extends AwsClientBuilder<B, ?>> B located(B builder, String region) {
        return aimed(builder, region).overrideConfiguration(config -> portalDefaults(config).addExecutionInterceptor(requestCounter)
                .addExecutionInterceptor(reachability));
    }

    /** A builder aimed at the region, and at the sandbox in sandbox mode. */
    private <B extends AwsClientBuilder<B, ?>> B aimed(B builder, String region) {
        builder.region(Region.of(region));
        if (properties.mode().isSandbox()) {
            builder.endpointOverride(sandboxEndpoint());
        }
        return builder;
    }

    /**
     * What every client of the portal does the same way: the SDK's standard retries (exponential backoff
     * with jitter, throttling errors retried) with a few more attempts than its default, because a
     * throttled Describe call is the common failure of a busy account; bounded waits, so that a page never
     * hangs on AWS; and a user agent that names the portal in CloudTrail.
     */
    static ClientOverrideConfiguration.Builder portalDefaults(ClientOverrideConfiguration.Builder config) {
        return config.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(5).build())
                .apiCallAttemptTimeout(Duration.ofSeconds(10))
                .apiCallTimeout(Duration.ofSeconds(30))
                .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, "quest-portal");
    }

    private AwsCredentialsProvider credentials(Target target) {
        return credentials.computeIfAbsent(target, key -> {
            AwsCredentialsProvider portalOwn = portalOwnCredentials();
            if (key.roleArn() == null || key.roleArn().isBlank()) {
                return portalOwn;
            }
            StsClient sts = located(StsClient.builder(), key.region()).credentialsProvider(portalOwn).build();
            roleSessions.add(sts);
            return StsAssumeRoleCredentialsProvider.builder().stsClient(sts).asyncCredentialUpdateEnabled(false)
                    .refreshRequest(r -> r.roleArn(key.roleArn()).roleSessionName("quest-portal")).build();
        });
    }

    /** The sandbox the portal calls in sandbox mode: the one it runs in-process, or the one {@code portal.sandbox.endpoint} names. */
    java.net.URI sandboxEndpoint() {
        return properties.sandbox().endpoint() != null ? properties.sandbox().endpoint() : sandbox.getObject().endpoint();
    }

    private AwsCredentialsProvider portalOwnCredentials() {
        if (properties.mode().isSandbox() && properties.sandbox().endpoint() != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(SandboxConfig.DEFAULT_ACCESS_KEY_ID,
                    SandboxConfig.DEFAULT_SECRET_ACCESS_KEY));
        }
        if (properties.mode().isSandbox()) {
            var config = sandbox.getObject().config();
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public void destroy() {
        clients.values().forEach(SdkClient::close);
        credentials.values().forEach(provider -> {
            if (provider instanceof SdkAutoCloseable closeable) {
                closeable.close();
            }
        });
        roleSessions.forEach(StsClient::close);
    }
}
