package com.questportal.portal.provisioning;

import static com.questportal.portal.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.questportal.portal.api.ApiClient;
import com.questportal.portal.api.Watchers;
import com.questportal.portal.browser.PortalUnderTest;
import com.questportal.portal.security.ApiTokens;
import com.questportal.portal.security.Role;
import com.questportal.sandbox.Sandbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import tools.jackson.databind.JsonNode;

/**
 * Plan → apply → a healthy quest behind its load balancer → a plan of one change → destroy, through the
 * API alone, as a CI job would drive it, against the in-process sandbox running the real template.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.main.banner-mode=off")
class ProvisioningApiIntegrationTests {

    /** The portal's default {@code portal.provisioning.poll-interval}: one round of the watcher per operation. */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    static final int VIEWERS = 8;
    static final StaticCredentialsProvider SANDBOX_KEY = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Sandbox sandbox;
    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        PortalUnderTest.freshDataDirectory(registry);
    }

    static String environment(String name, int desiredCount) {
        return """
                {"name":"%s","region":"eu-west-1","vpcCidr":"10.20.0.0/16","allowedClientCidr":"0.0.0.0/0","containerPort":3000,
                 "imageTag":"v1","taskSize":"256/512","desiredCount":%d,"healthCheckPath":"/health","logRetentionDays":7,
                 "secretWord":"TwelveFactor"}""".formatted(name, desiredCount);
    }

    private JsonNode awaitPlan(ApiClient api, String location) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(
                () -> json(api.get(location)), plan -> !plan.get("status").asString().equals("CREATING"));
    }

    private JsonNode awaitOperation(ApiClient api, String location) {
        return await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(
                () -> json(api.get(location)), operation -> !operation.get("status").asString().equals("RUNNING"));
    }

    @Test
    void planApplyRedeployAndDestroyThroughTheApiAlone() throws Exception {
        QuestImages.publish(sandbox, "eu-west-1", "v1");
        ApiClient api = new ApiClient(port, tokens.issue("ci", Role.ADMIN, null, null, "test").value());
        assertThat(api.post("/api/v1/environments", environment("ci", 2)).statusCode()).isEqualTo(201);

        HttpResponse<String> planned = api.post("/api/v1/environments/ci/plans", "");
        assertThat(planned.statusCode()).isEqualTo(202);
        String planUrl = planned.headers().firstValue("Location").orElseThrow();
        JsonNode plan = awaitPlan(api, planUrl);
        assertThat(plan.get("status").asString()).as(plan.toString()).isEqualTo("READY");
        assertThat(plan.get("changeSetType").asString()).isEqualTo("CREATE");
        assertThat(plan.get("changes").findValuesAsString("action")).hasSizeGreaterThan(15).containsOnly("Add");
        assertThat(plan.get("changes").findValuesAsString("logicalId")).contains("QuestVpc", "QuestLoadBalancer", "QuestService");

        HttpResponse<String> applied = api.post(planUrl + "/apply", "");
        assertThat(applied.statusCode()).isEqualTo(202);
        String operationUrl = applied.headers().firstValue("Location").orElseThrow();
        assertThat(api.post(planUrl + "/apply", "").statusCode()).as("the same plan twice").isEqualTo(409);
        double cloudFormationBefore = cloudFormationRequests();
        long watchStarted = System.nanoTime();
        JsonNode operation;
        long viewerReads;
        try (Watchers viewers = Watchers.start(VIEWERS, () -> {
            assertThat(api.get(operationUrl).statusCode()).isEqualTo(200);
            assertThat(api.get("/api/v1/environments/ci").statusCode()).isEqualTo(200);
        })) {
            operation = awaitOperation(api, operationUrl);
            viewerReads = viewers.reads();
        }
        long watcherRounds = Duration.ofNanos(System.nanoTime() - watchStarted).toMillis() / POLL_INTERVAL.toMillis() + 2;
        double cloudFormationCalls = cloudFormationRequests() - cloudFormationBefore;
        assertThat(viewerReads).as("the viewers outnumber the bound below").isGreaterThan(4 * watcherRounds);
        assertThat(cloudFormationCalls).as("CloudFormation requests while %d people read the operation and the environment %d times,"
                + " in %d watcher rounds", VIEWERS, viewerReads, watcherRounds).isLessThanOrEqualTo(4 * watcherRounds);
        assertThat(operation.get("status").asString()).as(operation.toString()).isEqualTo("SUCCEEDED");
        assertThat(operation.get("stackStatus").asString()).isEqualTo("CREATE_COMPLETE");
        assertThat(operation.get("events").findValuesAsString("status")).contains("CREATE_IN_PROGRESS", "CREATE_COMPLETE");
        assertThat(operation.get("resourcesDone").asInt()).isEqualTo(operation.get("resourcesTotal").asInt());

        JsonNode stack = json(api.get("/api/v1/environments/ci")).get("stack");
        assertThat(stack.get("status").asString()).isEqualTo("CREATE_COMPLETE");
        assertThat(stack.get("outputs").get("ClusterName").asString()).isEqualTo("ci-quest_ecs");
        String albUrl = stack.get("outputs").get("AlbUrl").asString();
        HttpResponse<String> quest = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> get(albUrl), response -> response != null && response.statusCode() == 200);
        assertThat(quest.statusCode()).isEqualTo(200);

        JsonNode inSync = json(api.post("/api/v1/environments/ci/drift", ""));
        assertThat(inSync.get("stackStatus").asString()).as(inSync.toString()).isEqualTo("IN_SYNC");
        assertThat(inSync.get("resourceCount").asInt()).as("every resource of the stack, checked or not").isEqualTo(inSync.get("resources").size())
                .isGreaterThan(20);
        assertThat(inSync.get("checkedCount").asInt()).as("the sandbox checks every resource type").isEqualTo(inSync.get("resourceCount").asInt());
        try (EcsClient ecs = EcsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.EU_WEST_1).credentialsProvider(SANDBOX_KEY)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            ecs.updateService(r -> r.cluster("ci-quest_ecs").service("ci-quest_service").desiredCount(1));
        }
        JsonNode drifted = json(api.post("/api/v1/environments/ci/drift", ""));
        assertThat(drifted.get("stackStatus").asString()).isEqualTo("DRIFTED");
        assertThat(drifted.get("driftedCount").asInt()).isEqualTo(1);
        JsonNode service = drifted.get("resources").get(0);
        assertThat(service.get("logicalId").asString()).isEqualTo("QuestService");
        assertThat(service.get("status").asString()).isEqualTo("MODIFIED");
        assertThat(service.get("differences").toString()).isEqualTo("[{\"path\":\"/DesiredCount\",\"expected\":\"2\",\"actual\":\"1\"}]");

        try (CloudWatchLogsClient logs = CloudWatchLogsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(SANDBOX_KEY).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
             EcsClient ecs = EcsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.EU_WEST_1).credentialsProvider(SANDBOX_KEY)
                     .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            logs.putRetentionPolicy(r -> r.logGroupName("ci-quest_task_logs").retentionInDays(1));
            HttpResponse<String> restored = api.post("/api/v1/environments/ci/drift/restore", "");
            assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
            JsonNode restore = json(restored);
            assertThat(restore.get("type").asString()).isEqualTo("RESTORE");
            assertThat(restore.get("status").asString()).as(restore.toString()).isEqualTo("SUCCEEDED");
            assertThat(restore.get("summary").asString()).contains("QuestService /DesiredCount 1 → 2", "QuestTaskLogs /RetentionInDays 1 → 7");
            assertThat(ecs.describeServices(r -> r.cluster("ci-quest_ecs").services("ci-quest_service")).services().get(0).desiredCount())
                    .isEqualTo(2);
            assertThat(logs.describeLogGroups(r -> r.logGroupNamePrefix("ci-quest_task_logs")).logGroups().get(0).retentionInDays())
                    .isEqualTo(7);
        }
        assertThat(json(api.post("/api/v1/environments/ci/drift", "")).get("stackStatus").asString()).as("put back").isEqualTo("IN_SYNC");
        HttpResponse<String> nothingLeft = api.post("/api/v1/environments/ci/drift/restore", "");
        assertThat(nothingLeft.statusCode()).isEqualTo(409);
        assertThat(json(nothingLeft).get("detail").asString()).isEqualTo("Nothing has drifted: there is nothing to put back.");

        JsonNode current = json(api.get("/api/v1/environments/ci"));
        String edited = environment("ci", 3);
        assertThat(api.put("/api/v1/environments/ci", edited, "\"" + current.get("version").asLong() + "\"").statusCode()).isEqualTo(200);
        JsonNode second = awaitPlan(api, api.post("/api/v1/environments/ci/plans", "").headers().firstValue("Location").orElseThrow());
        assertThat(second.get("status").asString()).isEqualTo("READY");
        assertThat(second.get("changeSetType").asString()).isEqualTo("UPDATE");
        assertThat(second.get("changes").findValuesAsString("logicalId")).containsExactly("QuestService");
        assertThat(second.get("parameterChanges").toString()).contains("\"name\":\"DesiredCount\",\"before\":\"2\",\"after\":\"3\"");

        assertThat(api.send("DELETE", "/api/v1/environments/ci/stack?confirm=wrong", null).statusCode()).isEqualTo(422);
        HttpResponse<String> destroyed = api.send("DELETE", "/api/v1/environments/ci/stack?confirm=ci", null);
        assertThat(destroyed.statusCode()).isEqualTo(202);
        JsonNode destroy = awaitOperation(api, destroyed.headers().firstValue("Location").orElseThrow());
        assertThat(destroy.get("status").asString()).as(destroy.toString()).isEqualTo("SUCCEEDED");
        assertThat(destroy.get("stackStatus").asString()).isEqualTo("DELETE_COMPLETE");
        assertThat(api.send("DELETE", "/api/v1/environments/ci/stack?confirm=ci", null).statusCode()).as("nothing left to destroy")
                .isEqualTo(404);
        try (EcsClient ecs = EcsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.EU_WEST_1).credentialsProvider(SANDBOX_KEY)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
             EcrClient ecr = EcrClient.builder().endpointOverride(sandbox.endpoint()).region(Region.EU_WEST_1).credentialsProvider(SANDBOX_KEY)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            assertThat(ecs.describeClusters(r -> r.clusters("ci-quest_ecs")).clusters()).as("the cluster is gone")
                    .allSatisfy(cluster -> assertThat(cluster.status()).isEqualTo("INACTIVE"));
            assertThat(ecr.describeImages(r -> r.repositoryName("quest")).imageDetails()).as("the shared repository and its image stay")
                    .anySatisfy(image -> assertThat(image.imageTags()).contains("v1"));
        }
        JsonNode afterDestroy = json(api.get("/api/v1/environments/ci"));
        assertThat(afterDestroy.get("stack").get("status").asString()).isEqualTo("DELETE_COMPLETE");
        assertThat(afterDestroy.get("stack").get("outputs").size()).as("a deleted stack's outputs (its load balancer's URL) are gone")
                .isZero();
        assertThat(api.delete("/api/v1/environments/ci", "\"" + afterDestroy.get("version").asLong() + "\"").statusCode())
                .as("the record may go once its stack is gone").isEqualTo(204);
        assertThat(api.post("/api/v1/environments", environment("ci", 1)).statusCode()).isEqualTo(201);
        assertThat(json(api.get("/api/v1/environments/ci")).get("stack").isNull()).as("a new ci starts not provisioned").isTrue();
        assertThat(jdbc.queryForList("select action || ' ' || outcome from audit_event where environment = 'ci' and action like 'stack.%'"
                + " order by id", String.class)).as("started, refused the second time, ended; restored, refused; refused, started, ended, refused")
                .containsExactly("stack.apply SUCCEEDED", "stack.apply REFUSED", "stack.apply SUCCEEDED", "stack.restore SUCCEEDED",
                        "stack.restore REFUSED", "stack.destroy REFUSED",
                        "stack.destroy SUCCEEDED", "stack.destroy SUCCEEDED", "stack.destroy REFUSED");
    }

    private double cloudFormationRequests() {
        return meters.find("portal.aws.requests").tag("service", "CloudFormation").counters().stream().mapToDouble(Counter::count).sum();
    }

    private static HttpResponse<String> get(String url) {
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException notYetServing) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
