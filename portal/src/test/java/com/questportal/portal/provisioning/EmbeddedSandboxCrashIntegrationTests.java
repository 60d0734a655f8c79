package com.questportal.portal.provisioning;

import static com.questportal.portal.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.questportal.portal.api.ApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The embedded default: the portal with its sandbox in the same process, killed with SIGKILL at several
 * moments of an apply and of a destroy, and started again on the same data directory. Every operation
 * ends, no stack is left in progress, and the environment can be destroyed and planned again.
 */
class EmbeddedSandboxCrashIntegrationTests {

    private static final String TOKEN = "embedded-crash-token-0123456789abcdefghijklmnopqrstuvwxyz";
    private static final Pattern SANDBOX = Pattern.compile("event=sandbox_started endpoint=(http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path work;
    PortalProcess portal;
    int port;
    ApiClient api;

    @AfterEach
    void stop() throws InterruptedException {
        if (portal != null) {
            portal.stop();
        }
    }

    @Test
    void everyOperationEndsAfterTheWholePortalIsKilledMidApplyAndMidDestroy() throws Exception {
        port = PortalProcess.freePort();
        api = new ApiClient(port, TOKEN);
        start();
        assertThat(api.post("/api/v1/environments", """
                {"name":"crash","region":"eu-west-1","vpcCidr":"10.61.0.0/16","allowedClientCidr":"0.0.0.0/0","containerPort":3000,
                 "imageTag":"v1","taskSize":"256/512","desiredCount":1,"healthCheckPath":"/health","logRetentionDays":7,
                 "secretWord":"TwelveFactor"}""").statusCode()).isEqualTo(201);

        // Killed as the stack's first resources are made: the sandbox rolls the create back when it starts again.
        String first = apply();
        killWhen(first, operation -> operation.get("events").size() > 2);
        JsonNode rolledBack = awaitEnd(first);
        assertThat(rolledBack.get("status").asString()).as(rolledBack.toString()).isEqualTo("FAILED");
        assertThat(rolledBack.get("stackStatus").asString()).as(rolledBack + "\n" + portal.errors()).isEqualTo("ROLLBACK_COMPLETE");
        destroyAndAwait();

        // Killed while the ECS service waits for its tasks: the service is not stranded, so its cluster can go.
        String second = apply();
        killWhen(second, operation -> operation.get("events").findValuesAsString("logicalId").contains("QuestService"));
        JsonNode secondEnded = awaitEnd(second);
        // With the operation's events and the restarted portal's errors: a rare ROLLBACK_FAILED here has been seen once.
        assertThat(secondEnded.get("stackStatus").asString()).as(secondEnded + "\n" + portal.errors()).isEqualTo("ROLLBACK_COMPLETE");
        destroyAndAwait();

        JsonNode applied = awaitEnd(apply());
        assertThat(applied.get("status").asString()).as(applied.toString()).isEqualTo("SUCCEEDED");

        // Stopped and started again as a person would: the environment serves again and has nothing to plan.
        portal.stop();
        start();
        String url = json(api.get("/api/v1/environments/crash")).get("stack").get("outputs").get("AlbUrl").asString();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        assertThat(await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()), answer -> answer.statusCode() == 200).body())
                .as("the quest answers through its load balancer after the restart").contains("TwelveFactor");
        String unchanged = api.post("/api/v1/environments/crash/plans", "").headers().firstValue("Location").orElseThrow();
        assertThat(await().atMost(Duration.ofSeconds(60)).until(() -> json(api.get(unchanged)).get("status").asString(),
                status -> !status.equals("CREATING"))).as("the plan of an unchanged environment").isEqualTo("EMPTY");

        // Killed as a destroy starts, and again in the middle of one: each delete carries on to the end.
        killDuringDestroy(operation -> operation.get("events").size() > 0);
        JsonNode again = awaitEnd(apply());
        assertThat(again.get("status").asString()).as(again.toString()).isEqualTo("SUCCEEDED");
        killDuringDestroy(operation -> operation.get("events").findValuesAsString("status").contains("DELETE_COMPLETE"));

        // The environment starts afresh.
        setSecretWord();
        String plan = api.post("/api/v1/environments/crash/plans", "").headers().firstValue("Location").orElseThrow();
        assertThat(await().atMost(Duration.ofSeconds(60)).until(() -> json(api.get(plan)).get("status").asString(),
                status -> !status.equals("CREATING"))).as("a new plan after the destroy").isEqualTo("READY");
    }

    private void killDuringDestroy(Predicate<JsonNode> moment) throws Exception {
        String destroy = destroy();
        killWhen(destroy, moment);
        JsonNode destroyed = awaitEnd(destroy);
        assertThat(destroyed.get("status").asString()).as(destroyed.toString()).isEqualTo("SUCCEEDED");
        assertThat(destroyed.get("stackStatus").asString()).isEqualTo("DELETE_COMPLETE");
    }

    private void start() throws Exception {
        portal = PortalProcess.portal(port, TOKEN, "--portal.data-dir=" + work.resolve("portal"), "--portal.sandbox.port=0");
        URI sandbox = URI.create(portal.awaitLine(SANDBOX).group(1));
        QuestImages.publish(sandbox, "eu-west-1", "v1");
    }

    /** Kills the portal once the operation shows what the test waits for, then starts it again on the same data. */
    private void killWhen(String operation, Predicate<JsonNode> moment) throws Exception {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> json(api.get(operation)), moment::test);
        assertThat(json(api.get(operation)).get("status").asString()).isEqualTo("RUNNING");
        portal.kill();
        start();
    }

    /** A destroy removes the secret word from SSM with the stack: each new stack needs it set again. */
    private void setSecretWord() {
        assertThat(api.put("/api/v1/environments/crash/secret-word", "{\"secretWord\":\"TwelveFactor\"}", null).statusCode())
                .isEqualTo(204);
    }

    private String apply() {
        setSecretWord();
        var planned = api.post("/api/v1/environments/crash/plans", "");
        assertThat(planned.statusCode()).as(planned.body()).isEqualTo(202);
        String plan = planned.headers().firstValue("Location").orElseThrow();
        await().atMost(Duration.ofSeconds(60)).until(() -> json(api.get(plan)).get("status").asString(), "READY"::equals);
        return api.post(plan + "/apply", "").headers().firstValue("Location").orElseThrow();
    }

    private String destroy() {
        var response = api.send("DELETE", "/api/v1/environments/crash/stack?confirm=crash", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return response.headers().firstValue("Location").orElseThrow();
    }

    private void destroyAndAwait() {
        JsonNode destroyed = awaitEnd(destroy());
        assertThat(destroyed.get("status").asString()).as(destroyed + "\n" + portal.errors()).isEqualTo("SUCCEEDED");
    }

    private JsonNode awaitEnd(String operation) {
        JsonNode ended = await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250))
                .until(() -> json(api.get(operation)), found -> !found.get("status").asString().equals("RUNNING"));
        assertThat(ended.get("stackStatus").asString()).as("no stack left in progress: " + ended).doesNotEndWith("_IN_PROGRESS");
        return ended;
    }
}
