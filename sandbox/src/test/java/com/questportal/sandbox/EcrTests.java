package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageTagAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotEmptyException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/** ECR through the real SDK, and the real quest-repository.yaml deployed through a change set. */
class EcrTests {

    @TempDir
    Path dataDir;
    SandboxFixture fixture;
    EcrClient ecr;

    @BeforeEach
    void start() {
        fixture = SandboxFixture.start(dataDir);
        ecr = fixture.ecr();
    }

    @AfterEach
    void stop() {
        ecr.close();
        fixture.close();
    }

    static String manifest(String layerDigest, long size) {
        return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"size\":1200,\"digest\":\"sha256:c0\"},\"layers\":[{\"size\":" + size + ",\"digest\":\"" + layerDigest + "\"}]}";
    }

    @Test
    void theQuestRepositoryTemplateDeploysAndTheRepositoryOutlivesItsStack() throws IOException {
        String body = Files.readString(Path.of("..", "infra-templates", "quest-repository.yaml"));
        try (CloudFormationClient cloudFormation = fixture.cloudFormation()) {
            cloudFormation.createChangeSet(r -> r.stackName("quest-repository").changeSetName("create").changeSetType(ChangeSetType.CREATE)
                    .templateBody(body));
            cloudFormation.executeChangeSet(r -> r.stackName("quest-repository").changeSetName("create"));
            SandboxFixture.waiter(cloudFormation).waitUntilStackCreateComplete(r -> r.stackName("quest-repository"));

            assertThat(cloudFormation.describeStacks(r -> r.stackName("quest-repository")).stacks().get(0).outputs())
                    .anySatisfy(output -> assertThat(output.outputValue()).isEqualTo("000000000000.dkr.ecr.eu-west-1.amazonaws.com/quest"));
            Repository quest = ecr.describeRepositories(r -> r.repositoryNames("quest")).repositories().get(0);
            assertThat(quest.imageTagMutability()).isEqualTo(ImageTagMutability.IMMUTABLE);
            assertThat(quest.imageScanningConfiguration().scanOnPush()).isTrue();
            ecr.putImage(r -> r.repositoryName("quest").imageTag("v1").imageManifest(manifest("sha256:aa", 50_000_000)));

            String stackId = cloudFormation.describeStacks(r -> r.stackName("quest-repository")).stacks().get(0).stackId();
            cloudFormation.deleteStack(r -> r.stackName("quest-repository"));
            SandboxFixture.waiter(cloudFormation).waitUntilStackDeleteComplete(r -> r.stackName(stackId));
        }
        assertThat(ecr.describeImages(r -> r.repositoryName("quest")).imageDetails()).singleElement()
                .satisfies(image -> assertThat(image.imageTags()).containsExactly("v1"));
    }

    @Test
    void pushedImagesCarryDigestSizeAndPushTime() {
        ecr.createRepository(r -> r.repositoryName("quest"));
        Instant before = Instant.now().minusSeconds(1);
        String digest = ecr.putImage(r -> r.repositoryName("quest").imageTag("v1").imageManifest(manifest("sha256:aa", 50_000_000)))
                .image().imageId().imageDigest();

        ImageDetail detail = ecr.describeImages(r -> r.repositoryName("quest").imageIds(ImageIdentifier.builder().imageTag("v1").build()))
                .imageDetails().get(0);

        assertThat(digest).matches("sha256:[0-9a-f]{64}");
        assertThat(detail.imageDigest()).isEqualTo(digest);
        assertThat(detail.imageSizeInBytes()).isEqualTo(50_001_200L);
        assertThat(detail.imagePushedAt()).isAfter(before);
    }

    @Test
    void anImmutableRepositoryRefusesToMoveATagAndAMutableOneMovesIt() {
        ecr.createRepository(r -> r.repositoryName("frozen").imageTagMutability(ImageTagMutability.IMMUTABLE));
        ecr.createRepository(r -> r.repositoryName("fluid"));
        ecr.putImage(r -> r.repositoryName("frozen").imageTag("latest").imageManifest(manifest("sha256:aa", 1)));
        ecr.putImage(r -> r.repositoryName("fluid").imageTag("latest").imageManifest(manifest("sha256:aa", 1)));

        assertThatExceptionOfType(ImageTagAlreadyExistsException.class).isThrownBy(() -> ecr.putImage(r -> r.repositoryName("frozen")
                .imageTag("latest").imageManifest(manifest("sha256:bb", 2))));
        ecr.putImage(r -> r.repositoryName("fluid").imageTag("latest").imageManifest(manifest("sha256:bb", 2)));

        List<ImageDetail> fluid = ecr.describeImages(r -> r.repositoryName("fluid")).imageDetails();
        assertThat(fluid).hasSize(2).filteredOn(image -> image.imageTags().contains("latest")).singleElement()
                .satisfies(image -> assertThat(image.imageSizeInBytes()).isEqualTo(1202L));
    }

