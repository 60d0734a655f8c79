package com.questportal.portal.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.questportal.sandbox.Sandbox;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;

/** Publishes the built quest-app into the sandbox's ECR under a tag, as CI would push an image. */
public final class QuestImages {

    private QuestImages() {
    }

    public static void publish(Sandbox sandbox, String region, String tag) {
        publish(sandbox.endpoint(), region, tag);
    }

    /** An image whose every task exits at start, so that a deploy of it trips the circuit breaker and rolls back. */
    public static void publishCrashingAtStart(Sandbox sandbox, String region, String tag) {
        publish(sandbox.endpoint(), region, tag, ",\"com.questportal.sandbox.env.QUEST_CRASH_AT_START\":\"true\"");
    }

    /** An image whose tasks start but answer the load balancer's health check with 503, so that a deploy of it rolls back. */
    public static void publishFailingHealthChecks(Sandbox sandbox, String region, String tag) {
        publish(sandbox.endpoint(), region, tag, ",\"com.questportal.sandbox.env.QUEST_FAIL_HEALTH_CHECK\":\"true\"");
    }

    public static void publish(java.net.URI endpoint, String region, String tag) {
        publish(endpoint, region, tag, "");
    }

    private static void publish(java.net.URI endpoint, String region, String tag, String moreAnnotations) {
        Path jar = Path.of(System.getProperty("quest.jar", "../quest-app/target/quest-app.jar")).toAbsolutePath().normalize();
        Path options = Path.of(System.getProperty("quest.jvm.options", "../quest-app/jvm.options")).toAbsolutePath().normalize();
        assertThat(jar).as("the quest-app jar: ./mvnw -pl portal -am verify builds it first").exists();
        try (EcrClient ecr = EcrClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            try {
                ecr.createRepository(r -> r.repositoryName("quest"));
            } catch (RepositoryAlreadyExistsException exists) {
                // Published before: the tag is added to it.
            }
            if (ecr.listImages(r -> r.repositoryName("quest")).imageIds().stream().anyMatch(id -> tag.equals(id.imageTag()))) {
                return;
            }
            ecr.putImage(r -> r.repositoryName("quest").imageTag(tag).imageManifest("{\"schemaVersion\":2,\"layers\":[],"
                    + "\"annotations\":{\"com.questportal.sandbox.jar\":\"" + jar + "\",\"com.questportal.sandbox.java-options\":\"@"
                    + options + "\",\"com.questportal.sandbox.env.BUILD\":\"" + tag + "\"" + moreAnnotations + "}}"));
        }
    }
}
