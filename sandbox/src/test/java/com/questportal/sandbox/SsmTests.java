package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.SsmException;

/** SSM Parameter Store through the real SDK: the JSON 1.1 protocol, typed errors, paginators, state at rest. */
class SsmTests {

    private static final String SECRET_NAME = "/quest/dev/secret_word";
    private static final String SECRET = "TwelveFactor-do-not-leak";

    @TempDir
    Path dataDir;
    SandboxFixture fixture;
    SsmClient ssm;

    @BeforeEach
    void start() {
        fixture = SandboxFixture.start(dataDir);
        ssm = fixture.ssm();
    }

    @AfterEach
    void stop() {
        ssm.close();
        fixture.close();
    }

    @Test
    void putThenGetAString() {
        long version = ssm.putParameter(r -> r.name("/quest/dev/image_tag").value("v1.2.3").type(ParameterType.STRING)).version();

        Parameter parameter = ssm.getParameter(r -> r.name("/quest/dev/image_tag")).parameter();
        assertThat(version).isEqualTo(1);
        assertThat(parameter.value()).isEqualTo("v1.2.3");
        assertThat(parameter.type()).isEqualTo(ParameterType.STRING);
        assertThat(parameter.arn()).isEqualTo("arn:aws:ssm:eu-west-1:000000000000:parameter/quest/dev/image_tag");
        assertThat(parameter.lastModifiedDate()).isNotNull();
    }

    @Test
    void overwritingBumpsTheVersionAndRefusesWithoutOverwrite() {
        ssm.putParameter(r -> r.name("tag").value("a").type(ParameterType.STRING));

        assertThatExceptionOfType(ParameterAlreadyExistsException.class)
                .isThrownBy(() -> ssm.putParameter(r -> r.name("tag").value("b").type(ParameterType.STRING)));
        assertThat(ssm.putParameter(r -> r.name("tag").value("c").overwrite(true)).version()).isEqualTo(2);
        assertThat(ssm.getParameter(r -> r.name("tag")).parameter().value()).isEqualTo("c");
    }

    @Test
    void secureStringIsSealedUnlessDecryptionIsAskedFor() {
        ssm.putParameter(r -> r.name(SECRET_NAME).value(SECRET).type(ParameterType.SECURE_STRING));

        assertThat(ssm.getParameter(r -> r.name(SECRET_NAME)).parameter().value()).isNotEqualTo(SECRET).isNotBlank();
        assertThat(ssm.getParameter(r -> r.name(SECRET_NAME).withDecryption(true)).parameter().value()).isEqualTo(SECRET);
    }

    @Test
    void secureStringNeverReachesTheDiskInPlainText() throws IOException {
        ssm.putParameter(r -> r.name(SECRET_NAME).value(SECRET).type(ParameterType.SECURE_STRING));

        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(file.toString()).doesNotContain(SECRET);
            }
        }
    }

    @Test
    void parametersSurviveARestartOnTheSameDataDirectory() {
        ssm.putParameter(r -> r.name(SECRET_NAME).value(SECRET).type(ParameterType.SECURE_STRING));
        ssm.close();
        fixture.close();

        fixture = SandboxFixture.start(dataDir);
        ssm = fixture.ssm();

        assertThat(ssm.getParameter(r -> r.name(SECRET_NAME).withDecryption(true)).parameter().value()).isEqualTo(SECRET);
    }

    @Test
    void getParametersNamesTheMissingOnes() {
        ssm.putParameter(r -> r.name("a").value("1").type(ParameterType.STRING));

        GetParametersResponse response = ssm.getParameters(r -> r.names("a", "missing"));

        assertThat(response.parameters()).extracting(Parameter::name).containsExactly("a");
        assertThat(response.invalidParameters()).containsExactly("missing");
    }

    @Test
    void deleteRemovesAndAMissingParameterIsParameterNotFound() {
        ssm.putParameter(r -> r.name("gone").value("1").type(ParameterType.STRING));
        ssm.deleteParameter(r -> r.name("gone"));

        assertThatExceptionOfType(ParameterNotFoundException.class).isThrownBy(() -> ssm.getParameter(r -> r.name("gone")))
                .withMessageContaining("Parameter gone not found.");
        assertThatExceptionOfType(ParameterNotFoundException.class).isThrownBy(() -> ssm.deleteParameter(r -> r.name("gone")));
    }

    @Test
    void describeParametersPagesThroughTheSdkPaginator() {
        IntStream.rangeClosed(1, 25).forEach(i ->
                ssm.putParameter(r -> r.name(String.format("/p/%02d", i)).value("v").type(ParameterType.STRING)));

        List<String> names = ssm.describeParametersPaginator(r -> r.maxResults(10)).stream()
                .flatMap(page -> page.parameters().stream())
                .map(ParameterMetadata::name).collect(Collectors.toList());
        long pages = ssm.describeParametersPaginator(r -> r.maxResults(10)).stream().count();

        assertThat(names).hasSize(25).first().isEqualTo("/p/01");
        assertThat(pages).isEqualTo(3);
    }

    @Nested
    class BadInput {

        @Test
        void pageSizeOverTheLimit() {
            assertThatExceptionOfType(SsmException.class).isThrownBy(() -> ssm.describeParameters(r -> r.maxResults(51)))
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"))
                    .withMessageContaining("Value '51' at 'maxResults' failed to satisfy constraint");
        }

        @Test
        void aReservedPrefixIsRefusedAndNothingIsStored() {
            assertThatExceptionOfType(SsmException.class)
                    .isThrownBy(() -> ssm.putParameter(r -> r.name("/aws/reserved").value("x").type(ParameterType.STRING)))
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
            assertThat(ssm.describeParameters().parameters()).isEmpty();
        }

        @Test
        void anUnknownTypeIsRefused() {
            assertThatExceptionOfType(SsmException.class)
                    .isThrownBy(() -> ssm.putParameter(r -> r.name("x").value("x").type("Secret")))
                    .withMessageContaining("Member must satisfy enum value set: [String, StringList, SecureString]");
        }

        @Test
        void aNewParameterNeedsAType() {
            assertThatExceptionOfType(SsmException.class).isThrownBy(() -> ssm.putParameter(r -> r.name("x").value("x")))
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        }

        @Test
        void anOversizedValue() {
            assertThatExceptionOfType(SsmException.class)
                    .isThrownBy(() -> ssm.putParameter(r -> r.name("x").value("v".repeat(4097)).type(ParameterType.STRING)))
                    .withMessageContaining("Standard tier parameters support a maximum parameter value of 4096 characters")
                    .withMessageNotContaining("vvvv");
        }

        @Test
        void aForeignPaginationToken() {
            assertThatExceptionOfType(SsmException.class).isThrownBy(() -> ssm.describeParameters(r -> r.nextToken("forged")))
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidNextToken"));
        }
    }
}
