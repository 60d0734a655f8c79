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
        "portal.provisioning.never-started-after=PT5S", "portal.provisioning.plan-sweep-interval=PT1S"})
class ProvisioningRulesIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Sandbox sandbox;
    @Autowired
    org.springframework.security.crypto.password.PasswordEncoder encoder;
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
    void twoAppliesAtOnceRunOneAndTheOtherIsRefusedAndUsedSupersededOrStalePlansAreRefusedInWords() throws Exception {
        record("race", "v1", "10.30.0.0/16");
        String superseded = readyPlan("race");
        String plan = readyPlan("race");
        assertThat(json(api.get(superseded)).get("status").asString()).as("the newer ready plan replaces it").isEqualTo("SUPERSEDED");
        HttpResponse<String> old = api.post(superseded + "/apply", "");
        assertThat(old.statusCode()).isEqualTo(409);
        assertThat(json(old).get("detail").asString()).isEqualTo(
                "A newer plan replaced this one; review and apply the newest plan of race.");

        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> applies = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
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
        assertThat(json(loser).get("detail").asString()).containsAnyOf("is in progress since", "CREATE_IN_PROGRESS", "applied already");
        assertThat(jdbc.queryForObject("select count(*) from stack_operation where environment_name = 'race'", Integer.class))
                .as("one operation row").isEqualTo(1);

        HttpResponse<String> endWhileWorking = api.post(location(winner) + "/end", "");
        assertThat(endWhileWorking.statusCode()).as("CloudFormation still works on it").isEqualTo(409);
        assertThat(json(endWhileWorking).get("detail").asString()).startsWith("CloudFormation is still working on the stack (")
                .endsWith("this operation ends by itself when the stack settles.");

        HttpResponse<String> whileRunning = api.send("DELETE", "/api/v1/environments/race/stack?confirm=race", null);
        assertThat(whileRunning.statusCode()).isEqualTo(409);
        assertThat(json(whileRunning).get("operation").asString()).isEqualTo(location(winner));
        assertThat(json(whileRunning).get("detail").asString()).startsWith("An apply by token:ci-").endsWith(" — watch it.");
        assertThat(api.post("/api/v1/environments/race/plans", "").statusCode()).as("no plan while the stack is in progress").isEqualTo(409);

        JsonNode applied = finished(location(winner));
        assertThat(applied.get("status").asString()).as(applied.toString()).isEqualTo("SUCCEEDED");
        assertThat(json(api.post(plan + "/apply", "")).get("detail").asString()).isEqualTo(
                "This plan was applied already; make a new one for further changes.");

        long version = json(api.get("/api/v1/environments/race")).get("version").asLong();
        assertThat(api.put("/api/v1/environments/race", environment("race", "v1", "10.30.0.0/16", 2), "\"" + version + "\"").statusCode())
                .isEqualTo(200);
        String stale = readyPlan("race");
        assertThat(api.put("/api/v1/environments/race", environment("race", "v1", "10.30.0.0/16", 3), "\"" + (version + 1) + "\"")
                .statusCode()).isEqualTo(200);
        HttpResponse<String> expired = api.post(stale + "/apply", "");
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
    void aNewPlanStaysReadyWhenTheChangeSetOfThePlanItSupersedesCannotBeDeleted() {
        record("stubborn", "v1", "10.74.0.0/16");
        String older = readyPlan("stubborn");
        sandbox.faults().add(FaultRule.parse(null, "cloudformation.DeleteChangeSet=denied,count:1"));

        String newer = readyPlan("stubborn");

        assertThat(json(api.get(older)).get("status").asString()).isEqualTo("SUPERSEDED");
        assertThat(json(api.get(newer)).get("status").asString()).isEqualTo("READY");
        String changeSet = jdbc.queryForObject("select change_set_id from stack_plan where id = ?", String.class,
                Long.parseLong(newer.substring(newer.lastIndexOf('/') + 1)));
        try (CloudFormationClient cloudFormation = CloudFormationClient.builder().endpointOverride(sandbox.endpoint())
                .region(Region.EU_WEST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            assertThat(cloudFormation.describeChangeSet(r -> r.stackName("quest-stubborn").changeSetName(changeSet)).executionStatusAsString())
                    .as("the newer plan's change set is still there to apply").isEqualTo("AVAILABLE");
        }
    }

    @Test
    void aPlanInterruptedWhileBeingMadeEndsFailedAfterItsPatienceAndCanBeDiscarded() {
        record("interrupted", "v1", "10.71.0.0/16");
        long stuck = insertCreatingPlan("interrupted", java.time.Instant.now().minus(Duration.ofHours(1)));
        long fresh = insertCreatingPlan("interrupted", java.time.Instant.now());

        JsonNode ended = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> json(api.get("/api/v1/environments/interrupted/plans/" + stuck)),
                        found -> !found.get("status").asString().equals("CREATING"));

        assertThat(ended.get("status").asString()).isEqualTo("FAILED");
        assertThat(ended.get("problem").asString()).startsWith("This plan was interrupted: it was not made within 10 min");
        HttpResponse<String> discarded = api.send("DELETE", "/api/v1/environments/interrupted/plans/" + stuck, null);
        assertThat(discarded.statusCode()).as(discarded.body()).isEqualTo(200);
        assertThat(json(discarded).get("status").asString()).isEqualTo("DISCARDED");
        HttpResponse<String> beingMade = api.send("DELETE", "/api/v1/environments/interrupted/plans/" + fresh, null);
        assertThat(beingMade.statusCode()).isEqualTo(409);
        assertThat(json(beingMade).get("detail").asString()).startsWith("This plan is still being made; discard it once it is ready");
        assertThat(json(api.get("/api/v1/environments/interrupted/plans/" + fresh)).get("status").asString())
                .as("within its patience a plan keeps being made").isEqualTo("CREATING");
    }

    private long insertCreatingPlan(String environment, java.time.Instant createdAt) {
        jdbc.update("insert into stack_plan (environment_name, environment_version, change_set_type, change_set_name, status, created_by,"
                + " created_at, updated_at) values (?, 0, 'CREATE', ?, 'CREATING', 'test', ?, ?)", environment,
                "quest-portal-plan-" + System.nanoTime(), java.sql.Timestamp.from(createdAt), java.sql.Timestamp.from(createdAt));
        return jdbc.queryForObject("select max(id) from stack_plan where environment_name = ?", Long.class, environment);
    }

    @Test
    void anAdminEndsAnOperationAwsNoLongerAnswersForAndTheAuditTrailSaysSo() {
        record("ghost", "v1", "10.72.0.0/16");
        sandbox.faults().add(FaultRule.parse(null, "cloudformation.DescribeStacks=denied"));
        jdbc.update("insert into stack_operation (environment_name, active_environment, type, stack_name, status, resource_total,"
                + " started_by, started_at) values ('ghost', 'ghost', 'DESTROY', 'quest-ghost', 'RUNNING', 0, 'test', ?)",
                java.sql.Timestamp.from(java.time.Instant.now()));
        long operationId = jdbc.queryForObject("select id from stack_operation where environment_name = 'ghost'", Long.class);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> json(api.get("/api/v1/operations/" + operationId)).get("status").asString().equals("RUNNING"));

        HttpResponse<String> ended = api.post("/api/v1/operations/" + operationId + "/end", "");

        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        assertThat(json(ended).get("status").asString()).isEqualTo("FAILED");
        assertThat(json(ended).get("problem").asString()).startsWith("Ended by token:ci-")
                .contains("AWS did not answer about the stack (Access denied for cloudformation:DescribeStacks");
        assertThat(jdbc.queryForObject("select count(*) from stack_operation where active_environment = 'ghost'", Integer.class))
                .as("the environment is free").isZero();
        assertThat(jdbc.queryForList("select outcome || ' ' || detail from audit_event where action = 'operation.end'"
                + " and environment = 'ghost'", String.class)).singleElement().asString()
                .startsWith("SUCCEEDED operation " + operationId + ": Ended by token:ci-");
        HttpResponse<String> again = api.post("/api/v1/operations/" + operationId + "/end", "");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("detail").asString()).isEqualTo("This operation has ended already (failed).");
    }

    @Test
    void anAdminEndsSuchAnOperationFromItsPage() throws Exception {
        record("spectre", "v1", "10.73.0.0/16");
        sandbox.faults().add(FaultRule.parse(null, "cloudformation.DescribeStacks=denied"));
        jdbc.update("insert into stack_operation (environment_name, active_environment, type, stack_name, status, resource_total,"
                + " started_by, started_at) values ('spectre', 'spectre', 'DESTROY', 'quest-spectre', 'RUNNING', 0, 'test', ?)",
                java.sql.Timestamp.from(java.time.Instant.now()));
        long operationId = jdbc.queryForObject("select id from stack_operation where environment_name = 'spectre'", Long.class);
        PortalUnderTest.user(jdbc, encoder, "ada-admin", "ADMIN");
        java.net.http.HttpClient admin = PortalUnderTest.signedIn(port, "ada-admin");
        String page = "http://localhost:" + port + "/environments/spectre/operations/" + operationId;

        String running = admin.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(page)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(running).contains("id=\"end-operation-button\"");
        HttpResponse<String> ended = admin.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(page + "/end"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "_csrf=" + java.net.URLEncoder.encode(PortalUnderTest.csrfToken(admin, port), java.nio.charset.StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(302);
        String after = admin.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(page)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(after).contains("✗ failed", "Ended by ada-admin: AWS did not answer about the stack").doesNotContain("end-operation-button");
        assertThat(jdbc.queryForObject("select count(*) from audit_event where action = 'operation.end' and actor = 'ada-admin'"
                + " and outcome = 'SUCCEEDED'", Integer.class)).isEqualTo(1);
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
