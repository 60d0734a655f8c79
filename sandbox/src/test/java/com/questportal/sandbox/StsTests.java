package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** STS through the real SDK: the query protocol, XML responses and errors, and sessions that then sign. */
class StsTests {

    static final String ROLE = "arn:aws:iam::111122223333:role/quest-portal-deployer";

    @TempDir
    Path dataDir;
    SandboxFixture fixture;
    StsClient sts;

    @BeforeEach
    void start() {
        fixture = SandboxFixture.start(dataDir);
        sts = fixture.sts(SandboxFixture.ROOT);
    }

    @AfterEach
    void stop() {
        sts.close();
        fixture.close();
    }

    @Test
    void callerIdentityOfTheConfiguredKeyIsTheSandboxAccountRoot() {
        GetCallerIdentityResponse identity = sts.getCallerIdentity();

        assertThat(identity.account()).isEqualTo("000000000000");
        assertThat(identity.arn()).isEqualTo("arn:aws:iam::000000000000:root");
        assertThat(identity.userId()).isEqualTo("000000000000");
    }

    @Test
    void assumedRoleCredentialsSignRequestsAsTheRoleInItsAccount() {
        AssumeRoleResponse assumed = sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("portal").durationSeconds(900));

        assertThat(assumed.credentials().accessKeyId()).startsWith("ASIA").hasSize(20);
        assertThat(assumed.credentials().expiration()).isAfter(Instant.now().plusSeconds(800));
        assertThat(assumed.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::111122223333:assumed-role/quest-portal-deployer/portal");

        var session = StaticCredentialsProvider.create(AwsSessionCredentials.create(assumed.credentials().accessKeyId(),
                assumed.credentials().secretAccessKey(), assumed.credentials().sessionToken()));
        try (StsClient asRole = fixture.sts(session)) {
            GetCallerIdentityResponse identity = asRole.getCallerIdentity();
            assertThat(identity.account()).isEqualTo("111122223333");
            assertThat(identity.arn()).isEqualTo(assumed.assumedRoleUser().arn());
            assertThat(identity.userId()).isEqualTo(assumed.assumedRoleUser().assumedRoleId());
        }
    }

    @Test
    void theSdksAssumeRoleCredentialsProviderWorksAgainstTheSandbox() {
        try (StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(r -> r.roleArn(ROLE).roleSessionName("provider")).build();
             StsClient asRole = fixture.sts(provider)) {
            assertThat(asRole.getCallerIdentity().arn()).endsWith(":assumed-role/quest-portal-deployer/provider");
        }
    }

    @Test
    void aSessionKeyWithoutItsTokenIsRefused() {
        AssumeRoleResponse assumed = sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("portal"));
        var keyWithoutToken = StaticCredentialsProvider.create(software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                assumed.credentials().accessKeyId(), assumed.credentials().secretAccessKey()));

        try (StsClient asRole = fixture.sts(keyWithoutToken)) {
            assertThatExceptionOfType(StsException.class).isThrownBy(asRole::getCallerIdentity)
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"))
                    .satisfies(e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void assumeRoleValidatesAsAwsDoes() {
        assertThatExceptionOfType(StsException.class)
                .isThrownBy(() -> sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("has spaces").durationSeconds(60)))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"))
                .satisfies(e -> assertThat(e.statusCode()).isEqualTo(400))
                .withMessageContaining("2 validation errors detected")
                .withMessageContaining("at 'roleSessionName' failed to satisfy constraint")
                .withMessageContaining("Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
    }

    @Test
    void aRoleArnThatDoesNotParseIsRefused() {
        assertThatExceptionOfType(StsException.class)
                .isThrownBy(() -> sts.assumeRole(r -> r.roleArn("arn:aws:s3:::not-a-role-at-all").roleSessionName("portal")))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
    }
}
