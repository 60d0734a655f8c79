package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/** The endpoint itself: signatures, routing and the AWS error shapes of both protocols. */
class WireTests {

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/x-amz-json-1.1");
    private static final Map<String, String> FORM = Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");

    @TempDir
    Path dataDir;
    SandboxFixture fixture;

    @BeforeEach
    void start() {
        fixture = SandboxFixture.start(dataDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void anUnknownAccessKeyGetsEachProtocolsOwnError() {
        var stranger = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIASTRANGER", "whatever"));
        try (StsClient sts = fixture.sts(stranger); SsmClient ssm = fixture.ssm(stranger)) {
            assertThatExceptionOfType(StsException.class).isThrownBy(sts::getCallerIdentity)
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
            assertThatExceptionOfType(SsmException.class).isThrownBy(ssm::describeParameters)
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
        }
    }

    @Test
    void aWrongSecretDoesNotMatchTheSignature() {
        var wrongSecret = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "not-the-secret"));
        try (StsClient sts = fixture.sts(wrongSecret); SsmClient ssm = fixture.ssm(wrongSecret)) {
            assertThatExceptionOfType(StsException.class).isThrownBy(sts::getCallerIdentity)
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch"));
            assertThatExceptionOfType(SsmException.class).isThrownBy(ssm::describeParameters)
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException"));
        }
    }

    @Test
    void anUnsignedRequestIsMissingItsToken() throws Exception {
        HttpResponse<String> query = fixture.post(Map.of("Content-Type", List.of(FORM.get("Content-Type"))),
                "Action=GetCallerIdentity&Version=2011-06-15");
        HttpResponse<String> json = fixture.post(Map.of("Content-Type", List.of(JSON.get("Content-Type")),
                "X-Amz-Target", List.of("AmazonSSM.DescribeParameters")), "{}");

        assertThat(query.statusCode()).isEqualTo(403);
        assertThat(query.body()).contains("<Code>MissingAuthenticationToken</Code>", "<Type>Sender</Type>", "<RequestId>");
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(json.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
        assertThat(json.body()).isEqualTo("{\"__type\":\"MissingAuthenticationTokenException\",\"message\":\"Missing Authentication Token\"}");
    }

    @Test
    void aTamperedBodyNoLongerMatchesItsSignature() throws Exception {
        HttpResponse<String> honest = fixture.signedPost("ssm", Map.of("Content-Type", JSON.get("Content-Type"),
                "X-Amz-Target", "AmazonSSM.DescribeParameters"), "{}", "test", "test");
        assertThat(honest.statusCode()).isEqualTo(200);

        var headers = new java.util.HashMap<>(honest.request().headers().map());
        HttpResponse<String> tampered = fixture.post(headers, "{\"MaxResults\":5}");

        assertThat(tampered.statusCode()).isEqualTo(400);
        assertThat(tampered.body()).contains("InvalidSignatureException");
    }

    @Test
    void anUnknownTargetAndAnUnknownAction() throws Exception {
        HttpResponse<String> target = fixture.signedPost("ssm", Map.of("Content-Type", JSON.get("Content-Type"),
                "X-Amz-Target", "AmazonSSM.LaunchRockets"), "{}", "test", "test");
        HttpResponse<String> action = fixture.signedPost("sts", FORM, "Action=LaunchRockets&Version=2011-06-15", "test", "test");

        assertThat(target.statusCode()).isEqualTo(400);
        assertThat(target.body()).contains("\"__type\":\"UnknownOperationException\"");
        assertThat(action.statusCode()).isEqualTo(400);
        assertThat(action.body()).contains("<Code>InvalidAction</Code>",
                "Could not find operation LaunchRockets for version 2011-06-15");
    }

    @Test
    void malformedJsonAndUnknownMembersAreSerializationErrors() throws Exception {
        HttpResponse<String> broken = fixture.signedPost("ssm", Map.of("Content-Type", JSON.get("Content-Type"),
                "X-Amz-Target", "AmazonSSM.GetParameter"), "{\"Name\":", "test", "test");
        HttpResponse<String> unknown = fixture.signedPost("ssm", Map.of("Content-Type", JSON.get("Content-Type"),
                "X-Amz-Target", "AmazonSSM.GetParameter"), "{\"Name\":\"x\",\"Colour\":\"red\"}", "test", "test");

        assertThat(broken.body()).contains("\"__type\":\"SerializationException\"");
        assertThat(unknown.body()).contains("SerializationException", "Unknown member 'Colour'");
    }

    @Test
    void anOversizedBodyIsRefusedBeforeAnythingElse() {
        try (SsmClient ssm = fixture.ssm()) {
            String huge = "x".repeat(fixture.sandbox.config().maxBodyBytes() + 1);
            assertThatExceptionOfType(SsmException.class)
                    .isThrownBy(() -> ssm.putParameter(r -> r.name("big").value(huge).type(ParameterType.STRING)))
                    .satisfies(e -> assertThat(e.statusCode()).isEqualTo(413))
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestEntityTooLarge"));
            assertThat(ssm.describeParameters().parameters()).isEmpty();
        }
    }

    @Test
    void everyAnswerCarriesARequestId() throws Exception {
        HttpResponse<String> answer = fixture.signedPost("sts", FORM, "Action=GetCallerIdentity&Version=2011-06-15", "test", "test");

        assertThat(answer.headers().firstValue("x-amzn-RequestId")).hasValueSatisfying(id -> assertThat(answer.body())
                .contains("<RequestId>" + id + "</RequestId>"));
    }
}
