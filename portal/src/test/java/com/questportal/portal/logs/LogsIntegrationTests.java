package com.questportal.portal.logs;

import static com.questportal.portal.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.questportal.portal.api.ApiClient;
import com.questportal.portal.browser.Chromium;
import com.questportal.portal.browser.PortalUnderTest;
import com.questportal.portal.provisioning.QuestImages;
import com.questportal.portal.security.ApiTokens;
import com.questportal.portal.security.Role;
import com.questportal.sandbox.Sandbox;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
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
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import tools.jackson.databind.JsonNode;

/**
 * The logs of a real environment in the embedded sandbox: its tasks' lines (the quest's access log, written by the task
 * processes through the awslogs driver) and lines this test writes itself with the SDK, as a late or hostile writer would.
 */
// A closed follower is noticed at the next keep-alive: every second here, so that the tests need not wait for readers to stop.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "portal.logs.keep-alive=PT1S")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogsIntegrationTests {

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
    @Autowired
    MeterRegistry meters;
    @Autowired
    LogTails tails;
    ApiClient operator;
    ApiClient admin;
    String token;
    String url;
    String group;
    CloudWatchLogsClient logs;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        PortalUnderTest.freshDataDirectory(registry);
    }

    @BeforeAll
    void anEnvironmentRuns() {
        QuestImages.publish(sandbox, "eu-west-1", "v1");
        admin = new ApiClient(port, tokens.issue("admin-" + System.nanoTime(), Role.ADMIN, null, null, "test").value());
        token = tokens.issue("oncall-" + System.nanoTime(), Role.OPERATOR, List.of("tail"), null, "test").value();
        operator = new ApiClient(port, token);
        HttpResponse<String> created = admin.post("/api/v1/environments", """
                {"name":"tail","region":"eu-west-1","vpcCidr":"10.93.0.0/16","allowedClientCidr":"0.0.0.0/0","containerPort":3000,
                 "imageTag":"v1","taskSize":"256/512","desiredCount":1,"healthCheckPath":"/health","logRetentionDays":7,
                 "secretWord":"TwelveFactor"}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode applied = admin.planAndApply("tail");
        assertThat(applied.get("status").asString()).as(applied.toString()).isEqualTo("SUCCEEDED");
        JsonNode outputs = json(admin.get("/api/v1/environments/tail")).get("stack").get("outputs");
        url = outputs.get("AlbUrl").asString();
        group = outputs.get("LogGroupName").asString();
        logs = CloudWatchLogsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        await().atMost(Duration.ofSeconds(60)).until(() -> answer("health") == 200);
    }

    @AfterAll
    void closeClient() {
        logs.close();
    }

    @Test
    @Order(1)
    void aRequestThroughTheLoadBalancerReachesATailFollowerWithinTwoSecondsPushedByStartLiveTail() throws Exception {
        double sessionsBefore = awsCalls("StartLiveTail");
        try (SseClient follower = tail("", "", null)) {
            assertThat(follower.status()).isEqualTo(200);
            JsonNode live = statusUntil(follower, state -> state.get("mode").asString().equals("live"));
            assertThat(live.hasNonNull("note")).as(live.toString()).isFalse();
            assertThat(awsCalls("StartLiveTail") - sessionsBefore).as("one StartLiveTail session for the tail").isEqualTo(1.0);
            assertLineWithinTwoSeconds(follower);
        }
    }

    @Test
    @Order(2)
    void twoFollowersOfOneTailShareOneLiveSessionAndPollNoMore() throws Exception {
        // The follower of the test before is gone once the portal's keep-alive finds its connection closed.
        await().atMost(Duration.ofSeconds(10)).until(() -> tails.readers() == 0);
        double sessionsBefore = awsCalls("StartLiveTail");
        try (SseClient first = tail("{ $.status = 404 }", "", null); SseClient second = tail("{ $.status = 404 }", "", null)) {
            statusUntil(first, state -> state.get("mode").asString().equals("live"));
            statusUntil(second, state -> state.get("mode").asString().equals("live"));
            assertThat(tails.readers()).as("one reader for the two followers of one tail").isEqualTo(1);
            assertThat(awsCalls("StartLiveTail") - sessionsBefore).as("one session for the two followers").isEqualTo(1.0);
            Thread.sleep(1_000);
            double before = awsCalls("FilterLogEvents");
            Thread.sleep(4_000);
            assertThat(awsCalls("FilterLogEvents") - before).as("FilterLogEvents calls in 4 s once CloudWatch pushes the lines").isZero();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> tails.readers() == 0);
    }

    @Test
    @Order(3)
    void whenAwsRefusesALiveTailSessionTheTailPollsSaysWhyAndTwoFollowersCostOneReadersCalls() throws Exception {
        // Someone else (the console, a script) holds all 15 live tail sessions the account has in the region.
        try (LiveTailSessions others = LiveTailSessions.hold(sandbox.endpoint(), group, 15)) {
            try (SseClient first = tail("", "", null); SseClient second = tail("", "", null)) {
                JsonNode polling = statusUntil(first, state -> state.hasNonNull("note"));
                assertThat(polling.get("mode").asString()).isEqualTo("polling");
                assertThat(polling.get("note").asString()).contains("15 live tail sessions").contains("polls FilterLogEvents instead");
                assertThat(tails.readers()).as("one reader for the two followers of one tail").isEqualTo(1);
                double before = awsCalls("FilterLogEvents");
                Thread.sleep(5_000);
                double calls = awsCalls("FilterLogEvents") - before;
                assertThat(calls).as("FilterLogEvents calls in 5 s for two followers of one tail, at one a second").isBetween(3.0, 7.0);
                assertLineWithinTwoSeconds(second);
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> tails.readers() == 0);
    }

    /** A request's access-log line reaches the follower within 2 s of the request. */
    private void assertLineWithinTwoSeconds(SseClient follower) throws Exception {
        String probe = "tail-probe-" + System.nanoTime();
        long sent = System.nanoTime();
        assertThat(answer(probe)).isEqualTo(404);
        SseClient.Event line;
        do {
            line = follower.next("line", Duration.ofSeconds(5));
        } while (line != null && !line.data().contains(probe));
        long took = Duration.ofNanos(System.nanoTime() - sent).toMillis();
        assertThat(line).as("the request's access-log line reached the follower").isNotNull();
        assertThat(took).as("from the request to the line on the follower, ms").isLessThan(2_000);
        JsonNode parsed = tools.jackson.databind.json.JsonMapper.builder().build().readTree(line.data());
        assertThat(parsed.get("message").asString()).contains("\"status\":404");
        assertThat(parsed.get("task").asString()).matches("[0-9a-f]+");
        assertThat(line.id()).isEqualTo(parsed.get("id").asString());
    }

    /** The first status the tail sends that {@code wanted} accepts (lines meanwhile are passed over). */
    private static JsonNode statusUntil(SseClient follower, java.util.function.Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            SseClient.Event status = follower.next("status", Duration.ofMillis(200));
            if (status != null) {
                JsonNode state = tools.jackson.databind.json.JsonMapper.builder().build().readTree(status.data());
                if (wanted.test(state)) {
                    return state;
                }
            }
        }
        throw new AssertionError("the tail never said where it stood as the test expects");
    }

    @Test
    @Order(4)
    void aJsonPatternReturnsOnlyTheLinesItMatchesAndAnInvalidOneGetsASentence() throws Exception {
        assertThat(answer("")).isEqualTo(200);
        JsonNode notFound = await().atMost(Duration.ofSeconds(10)).until(() -> json(operator.get("/api/v1/environments/tail/logs?filter="
                + encode("{ $.status = 404 }"))), page -> !page.get("lines").isEmpty());
        assertThat(notFound.get("lines").values()).allSatisfy(line -> assertThat(line.get("message").asString()).contains("\"status\":404"));
        JsonNode everything = json(operator.get("/api/v1/environments/tail/logs?size=1000"));
        assertThat(everything.get("lines").values()).anySatisfy(line -> assertThat(line.get("message").asString()).contains("\"status\":200"));

        HttpResponse<String> invalid = operator.get("/api/v1/environments/tail/logs?filter=" + encode("{ $.status = "));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid).get("detail").asString()).contains("does not understand the filter pattern");
        try (SseClient refused = new SseClient(URI.create("http://localhost:" + port + "/api/v1/environments/tail/logs/tail?filter="
                + encode("{ $.status = ")), Map.of("Authorization", "Bearer " + token))) {
            assertThat(refused.status()).isEqualTo(400);
        }
    }

    @Test
    @Order(5)
    void aSearchOverTenThousandEventsPagesBothWaysWithNoGapAndNoDuplicate() {
        String stream = "quest/quest/5ea4c";
        logs.createLogStream(r -> r.logGroupName(group).logStreamName(stream));
        Instant start = Instant.now().minus(Duration.ofHours(3));
        for (int batch = 0; batch < 10; batch++) {
            List<InputLogEvent> events = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                int n = batch * 1_000 + i;
                // Two events a millisecond, so that pages end in the middle of a millisecond too.
                events.add(InputLogEvent.builder().timestamp(start.toEpochMilli() + n / 2).message("event " + n).build());
            }
            logs.putLogEvents(r -> r.logGroupName(group).logStreamName(stream).logEvents(events));
        }
        String range = "&start=" + start + "&end=" + start.plusSeconds(60) + "&filter=" + encode("\"event\"");

        List<String> oldest = pages("oldest", range);
        assertThat(oldest).hasSize(10_000).doesNotHaveDuplicates();
        assertThat(oldest.get(0)).isEqualTo("event 0");
        assertThat(oldest.get(9_999)).isEqualTo("event 9999");
        List<String> newest = pages("newest", range);
        assertThat(newest).hasSize(10_000).doesNotHaveDuplicates();
        List<String> reversed = new ArrayList<>(newest);
        java.util.Collections.reverse(reversed);
        assertThat(reversed).isEqualTo(oldest);
    }

    @Test
    @Order(6)
    void aReconnectWithLastEventIdGetsExactlyTheMissedLinesAndALateEventShowsOnce() throws Exception {
        String task = "1a7e";
        String stream = "quest/quest/" + task;
        logs.createLogStream(r -> r.logGroupName(group).logStreamName(stream));
        String last;
        try (SseClient follower = tail("", task, null)) {
            write(stream, Instant.now(), "before 1", "before 2");
            last = lines(follower, 2).get(1).id();
        }
        write(stream, Instant.now(), "missed 1", "missed 2", "missed 3");
        try (SseClient again = tail("", task, last)) {
            assertThat(lines(again, 3)).extracting(SseClient.Event::data).allSatisfy(data -> assertThat(data).contains("missed"));
            write(stream, Instant.now().minusSeconds(5), "late, with an older time");
            assertThat(lines(again, 1).get(0).data()).contains("late, with an older time");
            assertThat(again.next("line", Duration.ofSeconds(3))).as("nothing twice, nothing else").isNull();
        }
    }

    @Test
    @Order(7)
    @ExtendWith(Chromium.class)
    void theTailInABrowserShowsALineWithoutAReloadEscapesHostileLinesAndMasksTheSecretWord(WebDriver browser) throws Exception {
        PortalUnderTest.user(jdbc, encoder, "olga", "OPERATOR");
        PortalUnderTest.signIn(browser, port, "olga");
        browser.get("http://localhost:" + port + "/environments/tail/logs");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15), Duration.ofMillis(100));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tail-status"), "Live"));

        String probe = "browser-probe-" + System.nanoTime();
        assertThat(answer(probe)).isEqualTo(404);
        wait.until(page -> page.findElements(By.cssSelector("#tail-lines .log-line")).stream()
                .anyMatch(line -> line.getText().contains(probe)));

        String stream = "quest/quest/5c417";
        logs.createLogStream(r -> r.logGroupName(group).logStreamName(stream));
        write(stream, Instant.now(), "<script>window.pwned = true</script>", "\u001b[31mred alert\u001b[0m",
                "the word is TwelveFactor, said the task");
        wait.until(page -> page.findElements(By.cssSelector("#tail-lines .log-line[data-task='5c417']")).size() == 3);
        List<String> shown = browser.findElements(By.cssSelector("#tail-lines .log-line[data-task='5c417'] .log-message")).stream()
                .map(element -> element.getText()).toList();
        assertThat(shown).containsExactly("<script>window.pwned = true</script>", "red alert", "the word is ••••••, said the task");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.pwned === undefined")).isEqualTo(true);
        assertThat(browser.getPageSource()).doesNotContain("TwelveFactor");

        browser.findElement(By.id("quick-5xx")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tail-status"), "Live"));
        assertThat(answer("")).isEqualTo(200);
        Thread.sleep(2_500);
        assertThat(browser.findElements(By.cssSelector("#tail-lines .log-line"))).as("no 2xx line under the 5xx filter").isEmpty();
    }

    @Test
    @Order(8)
    void viewersReadTheLogsOnlyWhereAnAdminAllowsIt() throws Exception {
        PortalUnderTest.user(jdbc, encoder, "vic", "VIEWER");
        HttpClient viewer = PortalUnderTest.signedIn(port, "vic");
        URI page = URI.create("http://localhost:" + port + "/environments/tail/logs");
        assertThat(viewer.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(403);

        JsonNode before = json(admin.get("/api/v1/environments/tail"));
        assertThat(before.get("logsForViewers").asBoolean()).isFalse();
        HttpResponse<String> opened = admin.put("/api/v1/environments/tail", """
                {"name":"tail","region":"eu-west-1","vpcCidr":"10.93.0.0/16","allowedClientCidr":"0.0.0.0/0","containerPort":3000,
                 "imageTag":"v1","taskSize":"256/512","desiredCount":1,"healthCheckPath":"/health","logRetentionDays":7,
                 "logsForViewers":true}""", "\"" + before.get("version").asLong() + "\"");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        assertThat(json(opened).get("logsForViewers").asBoolean()).isTrue();
        HttpResponse<String> shown = viewer.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("id=\"tail\"");
        assertThat(jdbc.queryForList("select detail from audit_event where action = 'environment.update' and environment = 'tail'",
                String.class)).anySatisfy(details -> assertThat(details).contains("logsForViewers"));
    }

    private List<String> pages(String order, String range) {
        List<String> messages = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String next = null;
        int pages = 0;
        do {
            JsonNode page = json(operator.get("/api/v1/environments/tail/logs?size=1000&order=" + order + range
                    + (next == null ? "" : "&next=" + encode(next))));
            page.get("lines").values().forEach(line -> {
                assertThat(ids.add(line.get("id").asString())).as("each line once").isTrue();
                messages.add(line.get("message").asString());
            });
            next = page.get("next").isNull() ? null : page.get("next").asString();
        } while (next != null && ++pages < 30);
        return messages;
    }

    private List<SseClient.Event> lines(SseClient follower, int count) throws InterruptedException {
        List<SseClient.Event> lines = new ArrayList<>();
        while (lines.size() < count) {
            SseClient.Event line = follower.next("line", Duration.ofSeconds(10));
            assertThat(line).as("line " + (lines.size() + 1) + " of " + count).isNotNull();
            lines.add(line);
        }
        return lines;
    }

    private void write(String stream, Instant at, String... messages) {
        List<InputLogEvent> events = new ArrayList<>();
        for (String message : messages) {
            events.add(InputLogEvent.builder().timestamp(at.toEpochMilli()).message(message).build());
        }
        logs.putLogEvents(r -> r.logGroupName(group).logStreamName(stream).logEvents(events));
    }

    private SseClient tail(String filter, String task, String lastEventId) {
        Map<String, String> headers = lastEventId == null ? Map.of("Authorization", "Bearer " + token)
                : Map.of("Authorization", "Bearer " + token, "Last-Event-ID", lastEventId);
        return new SseClient(URI.create("http://localhost:" + port + "/api/v1/environments/tail/logs/tail?filter=" + encode(filter)
                + "&task=" + encode(task)), headers);
    }

    private double awsCalls(String operation) {
        var counter = meters.find("portal.aws.requests").tag("operation", operation).counter();
        return counter == null ? 0 : counter.count();
    }

    private int answer(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
