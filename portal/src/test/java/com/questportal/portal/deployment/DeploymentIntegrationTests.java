package com.questportal.portal.deployment;

import static com.questportal.portal.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.questportal.portal.api.ApiClient;
import com.questportal.portal.aws.LoadBalancerHttp;
import com.questportal.portal.browser.Chromium;
import com.questportal.portal.browser.PortalUnderTest;
import com.questportal.portal.provisioning.QuestImages;
import com.questportal.portal.security.ApiTokens;
import com.questportal.portal.security.Role;
import com.questportal.sandbox.Sandbox;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import tools.jackson.databind.JsonNode;

/**
 * Deploys against the in-process sandbox, in order, on one environment of two tasks: refusals first (nothing may change),
 * then a deploy through the API as CI makes it, then one from the environment page in a browser. (A deploy whose tasks fail
 * their health checks is in StatusIntegrationTests, where the status it shows meanwhile is checked too.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"spring.main.banner-mode=off",
        "portal.status.poll-interval=PT1S"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeploymentIntegrationTests {

    /** Any ACM-shaped ARN gives the sandbox's load balancer an HTTPS listener: without one the quest's TLS check cannot pass. */
    private static final String CERTIFICATE = "arn:aws:acm:eu-west-1:000000000000:certificate/sandbox-localhost";

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    Sandbox sandbox;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    LoadBalancerHttp loadBalancer;
    ApiClient admin;
    ApiClient operator;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        PortalUnderTest.freshDataDirectory(registry);
    }

    @BeforeAll
    void anEnvironmentRunsV1() {
        for (String tag : List.of("v1", "v2", "v3")) {
            QuestImages.publish(sandbox, "eu-west-1", tag);
        }
        admin = new ApiClient(port, tokens.issue("admin-" + System.nanoTime(), Role.ADMIN, null, null, "test").value());
        operator = new ApiClient(port, tokens.issue("ci-" + System.nanoTime(), Role.OPERATOR, List.of("shop"), null, "test").value());
        HttpResponse<String> created = admin.post("/api/v1/environments", """
                {"name":"shop","region":"eu-west-1","vpcCidr":"10.90.0.0/16","allowedClientCidr":"0.0.0.0/0","containerPort":3000,
                 "imageTag":"v1","taskSize":"256/512","desiredCount":2,"healthCheckPath":"/health","logRetentionDays":7,
                 "certificateArn":"%s","secretWord":"TwelveFactor"}""".formatted(CERTIFICATE));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode applied = admin.planAndApply("shop");
        assertThat(applied.get("status").asString()).as(applied.toString()).isEqualTo("SUCCEEDED");
    }

    @Test
    @Order(1)
    void aTagTheRepositoryDoesNotHaveIsRefusedBeforeAnythingChanges() {
        HttpResponse<String> unknown = operator.post("/api/v1/environments/shop/deployments", "{\"imageTag\":\"v404\"}");
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(422);
        assertThat(json(unknown).get("detail").asString()).isEqualTo("The repository quest has no image tagged v404: publish it first."
                + " Nothing was changed.");
        HttpResponse<String> malformed = operator.post("/api/v1/environments/shop/deployments", "{\"imageTag\":\"-v1 && rm\"}");
        assertThat(malformed.statusCode()).as(malformed.body()).isEqualTo(422);
        assertThat(malformed.body()).doesNotContain("Exception", "at com.");
        HttpResponse<String> nowhere = operator.post("/api/v1/environments/nowhere/deployments", "{\"imageTag\":\"v2\"}");
        assertThat(nowhere.statusCode()).as("a token for shop alone").isEqualTo(403);
        HttpResponse<String> unknownEnvironment = admin.post("/api/v1/environments/nowhere/deployments", "{\"imageTag\":\"v2\"}");
        assertThat(unknownEnvironment.statusCode()).as(unknownEnvironment.body()).isEqualTo(404);

        assertThat(jdbc.queryForObject("select count(*) from stack_operation where type = 'DEPLOY'", Integer.class)).isZero();
        try (CloudFormationClient cloudFormation = CloudFormationClient.builder().endpointOverride(sandbox.endpoint())
                .region(Region.EU_WEST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            assertThat(cloudFormation.listChangeSets(r -> r.stackName("quest-shop")).summaries()).as("no change set was made but the plan's")
                    .allSatisfy(changeSet -> assertThat(changeSet.changeSetName()).startsWith("quest-portal-plan-"));
        }
    }

    @Test
    @Order(2)
    void whoMayDeploy() {
        ApiClient viewer = new ApiClient(port, tokens.issue("viewer-" + System.nanoTime(), Role.VIEWER, null, null, "test").value());
        assertThat(viewer.post("/api/v1/environments/shop/deployments", "{\"imageTag\":\"v2\"}").statusCode()).isEqualTo(403);
        ApiClient elsewhere = new ApiClient(port, tokens.issue("other-" + System.nanoTime(), Role.OPERATOR, List.of("other"), null, "test")
                .value());
        assertThat(elsewhere.post("/api/v1/environments/shop/deployments", "{\"imageTag\":\"v2\"}").statusCode())
                .as("an operator token scoped to another environment").isEqualTo(403);
        ApiTokens.Issued revoked = tokens.issue("revoked-" + System.nanoTime(), Role.OPERATOR, null, null, "test");
        tokens.revoke(revoked.token().getId(), "test");
        assertThat(new ApiClient(port, revoked.value()).post("/api/v1/environments/shop/deployments", "{\"imageTag\":\"v2\"}").statusCode())
                .isEqualTo(401);
        assertThat(json(admin.get("/api/v1/environments/shop")).get("imageTag").asString()).isEqualTo("v1");
    }

    @Test
    @Order(3)
    void anOperatorsTokenDeploysANewTagOnceAndTheLoadBalancerThenAnswersIt() throws Exception {
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(
                () -> operator.post("/api/v1/environments/shop/deployments", "{\"imageTag\":\"v2\"}"));
        CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(
                () -> operator.post("/api/v1/environments/shop/deployments", "{\"imageTag\":\"v2\"}"));
        List<Integer> codes = List.of(first.get().statusCode(), second.get().statusCode());
        assertThat(codes).as(first.get().body() + "\n" + second.get().body()).containsExactlyInAnyOrder(202, 409);
        HttpResponse<String> accepted = first.get().statusCode() == 202 ? first.get() : second.get();
        String deployment = accepted.headers().firstValue("Location").orElseThrow();
        assertThat(json(accepted).get("fromTag").asString()).isEqualTo("v1");
        assertThat(json(accepted).get("toTag").asString()).isEqualTo("v2");

        JsonNode done = await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500))
                .until(() -> json(operator.get(deployment)), found -> !found.get("status").asString().equals("RUNNING"));

        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("finishedAt").isNull()).isFalse();
        JsonNode environment = json(admin.get("/api/v1/environments/shop"));
        assertThat(environment.get("imageTag").asString()).as("the record follows a deploy that succeeded").isEqualTo("v2");
        String url = environment.get("stack").get("outputs").get("AlbUrl").asString();
        assertThat(loadBalancer.client().send(HttpRequest.newBuilder(URI.create(url + "version")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .contains("\"imageTag\":\"v2\"");
        assertThat(operator.post("/api/v1/environments/shop/deployments", "{\"imageTag\":\"v2\"}").statusCode())
                .as("the stack runs v2 already").isEqualTo(409);
        assertThat(jdbc.queryForList("select outcome from audit_event where action = 'stack.deploy' order by id", String.class))
                .contains("SUCCEEDED", "REFUSED");
    }

    /**
     * The whole on-call click path in a browser: pick v3 from the list, confirm, watch the rollout (old and new tasks side by
     * side, then the quest's checks passing with /version answering v3), then roll back from the same page while a client
     * polls the load balancer and sees nothing but 200s.
     */
    @Test
    @Order(4)
    @ExtendWith(Chromium.class)
    void anOperatorPicksATagWatchesTheRolloutSeesTheChecksPassOnItAndRollsBack(WebDriver browser) throws Exception {
        PortalUnderTest.user(jdbc, encoder, "oskar", "OPERATOR");
        PortalUnderTest.signIn(browser, port, "oskar");
        browser.get("http://localhost:" + port + "/environments/shop");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("images")));
        assertThat(browser.findElements(By.cssSelector("#images tbody tr"))).hasSize(3);
        assertThat(browser.findElement(By.cssSelector("#images tbody tr:first-child")).getText()).as("newest push first").contains("v3");
        browser.findElement(By.id("image-filter")).sendKeys("v3");
        assertThat(browser.findElements(By.cssSelector("#images tbody tr")).stream().filter(row -> row.isDisplayed()).toList())
                .singleElement().satisfies(row -> assertThat(row.getText()).contains("v3"));
        browser.findElement(By.cssSelector("a[data-deploy='v3']")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("deploy-change")));
        assertThat(browser.findElement(By.id("deploy-change")).getText()).contains("v2 → v3");
        browser.findElement(By.id("deploy-confirm")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("operation-deploy")));
        assertThat(browser.findElement(By.id("operation-deploy")).getText()).contains("v2 → v3");
        // The rollout panel is replaced every 2 s while it is watched: an element read between two reloads may be gone.
        WebDriverWait rollout = (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(240), Duration.ofMillis(250))
                .ignoring(StaleElementReferenceException.class);
        rollout.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rollout-title"), "Deploy rollout: v2 → v3"));
        rollout.until(page -> !page.findElements(By.cssSelector("#rollout-tasks tr[data-new='true'][data-tag='v3']")).isEmpty()
                && !page.findElements(By.cssSelector("#rollout-tasks tr[data-new='false'][data-tag='v2']")).isEmpty());
        rollout.until(ExpectedConditions.textToBe(By.id("operation-status"), "✓ succeeded"));
        rollout.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rollout-checks"), "✓ 5 of 5 passing on v3"));
        rollout.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rollout-checks"), "/version answered v3"));
        rollout.until(ExpectedConditions.textToBe(By.id("rollout-summary"), "2 of 2 new tasks serving, 0 old left"));
        rollout.until(page -> {
            List<WebElement> steps = page.findElements(By.cssSelector("#rollout-steps li"));
            return steps.size() == 5 && steps.stream().allMatch(step -> "DONE".equals(step.getAttribute("data-state")));
        });
        // A settled rollout stops reloading (its last reload may still be on its way).
        new WebDriverWait(browser, Duration.ofSeconds(10), Duration.ofMillis(250)).ignoring(StaleElementReferenceException.class)
                .until(page -> page.findElement(By.id("rollout")).getAttribute("hx-trigger") == null);
        assertThat(json(admin.get("/api/v1/environments/shop")).get("imageTag").asString()).isEqualTo("v3");

        String url = json(admin.get("/api/v1/environments/shop")).get("stack").get("outputs").get("AlbUrl").asString();
        try (LoadBalancerPoller client = new LoadBalancerPoller(loadBalancer.client(), URI.create(url + "version"))) {
            browser.findElement(By.id("rollout-rollback")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("rollback-why")));
            assertThat(browser.findElement(By.id("deploy-change")).getText()).contains("v3 → v2");
            browser.findElement(By.id("deploy-confirm")).click();
            rollout.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rollout-title"), "Rollback rollout: v3 → v2"));
            HttpResponse<String> meanwhile = operator.post("/api/v1/environments/shop/deployments/rollback", "");
            assertThat(meanwhile.statusCode()).as("one operation at a time, the API's rollback too: " + meanwhile.body()).isEqualTo(409);
            rollout.until(ExpectedConditions.textToBe(By.id("operation-status"), "✓ succeeded"));
            rollout.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rollout-checks"), "✓ 5 of 5 passing on v2"));
            assertThat(client.answers()).as("what a client saw through the load balancer during the rollback").hasSizeGreaterThan(20)
                    .allSatisfy(status -> assertThat(status).isEqualTo(200));
        }
        assertThat(loadBalancer.client().send(HttpRequest.newBuilder(URI.create(url + "version")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .contains("\"imageTag\":\"v2\"");
        assertThat(json(admin.get("/api/v1/environments/shop")).get("imageTag").asString()).isEqualTo("v2");
    }

    @Test
    @Order(5)
    void theHistoryTellsEveryDeployAndTheRollback() throws Exception {
        JsonNode history = json(operator.get("/api/v1/environments/shop/deployments"));
        assertThat(history.values().stream().map(row -> row.get("kind").asString() + " " + row.get("fromTag").asString() + "→"
                + row.get("toTag").asString() + " " + row.get("status").asString()).toList())
                .containsExactly("ROLLBACK v3→v2 SUCCEEDED", "DEPLOY v2→v3 SUCCEEDED", "DEPLOY v1→v2 SUCCEEDED");
        assertThat(history.values().stream().limit(2).map(row -> row.get("startedBy").asString()).toList())
                .as("the browser's deploy and rollback were oskar's").containsExactly("oskar", "oskar");
        assertThat(history.values()).allSatisfy(row -> assertThat(row.get("durationSeconds").asLong()).isNotNegative());
        assertThat(json(operator.get("/api/v1/environments/shop/deployments?page=1&size=2")).values()).singleElement()
                .satisfies(row -> assertThat(row.get("toTag").asString()).isEqualTo("v2"));
        JsonNode rollback = json(operator.get("/api/v1/environments/shop/deployments/" + history.values().iterator().next().get("id").asLong()));
        assertThat(rollback.get("kind").asString() + " " + rollback.get("status").asString()).isEqualTo("ROLLBACK SUCCEEDED");
        PortalUnderTest.user(jdbc, encoder, "vera", "VIEWER");
        HttpResponse<String> csv = PortalUnderTest.signedIn(port, "vera").send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + port + "/environments/shop/deployments.csv")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).contains("shop-deployments.csv");
        assertThat(List.of(csv.body().split("\r\n"))).hasSize(4).first().isEqualTo(
                "id,kind,started_at,started_by,from_tag,to_tag,duration_seconds,outcome,stack_status,reason");
        assertThat(csv.body()).contains(",ROLLBACK,", ",v3,v2,", "UPDATE_COMPLETE");

        HttpResponse<String> ecsRecords = PortalUnderTest.signedIn(port, "vera").send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + port + "/environments/shop/deployments/ecs")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ecsRecords.statusCode()).isEqualTo(200);
        assertThat(ecsRecords.body()).as("ECS's own records: the service's creation, two deploys and the rollback, each a service "
                + "deployment that succeeded").containsOnlyOnce("id=\"ecs-deployment-records\"");
        assertThat(ecsRecords.body().split("data-status=\"SUCCESSFUL\"", -1)).hasSize(5);
    }

    /** After the rollback: v2 runs. A redeploy starts new tasks of v2 and changes nothing else. */
    @Test
    @Order(6)
    void aRedeployReplacesEveryTaskWithANewOneOfTheSameTag() {
        List<String> before = runningTasks();
        assertThat(before).hasSize(2);

        HttpResponse<String> started = operator.post("/api/v1/environments/shop/deployments/redeploy", "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        assertThat(json(started).get("kind").asString()).isEqualTo("REDEPLOY");
        assertThat(json(started).get("fromTag").asString() + " → " + json(started).get("toTag").asString()).isEqualTo("v2 → v2");
        String redeploy = started.headers().firstValue("Location").orElseThrow();
        JsonNode done = await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500))
                .until(() -> json(operator.get(redeploy)), found -> !found.get("status").asString().equals("RUNNING"));

        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        List<String> after = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(this::runningTasks,
                tasks -> tasks.size() == 2 && tasks.stream().noneMatch(before::contains));
        assertThat(after).as("every task is new").doesNotContainAnyElementsOf(before);
        assertThat(json(admin.get("/api/v1/environments/shop")).get("imageTag").asString()).isEqualTo("v2");
        assertThat(json(operator.get("/api/v1/environments/shop/deployments")).values().iterator().next().get("kind").asString())
                .isEqualTo("REDEPLOY");
    }

    /**
     * A deploy cancelled mid-rollout: CloudFormation stops the update and rolls back, the outcome says cancelled and by whom, the
     * record and the load balancer stay on v2; a redeploy cannot be cancelled, and an ended deploy not again.
     */
    @Test
    @Order(7)
    void aDeployCancelledMidRolloutEndsCancelledWithTheServiceBackOnTheTagBefore() throws Exception {
        long redeploy = json(operator.get("/api/v1/environments/shop/deployments")).values().iterator().next().get("id").asLong();
        HttpResponse<String> notARedeploy = operator.post("/api/v1/environments/shop/deployments/" + redeploy + "/cancel", "");
        assertThat(notARedeploy.statusCode()).isEqualTo(409);
        assertThat(json(notARedeploy).get("detail").asString()).contains("a redeploy is ECS's own rollout");

        HttpResponse<String> started = operator.post("/api/v1/environments/shop/deployments", "{\"imageTag\":\"v3\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String deployment = started.headers().firstValue("Location").orElseThrow();
        // CloudFormation takes a cancel only once the stack's update has begun: until then the portal answers 409 in words.
        HttpResponse<String> cancelled = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> operator.post(deployment + "/cancel", ""), answer -> answer.statusCode() != 409);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(202);
        assertThat(json(cancelled).get("cancelRequestedBy").asString()).startsWith("token:");

        JsonNode done = await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500))
                .until(() -> json(operator.get(deployment)), found -> !found.get("status").asString().equals("RUNNING"));
        assertThat(done.get("outcome").asString()).as(done.toString()).isEqualTo("CANCELLED");
        assertThat(done.get("stackStatus").asString()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        assertThat(done.get("outcomeSentence").asString()).endsWith("CloudFormation put v2 back.");
        assertThat(json(admin.get("/api/v1/environments/shop")).get("imageTag").asString()).isEqualTo("v2");
        String url = json(admin.get("/api/v1/environments/shop")).get("stack").get("outputs").get("AlbUrl").asString();
        assertThat(loadBalancer.client().send(HttpRequest.newBuilder(URI.create(url + "version")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("\"imageTag\":\"v2\"");
        HttpResponse<String> again = operator.post(deployment + "/cancel", "");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("detail").asString()).contains("has ended already");
        List<String> audited = jdbc.queryForList("select outcome from audit_event where action = 'stack.cancel' order by id", String.class);
        assertThat(audited).as("every ask is on the audit trail: refused, perhaps refused while the update had not begun, "
                + "the cancel, refused once ended").startsWith("REFUSED").endsWith("SUCCEEDED", "REFUSED");
        assertThat(audited.stream().filter("SUCCEEDED"::equals)).hasSize(1);
    }

    private List<String> runningTasks() {
        return json(admin.get("/api/v1/environments/shop/status")).get("tasks").values().stream()
                .filter(task -> task.get("lastStatus").asString().equals("RUNNING")).map(task -> task.get("id").asString()).toList();
    }
}
