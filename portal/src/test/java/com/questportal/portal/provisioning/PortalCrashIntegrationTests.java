package com.questportal.portal.provisioning;

import static com.questportal.portal.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.questportal.portal.api.ApiClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import tools.jackson.databind.JsonNode;

/**
 * The portal as its own JVM, killed with SIGKILL in the middle of an apply while the sandbox (a
 * process of its own, as AWS would be) carries on: once the portal is back, the operation ends
 * SUCCEEDED, recorded once, and CloudFormation saw one execution.
 */
class PortalCrashIntegrationTests {

    private static final String TOKEN = "crash-test-token-0123456789abcdefghijklmnopqrstuvwxyz";

    @TempDir
    Path work;
    final List<PortalProcess> processes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (PortalProcess process : processes) {
            process.stop();
        }
    }

    @Test
    void aPortalKilledMidApplyFinishesTheOperationOnceWhenItComesBack() throws Exception {
        URI sandbox = startSandbox();
        QuestImages.publish(sandbox, "eu-west-1", "v1");
        int port = PortalProcess.freePort();
        PortalProcess portal = startPortal(port, sandbox);
        ApiClient api = new ApiClient(port, TOKEN);
        assertThat(api.post("/api/v1/environments", """
                {"name":"crash","region":"eu-west-1","vpcCidr":"10.60.0.0/16","allowedClientCidr":"0.0.0.0/0","containerPort":3000,
                 "imageTag":"v1","taskSize":"256/512","desiredCount":1,"healthCheckPath":"/health","logRetentionDays":7,
                 "secretWord":"TwelveFactor"}""").statusCode()).isEqualTo(201);
        String plan = api.post("/api/v1/environments/crash/plans", "").headers().firstValue("Location").orElseThrow();
        await().atMost(Duration.ofSeconds(60)).until(() -> json(api.get(plan)).get("status").asString(), "READY"::equals);
        String operation = api.post(plan + "/apply", "").headers().firstValue("Location").orElseThrow();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> json(api.get(operation)).get("events").size(), seen -> seen > 0);
        assertThat(json(api.get(operation)).get("status").asString()).isEqualTo("RUNNING");

        portal.kill();
        startPortal(port, sandbox);

        JsonNode finished = await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> json(api.get(operation)), found -> !found.get("status").asString().equals("RUNNING"));
        assertThat(finished.get("status").asString()).as(finished + "\nerrors the processes logged:\n" + String.join("\n",
                processes.stream().map(PortalProcess::errors).toList())).isEqualTo("SUCCEEDED");
        assertThat(finished.get("stackStatus").asString()).isEqualTo("CREATE_COMPLETE");
        assertThat(finished.get("events").findValuesAsString("status").stream().filter("CREATE_COMPLETE"::equals).count())
                .as("each resource's completion recorded once, the stack's too").isEqualTo(finished.get("resourcesTotal").asLong() + 1);
        assertThat(json(api.get("/api/v1/environments/crash")).get("stack").get("status").asString()).isEqualTo("CREATE_COMPLETE");
        try (CloudFormationClient cloudFormation = CloudFormationClient.builder().endpointOverride(sandbox).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            assertThat(cloudFormation.describeStackEvents(r -> r.stackName("quest-crash")).stackEvents()).as("one execution")
                    .filteredOn(event -> event.logicalResourceId().equals("quest-crash") && event.resourceStatusAsString().equals("CREATE_IN_PROGRESS"))
                    .hasSize(1);
        }
    }

    private URI startSandbox() throws IOException {
        PortalProcess.Sandbox sandbox = PortalProcess.sandbox(work.resolve("sandbox"));
        processes.add(sandbox.process());
        return sandbox.endpoint();
    }

    private PortalProcess startPortal(int port, URI sandbox) throws IOException {
        PortalProcess portal = PortalProcess.portal(port, TOKEN, "--portal.data-dir=" + work.resolve("portal"),
                "--portal.sandbox.endpoint=" + sandbox);
        processes.add(portal);
        return portal;
    }
}
