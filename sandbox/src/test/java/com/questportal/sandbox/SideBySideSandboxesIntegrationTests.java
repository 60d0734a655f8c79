package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;

/** Two sandboxes on one machine, each running the quest stack on the same container port, neither in the other's way. */
class SideBySideSandboxesIntegrationTests {

    @TempDir
    Path work;

    @Test
    void twoSandboxesDeployTheQuestStackAtOnceAndBothServe() throws Exception {
        try (StandaloneSandbox left = StandaloneSandbox.start(work.resolve("left"));
             StandaloneSandbox right = StandaloneSandbox.start(work.resolve("right"))) {
            CompletableFuture<String> leftUrl = CompletableFuture.supplyAsync(() -> deploy(left));
            CompletableFuture<String> rightUrl = CompletableFuture.supplyAsync(() -> deploy(right));
            List<String> urls = List.of(leftUrl.join(), rightUrl.join());

            assertThat(urls.get(0)).as("each has its own load balancer").isNotEqualTo(urls.get(1));
            for (String url : urls) {
                assertThat(QuestStackDeployment.awaitOk(url).body()).contains("TwelveFactor");
                assertThat(QuestStackDeployment.awaitOk(url + "loadbalanced").body()).contains("\"passed\":true");
            }
        }
    }

    private static String deploy(StandaloneSandbox sandbox) {
        QuestStackDeployment quest = new QuestStackDeployment("side");
        try (EcsClient ecs = sandbox.ecs()) {
            String url = quest.deployIn(sandbox);
            var service = ecs.describeServices(r -> r.cluster(quest.cluster()).services(quest.service())).services().get(0);
            assertThat(service.runningCount()).isEqualTo(2);
            assertThat(service.events()).extracting(e -> e.message()).noneSatisfy(message -> assertThat(message).contains("has stopped"));
            return url;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
