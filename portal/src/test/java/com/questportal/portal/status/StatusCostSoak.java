package com.questportal.portal.status;

import static com.questportal.portal.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.questportal.portal.api.ApiClient;
import com.questportal.portal.browser.PortalUnderTest;
import com.questportal.portal.provisioning.QuestImages;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
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
 * The AWS requests of one minute with one viewer and with 200, one environment, the default poll interval (5 s): equal
 * within one poll round. Each viewer, signed in, loads the overview or the environment page and then asks what those
 * pages refresh (the list's rows, the service panel, the chart's history, the status API) about once a second. The
 * status pages are refreshed by the browser asking the portal, which answers from the poller's snapshot; there is no
 * status stream to open. Two minutes long, so outside the default build: {@code ./mvnw -B -q install -DskipTests} then
 * {@code ./mvnw -B -pl portal -Psoak verify}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.main.banner-mode=off")
class StatusCostSoak {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    /** The most one poll round of one environment asks: DescribeServices, ListTasks twice, DescribeTasks, DescribeTargetHealth. */
    private static final int ONE_ROUND = 5;

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    Sandbox sandbox;
    @Autowired
    MeterRegistry meters;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PasswordEncoder encoder;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        PortalUnderTest.freshDataDirectory(registry);
    }

    @Test
    void theAwsRequestsOfAMinuteAreTheSameWithOneViewerAndWithTwoHundred() throws Exception {
        QuestImages.publish(sandbox, "eu-west-1", "v1");
        ApiClient api = new ApiClient(port, tokens.issue("soak-" + System.nanoTime(), Role.ADMIN, null, null, "test").value());
        assertThat(api.post("/api/v1/environments", """
                {"name":"soak","region":"eu-west-1","vpcCidr":"10.90.0.0/16","allowedClientCidr":"0.0.0.0/0","containerPort":3000,
                 "imageTag":"v1","taskSize":"256/512","desiredCount":2,"healthCheckPath":"/health","logRetentionDays":7,
                 "secretWord":"TwelveFactor"}""").statusCode()).isEqualTo(201);
        String plan = api.post("/api/v1/environments/soak/plans", "").headers().firstValue("Location").orElseThrow();
        await().atMost(Duration.ofSeconds(60)).until(() -> json(api.get(plan)).get("status").asString().equals("READY"));
        String operation = api.post(plan + "/apply", "").headers().firstValue("Location").orElseThrow();
        await().atMost(Duration.ofSeconds(240)).until(() -> json(api.get(operation)).get("status").asString().equals("SUCCEEDED"));
        await().atMost(Duration.ofSeconds(90)).until(() -> json(api.get("/api/v1/environments/soak/status")).get("health").asString()
                .equals("Healthy"));
        PortalUnderTest.user(jdbc, encoder, "watcher", "VIEWER");

        AtomicLong answeredAlone = new AtomicLong();
        double alone = awsRequestsDuring(1, answeredAlone, api);
        AtomicLong answeredByMany = new AtomicLong();
        double watched = awsRequestsDuring(200, answeredByMany, api);

        System.out.printf("AWS requests in a minute: %.0f with 1 viewer (%d answers), %.0f with 200 viewers (%d answers)%n",
                alone, answeredAlone.get(), watched, answeredByMany.get());
        assertThat(alone).as("the poller read the service all minute").isGreaterThanOrEqualTo(2 * (MINUTE.toSeconds() / 5) - ONE_ROUND);
        assertThat(answeredByMany.get()).as("the 200 viewers were served").isGreaterThan(100L * answeredAlone.get());
        assertThat(Math.abs(watched - alone)).as("equal within one poll round").isLessThanOrEqualTo(ONE_ROUND);
    }

    /** The portal's requests to AWS while {@code viewers} people watch for a minute. */
    private double awsRequestsDuring(int viewers, AtomicLong answered, ApiClient api) throws Exception {
        HttpClient browser = PortalUnderTest.signedIn(port, "watcher");
        ExecutorService pool = Executors.newFixedThreadPool(viewers);
        double before = awsRequests();
        long end = System.nanoTime() + MINUTE.toNanos();
        List<Future<?>> watching = new ArrayList<>();
        String base = "http://localhost:" + port;
        for (int i = 0; i < viewers; i++) {
            boolean onOverview = i % 2 == 0;
            watching.add(pool.submit(() -> {
                get(browser, base + (onOverview ? "/environments" : "/environments/soak"), answered);
                while (System.nanoTime() < end) {
                    Thread.sleep(500 + ThreadLocalRandom.current().nextLong(1000));
                    if (onOverview) {
                        get(browser, base + "/environments?rows", answered);
                    } else {
                        get(browser, base + "/environments/soak/service", answered);
                        get(browser, base + "/environments/soak/service/history", answered);
                    }
                    if (api.get("/api/v1/environments/soak/status").statusCode() == 200) {
                        answered.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> viewer : watching) {
            viewer.get();
        }
        pool.shutdown();
        return awsRequests() - before;
    }

    private static void get(HttpClient browser, String url, AtomicLong answered) throws Exception {
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(url).isEqualTo(200);
        answered.incrementAndGet();
    }


    private double awsRequests() {
        return meters.find("portal.aws.requests").counters().stream().mapToDouble(Counter::count).sum();
    }
}
