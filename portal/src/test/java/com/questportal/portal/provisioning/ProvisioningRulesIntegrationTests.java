package com.questportal.portal.provisioning;

import static com.questportal.portal.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.questportal.portal.api.ApiClient;
import com.questportal.portal.browser.PortalUnderTest;
import com.questportal.portal.security.ApiTokens;
import com.questportal.portal.security.Role;
import com.questportal.sandbox.Sandbox;
import com.questportal.sandbox.faults.FaultRule;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import tools.jackson.databind.JsonNode;

/** One operation at a time, and every refusal in words with a correct operation row: races, used and stale plans, AWS faults, failures. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"spring.main.banner-mode=off",
        "portal.provisioning.never-started-after=PT5S"})
class ProvisioningRulesIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Sandbox sandbox;
    ApiClient api;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        PortalUnderTest.freshDataDirectory(registry);
    }

    @BeforeEach
    void setUp() {
        QuestImages.publish(sandbox, "eu-west-1", "v1");
        api = new ApiClient(port, tokens.issue("ci-" + System.nanoTime(), Role.ADMIN, null, null, "test").value());
    }

    @AfterEach
    void clearFaults() {
        sandbox.faults().clear();
    }

    private static String environment(String name, String imageTag, String vpcCidr, int desiredCount) {
        return """
                {"name":"%s","region":"eu-west-1","vpcCidr":"%s","allowedClientCidr":"0.0.0.0/0","containerPort":3000,
                 "imageTag":"%s","taskSize":"256/512","desiredCount":%d,"healthCheckPath":"/health","logRetentionDays":7,
                 "secretWord":"TwelveFactor"}""".formatted(name, vpcCidr, imageTag, desiredCount);
    }

    private void record(String name, String imageTag, String vpcCidr) {
        HttpResponse<String> created = api.post("/api/v1/environments", environment(name, imageTag, vpcCidr, 1));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private String readyPlan(String name) {
        HttpResponse<String> started = api.post("/api/v1/environments/" + name + "/plans", "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        JsonNode plan = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> json(api.get(location)), found -> !found.get("status").asString().equals("CREATING"));
        assertThat(plan.get("status").asString()).as(plan.toString()).isEqualTo("READY");
        return location;
    }

    private JsonNode finished(String operationUrl) {
        return await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> json(api.get(operationUrl)), operation -> !operation.get("status").asString().equals("RUNNING"));
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow();
    }

    @Test
    void twoAppliesAtOnceRunOneAndTheOtherIsRefusedAndUsedOrStalePlansAreRefusedInWords() throws Exception {
        record("race", "v1", "10.30.0.0/16");
        String first = readyPlan("race");
        String second = readyPlan("race");

        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> applies = new ArrayList<>();
        for (String plan : List.of(first, second)) {
            applies.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return api.post(plan + "/apply", "");
            }));
        }
        go.countDown();
        List<Integer> statuses = applies.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).sorted().toList();
        assertThat(statuses).containsExactly(202, 409);
        HttpResponse<String> winner = applies.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 202).findFirst().orElseThrow();
        HttpResponse<String> loser = applies.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 409).findFirst().orElseThrow();
        assertThat(json(loser).get("detail").asString()).containsAnyOf("is in progress since", "CREATE_IN_PROGRESS");
        assertThat(jdbc.queryForObject("select count(*) from stack_operation where environment_name = 'race'", Integer.class))
                .as("one operation row").isEqualTo(1);
        String losingPlan = winner.body().contains("\"planId\":" + first.substring(first.lastIndexOf('/') + 1) + ",") ? second : first;

        HttpResponse<String> whileRunning = api.send("DELETE", "/api/v1/environments/race/stack?confirm=race", null);
        assertThat(whileRunning.statusCode()).isEqualTo(409);
        assertThat(json(whileRunning).get("operation").asString()).isEqualTo(location(winner));
        assertThat(json(whileRunning).get("detail").asString()).startsWith("An apply by token:ci-").endsWith(" — watch it.");
        assertThat(api.post("/api/v1/environments/race/plans", "").statusCode()).as("no plan while the stack is in progress").isEqualTo(409);

        JsonNode applied = finished(location(winner));
        assertThat(applied.get("status").asString()).as(applied.toString()).isEqualTo("SUCCEEDED");
        String winningPlan = losingPlan.equals(first) ? second : first;
        assertThat(json(api.post(winningPlan + "/apply", "")).get("detail").asString()).isEqualTo(
                "This plan was applied already; make a new one for further changes.");

        long version = json(api.get("/api/v1/environments/race")).get("version").asLong();
        assertThat(api.put("/api/v1/environments/race", environment("race", "v1", "10.30.0.0/16", 2), "\"" + version + "\"").statusCode())
                .isEqualTo(200);
        HttpResponse<String> expired = api.post(losingPlan + "/apply", "");
        assertThat(expired.statusCode()).isEqualTo(409);
        assertThat(json(expired).get("detail").asString()).isEqualTo(
                "The environment changed since this plan was made, so the plan has expired; make a new one.");

        String discarded = readyPlan("race");
        HttpResponse<String> discarding = api.send("DELETE", discarded, null);
        assertThat(discarding.statusCode()).isEqualTo(200);
        assertThat(json(discarding).get("status").asString()).isEqualTo("DISCARDED");
        assertThat(json(api.post(discarded + "/apply", "")).get("detail").asString()).isEqualTo("This plan was discarded; make a new one.");

        sandbox.faults().add(FaultRule.parse(null, "cloudformation.ExecuteChangeSet=denied"));
        String denied = readyPlan("race");
        HttpResponse<String> refused = api.post(denied + "/apply", "");
        assertThat(refused.statusCode()).isEqualTo(202);
        JsonNode deniedOperation = json(api.get(location(refused)));
        assertThat(deniedOperation.get("status").asString()).isEqualTo("FAILED");
        assertThat(deniedOperation.get("problem").asString()).startsWith("Access denied for cloudformation:ExecuteChangeSet");
        assertThat(deniedOperation.get("finishedAt").isNull()).isFalse();
        sandbox.faults().clear();

        sandbox.faults().add(FaultRule.parse(null, "cloudformation.ExecuteChangeSet=throttle"));
        String throttledPlan = readyPlan("race");
        JsonNode throttledApply = json(api.get(location(api.post(throttledPlan + "/apply", ""))));
        assertThat(throttledApply.get("status").asString()).isEqualTo("FAILED");
        assertThat(throttledApply.get("problem").asString()).startsWith("AWS throttled cloudformation:ExecuteChangeSet even after retries");
        sandbox.faults().clear();

        sandbox.faults().add(FaultRule.parse(null, "cloudformation.DescribeStackEvents=throttle,rate:0.5"));
        JsonNode ridden = finished(location(api.post(readyPlan("race") + "/apply", "")));
        assertThat(ridden.get("status").asString()).as("a watch through throttling: the SDK's retries and the next round")
                .isEqualTo("SUCCEEDED");
        sandbox.faults().clear();

        sandbox.faults().add(FaultRule.parse(null, "cloudformation.DeleteStack=throttle"));
        HttpResponse<String> throttled = api.send("DELETE", "/api/v1/environments/race/stack?confirm=race", null);
        assertThat(throttled.statusCode()).as(throttled.body()).isEqualTo(202);
        assertThat(json(api.get(location(throttled))).get("problem").asString())
                .startsWith("AWS throttled cloudformation:DeleteStack even after retries");
        sandbox.faults().clear();

        JsonNode destroyed = finished(location(api.send("DELETE", "/api/v1/environments/race/stack?confirm=race", null)));
        assertThat(destroyed.get("status").asString()).isEqualTo("SUCCEEDED");
        HttpResponse<String> nothing = api.send("DELETE", "/api/v1/environments/race/stack?confirm=race", null);
        assertThat(nothing.statusCode()).isEqualTo(404);
        assertThat(json(nothing).get("detail").asString()).isEqualTo("There is no stack quest-race to destroy.");
        assertThat(jdbc.queryForList("select type || ' ' || status from stack_operation where environment_name = 'race' order by id",
                String.class)).containsExactly("APPLY SUCCEEDED", "APPLY FAILED", "APPLY FAILED", "APPLY SUCCEEDED", "DESTROY FAILED",
                "DESTROY SUCCEEDED");
        assertThat(jdbc.queryForObject("select count(*) from stack_operation where active_environment = 'race'", Integer.class)).isZero();
    }

    @Test
    void aPlanThatFailsNamesTheRefusedCallAndLeavesNoChangeSetOrEmptyStackBehind() {
        record("lonely", "v1", "10.40.0.0/16");
        sandbox.faults().add(FaultRule.parse(null, "cloudformation.DescribeChangeSet=denied"));

        HttpResponse<String> started = api.post("/api/v1/environments/lonely/plans", "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        JsonNode plan = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> json(api.get(location)), found -> !found.get("status").asString().equals("CREATING"));

        assertThat(plan.get("status").asString()).isEqualTo("FAILED");
        assertThat(plan.get("problem").asString()).contains("cloudformation:DescribeChangeSet").doesNotContain("CreateChangeSet");
        sandbox.faults().clear();
        try (CloudFormationClient cloudFormation = CloudFormationClient.builder().endpointOverride(sandbox.endpoint())
                .region(Region.EU_WEST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            assertThat(cloudFormation.listStacks(r -> r.stackStatusFiltersWithStrings("REVIEW_IN_PROGRESS")).stackSummaries())
                    .as("the empty stack the CREATE change set made is gone").noneMatch(stack -> stack.stackName().equals("quest-lonely"));
        }
        assertThat(api.send("DELETE", "/api/v1/environments/lonely", null).statusCode()).as("nothing left to keep the record").isEqualTo(204);
    }

    @Test
    void anOperationThePortalNeverStartedInCloudFormationIsEndedAndItsPlanCanBeAppliedAgain() {
        record("halted", "v1", "10.70.0.0/16");
        String plan = readyPlan("halted");
        long planId = Long.parseLong(plan.substring(plan.lastIndexOf('/') + 1));
        jdbc.update("insert into stack_operation (environment_name, active_environment, type, plan_id, stack_name, status, resource_total,"
                + " started_by, started_at) values ('halted', 'halted', 'APPLY', ?, 'quest-halted', 'RUNNING', 0, 'test', ?)", planId,
                java.sql.Timestamp.from(java.time.Instant.now()));
        long operationId = jdbc.queryForObject("select id from stack_operation where environment_name = 'halted'", Long.class);

        JsonNode ended = finished("/api/v1/operations/" + operationId);

        assertThat(ended.get("status").asString()).isEqualTo("FAILED");
        assertThat(ended.get("problem").asString()).isEqualTo("The portal stopped before CloudFormation was asked to execute the change set;"
                + " nothing was changed. Start it again.");
        assertThat(ended.get("events")).as("the change set's own REVIEW_IN_PROGRESS event is not the operation's").isEmpty();
        assertThat(json(api.get(plan)).get("status").asString()).isEqualTo("READY");
        assertThat(api.post(plan + "/apply", "").statusCode()).as("the environment is free again").isEqualTo(202);
    }

    @Test
    void aStackWhoseServiceNeverStartsRollsBackAndTheFirstFailureIsShown() {
        record("broken", "no-such-tag", "10.40.0.0/16");

        JsonNode operation = finished(location(api.post(readyPlan("broken") + "/apply", "")));

        assertThat(operation.get("status").asString()).as(operation.toString()).isEqualTo("FAILED");
        assertThat(operation.get("stackStatus").asString()).isEqualTo("ROLLBACK_COMPLETE");
        assertThat(operation.get("problem").asString()).startsWith("QuestService (AWS::ECS::Service) CREATE_FAILED: ")
                .endsWith("the stack ended ROLLBACK_COMPLETE");
        assertThat(operation.get("events").findValuesAsString("status")).contains("ROLLBACK_IN_PROGRESS", "DELETE_COMPLETE",
                "ROLLBACK_COMPLETE");
        HttpResponse<String> replan = api.post("/api/v1/environments/broken/plans", "");
        assertThat(replan.statusCode()).isEqualTo(409);
        assertThat(json(replan).get("detail").asString()).contains("is ROLLBACK_COMPLETE", "Destroy it, then plan again.");
        JsonNode destroyed = finished(location(api.send("DELETE", "/api/v1/environments/broken/stack?confirm=broken", null)));
        assertThat(destroyed.get("status").asString()).as(destroyed.toString()).isEqualTo("SUCCEEDED");
    }
}
