package com.questportal.portal.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/** Each kind of AWS failure in the words an operator acts on; the missing-credentials and unreachable cases from a real SDK client. */
class AwsFailureTests {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "AccessDeniedException, DENIED, Access denied for ecs:ListClusters",
            "AccessDenied, DENIED, Access denied for ecs:ListClusters",
            "UnauthorizedOperation, DENIED, Access denied for ecs:ListClusters",
            "ExpiredToken, EXPIRED, The credentials have expired (ExpiredToken)",
            "ExpiredTokenException, EXPIRED, The credentials have expired (ExpiredTokenException)",
            "InvalidClientTokenId, BAD_CREDENTIALS, AWS does not recognise the credentials (InvalidClientTokenId",
            "UnrecognizedClientException, BAD_CREDENTIALS, AWS does not recognise the credentials",
            "ThrottlingException, THROTTLED, AWS throttled ecs:ListClusters even after retries",
            "ClusterNotFoundException, OTHER, ecs:ListClusters failed: ClusterNotFoundException: AWS said so"})
    void serviceErrorsByTheirCode(String code, AwsFailure.Kind kind, String message) {
        AwsServiceException error = AwsServiceException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("AWS said so").build()).build();

        AwsFailure failure = AwsFailure.of(error, "ecs:ListClusters");

        assertThat(failure.kind()).isEqualTo(kind);
        assertThat(failure.message()).startsWith(message);
    }

    @Test
    void noCredentialsAnywhereIsSaidSo() {
        AwsCredentialsProvider none = AwsCredentialsProviderChain.of(ProfileCredentialsProvider.create("quest-portal-no-such-profile"));
        try (StsClient sts = StsClient.builder().region(Region.EU_WEST_1).credentialsProvider(none)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            SdkException thrown = catchThrowableOfType(SdkException.class, sts::getCallerIdentity);

            AwsFailure failure = AwsFailure.of(thrown, "sts:GetCallerIdentity");

            assertThat(failure.kind()).isEqualTo(AwsFailure.Kind.NO_CREDENTIALS);
            assertThat(failure.message()).startsWith("The portal has no AWS credentials");
        }
    }

    @Test
    void anEndpointNobodyListensOnIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (StsClient sts = StsClient.builder().region(Region.EU_WEST_1).endpointOverride(URI.create("http://127.0.0.1:" + closedPort))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(config -> config.retryStrategy(RetryMode.STANDARD))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            SdkException thrown = catchThrowableOfType(SdkException.class, sts::getCallerIdentity);

            AwsFailure failure = AwsFailure.of(thrown, "sts:GetCallerIdentity");

            assertThat(failure.kind()).isEqualTo(AwsFailure.Kind.UNREACHABLE);
            assertThat(failure.message()).startsWith("The AWS endpoint for sts:GetCallerIdentity could not be reached (ConnectException");
        }
    }
}
