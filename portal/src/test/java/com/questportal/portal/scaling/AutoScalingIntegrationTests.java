package com.questportal.portal.scaling;

import static com.questportal.portal.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.questportal.portal.api.ApiClient;
import com.questportal.portal.browser.PortalUnderTest;
import com.questportal.portal.provisioning.QuestImages;
import com.questportal.portal.security.ApiTokens;
import com.questportal.portal.security.Role;
import com.questportal.sandbox.Sandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An environment with auto scaling on requests per task, in the embedded sandbox with half-second metric datapoints: load
 * through its load balancer scales it out to its maximum, and the page's panel, the API and the tasks chart's data say so,
 * with the cause in words.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"portal.sandbox.scaling-period=PT0.5S", "portal.scaling.refresh=PT1S", "portal.scaling.chart-refresh=PT1S"})
class AutoScalingIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

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

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        PortalUnderTest.freshDataDirectory(registry);
    }

    @Test
    void loadThroughTheLoadBalancerScalesTheEnvironmentOutAndThePanelTheApiAndTheChartSayWhy() throws Exception {
        QuestImages.publish(sandbox, "eu-west-1", "v1");
        ApiClient admin = new ApiClient(port, tokens.issue("admin-" + System.nanoTime(), Role.ADMIN, null, null, "test").value());
        HttpResponse<String> created = admin.post("/api/v1/environments", """
                {"name":"elastic","region":"eu-west-1","vpcCidr":"10.94.0.0/16","allowedClientCidr":"0.0.0.0/0","containerPort":3000,
                 "imageTag":"v1","taskSize":"256/512","desiredCount":1,"healthCheckPath":"/health","logRetentionDays":7,
                 "autoScaling":true,"scalingMin":1,"scalingMax":2,"scalingTarget":120,"secretWord":"TwelveFactor"}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode before = json(admin.get("/api/v1/environments/elastic/scaling"));
        assertThat(before.hasNonNull("pending")).as("nothing applied yet, nothing on AWS to compare with").isFalse();
        assertThat(admin.planAndApply("elastic").get("status").asString()).isEqualTo("SUCCEEDED");
        String url = json(admin.get("/api/v1/environments/elastic")).get("stack").get("outputs").get("AlbUrl").asString();
        await().atMost(Duration.ofSeconds(60)).until(() -> answer(url) == 200);

        JsonNode applied = json(admin.get("/api/v1/environments/elastic/scaling"));
        assertThat(applied.get("aws").get("registered").asBoolean()).isTrue();
        assertThat(applied.get("aws").get("min").asInt()).isEqualTo(1);
        assertThat(applied.get("aws").get("max").asInt()).isEqualTo(2);
        assertThat(applied.get("aws").get("policy").get("target").asDouble()).isEqualTo(120.0);
        assertThat(applied.hasNonNull("pending")).as(applied.toString()).isFalse();

        // About 20 requests a second on one task: 1,200 a minute against a target of 120 → as many tasks as allowed, 2.
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        Thread load = new Thread(() -> {
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (loading.get() && System.nanoTime() < until) {
                try {
                    if (answer(url) == 200) {
                        answered.incrementAndGet();
                    }
                    Thread.sleep(50);
                } catch (Exception stopped) {
                    return; // the load ends with the test; what it achieved is asserted below
                }
            }
        }, "scaling-load");
        load.setDaemon(true);
        load.start();
        JsonNode scaled;
        try {
            scaled = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> json(admin.get("/api/v1/environments/elastic/scaling")),
                            found -> !found.get("aws").get("activities").isEmpty());
        } finally {
            loading.set(false);
            load.join(10_000);
        }
        assertThat(answered.get()).isPositive();
        JsonNode activity = scaled.get("aws").get("activities").get(0);
        assertThat(activity.get("change").asString()).isEqualTo("Setting desired count to 2.");
        assertThat(activity.get("why").asString()).startsWith("Load stayed above the target of policy elastic-quest_requests_per_target");
        assertThat(activity.get("cause").asString()).contains("-AlarmHigh-");
        assertThat(activity.get("status").asString()).isEqualTo("Successful");

        PortalUnderTest.user(jdbc, encoder, "vera", "VIEWER");
        HttpClient viewer = PortalUnderTest.signedIn(port, "vera");
        String panel = viewer.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/environments/elastic/scaling"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(panel).contains("Setting desired count to 2.").contains("Load stayed above the target").contains("id=\"scaling-max\"");
        List<Integer> wanted = await().atMost(Duration.ofSeconds(15)).until(() -> desiredColumn(viewer),
                column -> !column.isEmpty() && column.get(column.size() - 1) == 2);
        assertThat(wanted).as("the tasks chart's wanted line is at the scaled count").isNotEmpty();
        JsonNode chart = await().atMost(Duration.ofSeconds(15)).until(() -> json(viewer.send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + port + "/environments/elastic/scaling/chart")).build(), HttpResponse.BodyHandlers.ofString())),
                found -> found.get("desired").values().stream().anyMatch(value -> value.asInt() == 2));
        assertThat(chart.get("metricLabel").asString()).isEqualTo("Requests per task / min");
        assertThat(chart.get("target").values().stream().map(JsonNode::asDouble).distinct().toList()).containsExactly(120.0);
        assertThat(chart.get("metric").values().stream().filter(value -> !value.isNull()).map(JsonNode::asDouble).toList())
                .as("CloudWatch's RequestCountPerTarget beside the tasks (its minutes are real ones: the test's load lasts seconds)")
                .isNotEmpty().allSatisfy(perTask -> assertThat(perTask).isPositive());
        assertThat(chart.hasNonNull("problem")).as(chart.toString()).isFalse();
        HttpResponse<String> putBack = admin.post("/api/v1/environments/elastic/drift/restore", "");
        assertThat(putBack.statusCode()).as("a scaled count is drift the portal does not fight: " + putBack.body()).isEqualTo(409);
        assertThat(putBack.body()).contains("QuestService /DesiredCount (2, recorded 1): auto scaling sets it");

        // Scaling on CPU instead: a percentage over 100 is refused at its field and changes nothing; 60 % is planned and applied.
        long version = json(admin.get("/api/v1/environments/elastic")).get("version").asLong();
        HttpResponse<String> refused = admin.put("/api/v1/environments/elastic", onCpu(150), "\"" + version + "\"");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("A CPU target is a percentage of the tasks' CPU: 1 to 100.");
        assertThat(json(admin.get("/api/v1/environments/elastic")).get("version").asLong()).isEqualTo(version);
        HttpResponse<String> changed = admin.put("/api/v1/environments/elastic", onCpu(60), "\"" + version + "\"");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(json(changed).get("autoScaling").get("metric").asString()).isEqualTo("cpu");
        assertThat(await().atMost(Duration.ofSeconds(5)).until(() -> json(admin.get("/api/v1/environments/elastic/scaling")),
                found -> found.hasNonNull("pending")).get("pending").asString()).contains("apply the environment's plan");
        JsonNode toCpu = admin.plan("elastic");
        assertThat(toCpu.get("taskCount").asString()).as("the plan says the scaled count stays").isEqualTo("The service keeps the 2"
                + " tasks it runs now (CloudFormation leaves an unchanged count alone), and auto scaling then keeps it between 1 and 2"
                + " as the load asks.");
        assertThat(admin.apply("elastic", toCpu.get("id").asLong()).get("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode onCpu = await().atMost(Duration.ofSeconds(10)).until(() -> json(admin.get("/api/v1/environments/elastic/scaling")),
                found -> !found.hasNonNull("pending"));
        assertThat(onCpu.get("aws").get("policy").get("metric").asString()).isEqualTo("average CPU of the tasks");
        assertThat(onCpu.get("aws").get("policy").get("target").asDouble()).isEqualTo(60.0);

        // Turning auto scaling off (inside the scale-in cooldown, so the service still runs 2): the plan says it keeps 2, not the
        // recorded 1, and so it does.
        version = json(admin.get("/api/v1/environments/elastic")).get("version").asLong();
        assertThat(admin.put("/api/v1/environments/elastic", onCpu(60).replace("\"autoScaling\":true", "\"autoScaling\":false"),
                "\"" + version + "\"").statusCode()).isEqualTo(200);
        JsonNode off = admin.plan("elastic");
        assertThat(off.get("taskCount").asString()).startsWith("Auto scaling goes off, and the service keeps the 2 tasks auto scaling"
                + " set last: CloudFormation sends the recorded count (1) only when it changes.");
        String page = viewer.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/environments/elastic/plans/"
                + off.get("id").asLong())).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).contains("id=\"task-count-note\"").contains("keeps the 2 tasks auto scaling set last");
        assertThat(admin.apply("elastic", off.get("id").asLong()).get("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode stopped = await().atMost(Duration.ofSeconds(5)).until(() -> json(admin.get("/api/v1/environments/elastic/scaling")),
                found -> !found.get("aws").get("registered").asBoolean());
        assertThat(stopped.get("desired").asInt()).as("what the plan said").isEqualTo(2);
    }

    private static String onCpu(int percent) {
        return """
                {"name":"elastic","region":"eu-west-1","vpcCidr":"10.94.0.0/16","allowedClientCidr":"0.0.0.0/0","containerPort":3000,
                 "imageTag":"v1","taskSize":"256/512","desiredCount":1,"healthCheckPath":"/health","logRetentionDays":7,
                 "autoScaling":true,"scalingMin":1,"scalingMax":2,"scalingMetric":"cpu","scalingTarget":%d}""".formatted(percent);
    }

    private List<Integer> desiredColumn(HttpClient viewer) throws Exception {
        JsonNode history = json(viewer.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/environments/elastic/service/history")).build(), HttpResponse.BodyHandlers.ofString()));
        return history.get("desired").values().stream().map(JsonNode::asInt).toList();
    }

    private static int answer(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
