package com.questportal.portal.aws;

import com.questportal.portal.system.PortalProperties;
import com.questportal.sandbox.Sandbox;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The AWS SDK clients the portal calls an environment's AWS through: in sandbox mode pointed at the
 * in-process sandbox with its key, in AWS mode at the environment's region with the portal's own
 * credentials or, when the environment names a role, that role's session. One client per region and
 * role, shared by every request (clients are thread-safe and costly to make).
 */
@Component
public class AwsClients implements DisposableBean {

    /** Where an environment's calls go. */
    public record Target(String region, String roleArn) {
    }

    private final PortalProperties properties;
    private final ObjectProvider<Sandbox> sandbox;
    private final Map<Target, SsmClient> ssm = new ConcurrentHashMap<>();
    private final Map<Target, AwsCredentialsProvider> credentials = new ConcurrentHashMap<>();

    AwsClients(PortalProperties properties, ObjectProvider<Sandbox> sandbox) {
        this.properties = properties;
        this.sandbox = sandbox;
    }

    public SsmClient ssm(Target target) {
        return ssm.computeIfAbsent(target, key -> {
            var builder = SsmClient.builder().region(Region.of(key.region())).credentialsProvider(credentials(key))
                    .overrideConfiguration(AwsClients::portalDefaults);
            if (properties.mode().isSandbox()) {
                builder.endpointOverride(sandbox.getObject().endpoint());
            }
            return builder.build();
        });
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
            if (properties.mode().isSandbox()) {
                var config = sandbox.getObject().config();
                return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey()));
            }
            if (key.roleArn() == null) {
                return DefaultCredentialsProvider.builder().build();
            }
            StsClient sts = StsClient.builder().region(Region.of(key.region())).overrideConfiguration(AwsClients::portalDefaults).build();
            return StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                    .refreshRequest(r -> r.roleArn(key.roleArn()).roleSessionName("quest-portal")).build();
        });
    }

    @Override
    public void destroy() {
        ssm.values().forEach(SsmClient::close);
        credentials.values().forEach(provider -> {
            if (provider instanceof SdkAutoCloseable closeable) {
                closeable.close();
            }
        });
    }
}
