package com.questportal.quest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SIGTERM drains: health turns 503, the request in flight is answered, the process exits within its bound. */
class QuestShutdownIntegrationTests {

    @Test
    void aRequestInFlightWhenSigtermArrivesCompletes() throws Exception {
        try (FakeMetadataEndpoint slowMetadata = new FakeMetadataEndpoint(Duration.ofMillis(1500));
             QuestProcess quest = QuestProcess.start(Map.of(
                     "ECS_CONTAINER_METADATA_URI_V4", slowMetadata.uri(),
                     "SHUTDOWN_DRAIN_SECONDS", "1",
                     "SHUTDOWN_TIMEOUT_SECONDS", "10"))) {
            CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return QuestHttp.get(quest.url("/aws"), "Accept", "application/json");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            assertThat(slowMetadata.asked.await(10, TimeUnit.SECONDS)).as("the /aws request reached its check").isTrue();

            long signalled = System.nanoTime();
            quest.terminate();

            await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> {
                HttpResponse<String> health = QuestHttp.get(quest.url("/health"));
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(health.body()).isEqualTo("{\"status\":\"DRAINING\"}");
            });
            HttpResponse<String> answered = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).isEqualTo(200);
            assertThat(answered.body()).contains("\"check\":\"aws\",\"passed\":true");

            assertThat(quest.awaitExit(Duration.ofSeconds(10))).as("exited").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - signalled)).as("within SHUTDOWN_TIMEOUT_SECONDS").isLessThan(Duration.ofSeconds(10));
            assertThat(quest.exitCode()).isEqualTo(143);
            assertThat(quest.stdout())
                    .anySatisfy(line -> assertThat(line).contains("\"event\":\"shutdown_started\""))
                    .anySatisfy(line -> assertThat(line).contains("\"path\":\"/aws\",\"status\":200"))
                    .anySatisfy(line -> assertThat(line).contains("\"event\":\"stopped\",\"abandonedRequests\":0"));
        }
    }

    @Test
    void anImageFlaggedToCrashExitsWithOneAndSaysWhy() throws Exception {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(javaCommand, "-jar", java.nio.file.Path.of(System.getProperty("quest.jar", "target/quest-app.jar"))
                .toAbsolutePath().toString()).redirectErrorStream(true);
        builder.environment().put("QUEST_CRASH_AT_START", "true");
        Process process = builder.start();

        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"event\":\"start_failed\"", "fails at start on purpose");
    }

    @Test
    void anIdleQuestExitsAtOnce() throws Exception {
        try (QuestProcess quest = QuestProcess.start(Map.of())) {
            QuestHttp.get(quest.url("/health"));

            long signalled = System.nanoTime();
            quest.terminate();

            assertThat(quest.awaitExit(Duration.ofSeconds(10))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - signalled)).as("well before the 10 s timeout").isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aStuckRequestDoesNotHoldTheExitPastTheTimeout() throws Exception {
        try (FakeMetadataEndpoint stuckMetadata = new FakeMetadataEndpoint(Duration.ofSeconds(30));
             QuestProcess quest = QuestProcess.start(Map.of(
                     "ECS_CONTAINER_METADATA_URI_V4", stuckMetadata.uri(),
                     "SHUTDOWN_TIMEOUT_SECONDS", "1"))) {
            CompletableFuture.runAsync(() -> {
                try {
                    QuestHttp.get(quest.url("/aws"));
                } catch (IOException e) {
                    // expected: the exit this test provokes cuts the connection
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(stuckMetadata.asked.await(10, TimeUnit.SECONDS)).isTrue();

            long signalled = System.nanoTime();
            quest.terminate();

            assertThat(quest.awaitExit(Duration.ofSeconds(20))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - signalled)).as("held by the 1 s timeout, not the 30 s request").isLessThan(Duration.ofSeconds(10));
            assertThat(quest.stdout()).anySatisfy(line -> assertThat(line).contains("\"event\":\"stopped\",\"abandonedRequests\":1"));
        }
    }
}