    @Test
    void listImagesPagesAndBatchDeleteReportsWhatItCouldNotFind() {
        ecr.createRepository(r -> r.repositoryName("quest"));
        IntStream.range(0, 30).forEach(i ->
                ecr.putImage(r -> r.repositoryName("quest").imageTag("v" + i).imageManifest(manifest("sha256:" + i, i + 1))));

        List<ImageIdentifier> ids = new ArrayList<>();
        ecr.listImagesPaginator(r -> r.repositoryName("quest").maxResults(7)).imageIds().forEach(ids::add);
        var deleted = ecr.batchDeleteImage(r -> r.repositoryName("quest").imageIds(
                ImageIdentifier.builder().imageTag("v1").build(), ImageIdentifier.builder().imageTag("v999").build()));

        assertThat(ids).hasSize(30);
        assertThat(deleted.imageIds()).extracting(ImageIdentifier::imageTag).containsExactly("v1");
        assertThat(deleted.failures()).singleElement().satisfies(failure -> assertThat(failure.failureCodeAsString()).isEqualTo("ImageNotFound"));
        assertThat(ecr.describeImages(r -> r.repositoryName("quest")).imageDetails()).hasSize(29);
    }

    @Test
    void aBuiltJarIsPublishedAsAnImageTagThroughTheAdminApi(@TempDir Path build) throws Exception {
        Path jar = Files.write(build.resolve("quest-app.jar"), new byte[4_096]);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI images = fixture.sandbox.endpoint().resolve("/_sandbox/images");
        String request = "{\"repository\":\"quest\",\"tag\":\"v7\",\"jar\":\"" + jar + "\",\"env\":{\"QUEST_FAIL_HEALTH_CHECK\":\"true\"}}";

        var published = http.send(java.net.http.HttpRequest.newBuilder(images).POST(java.net.http.HttpRequest.BodyPublishers.ofString(request))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        var again = http.send(java.net.http.HttpRequest.newBuilder(images).POST(java.net.http.HttpRequest.BodyPublishers.ofString(request))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        var noJar = http.send(java.net.http.HttpRequest.newBuilder(images).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"tag\":\"v8\",\"jar\":\"" + build.resolve("missing.jar") + "\"}")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        var noTag = http.send(java.net.http.HttpRequest.newBuilder(images).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"jar\":\"" + jar + "\"}")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(published.statusCode()).isEqualTo(201);
        assertThat(published.body()).contains("\"imageUri\":\"000000000000.dkr.ecr.eu-west-1.amazonaws.com/quest:v7\"",
                "\"repositoryCreated\":true");
        assertThat(again.statusCode()).as("the same jar under the same tag again changes nothing").isEqualTo(201);
        ImageDetail image = ecr.describeImages(r -> r.repositoryName("quest")).imageDetails().get(0);
        assertThat(image.imageTags()).containsExactly("v7");
        assertThat(image.imageSizeInBytes()).isEqualTo(4_096 + 2);
        assertThat(published.body()).contains(image.imageDigest());
        assertThat(noJar.statusCode()).isEqualTo(400);
        assertThat(noJar.body()).contains("There is no jar at", "build it first");
        assertThat(noTag.statusCode()).isEqualTo(400);
        assertThat(noTag.body()).contains("'tag' is required");
    }

    @Nested
    class BadInput {

        @Test
        void aRepositoryWithImagesIsNotDeletedUnlessForced() {
            ecr.createRepository(r -> r.repositoryName("quest"));
            ecr.putImage(r -> r.repositoryName("quest").imageTag("v1").imageManifest(manifest("sha256:aa", 1)));

            assertThatExceptionOfType(RepositoryNotEmptyException.class).isThrownBy(() -> ecr.deleteRepository(r -> r.repositoryName("quest")));
            ecr.deleteRepository(r -> r.repositoryName("quest").force(true));
            assertThatExceptionOfType(RepositoryNotFoundException.class).isThrownBy(() -> ecr.describeImages(r -> r.repositoryName("quest")));
        }

        @Test
        void anInvalidNameAMismatchedDigestAndAnOversizedPage() {
            assertThatExceptionOfType(EcrException.class).isThrownBy(() -> ecr.createRepository(r -> r.repositoryName("Quest_App")))
                    .withMessageContaining("Member must satisfy regular expression pattern");
            ecr.createRepository(r -> r.repositoryName("quest"));
            assertThatExceptionOfType(EcrException.class).isThrownBy(() -> ecr.putImage(r -> r.repositoryName("quest")
                            .imageManifest(manifest("sha256:aa", 1)).imageDigest("sha256:0000")))
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ImageDigestDoesNotMatchException"));
            assertThatExceptionOfType(EcrException.class).isThrownBy(() -> ecr.describeRepositories(r -> r.maxResults(1001)))
                    .withMessageContaining("Member must have value less than or equal to 1000");
            assertThat(ecr.describeImages(r -> r.repositoryName("quest")).imageDetails()).isEmpty();
        }
    }
}
