package com.questportal.portal.lease;

import static com.questportal.portal.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.questportal.portal.api.ApiClient;
import com.questportal.portal.browser.PortalUnderTest;
import com.questportal.portal.database.Postgres;
import com.questportal.portal.provisioning.PortalProcess;
import com.questportal.portal.provisioning.QuestImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import tools.jackson.databind.JsonNode;

/**
 * Two portal processes on one PostgreSQL schema and one sandbox, as behind a load balancer: the one holding the
 * background lease follows operations and reads AWS; the other shows what it recorded and asks AWS nothing. Killed with
 * SIGKILL in the middle of an apply, the holder's lease passes to the other within the takeover time, which finishes the
 * operation once; and with people watching on both, the two together call AWS as often as one alone.
 */
@ExtendWith(Postgres.class)
class SeveralPortalsIntegrationTests {

    /** The README's takeover bound: the lease is tried every second, and PostgreSQL ends a killed holder's session at once. */
    static final Duration TAKEOVER = Duration.ofSeconds(5);

    private static final Pattern LEASE_TAKEN = Pattern.compile("event=lease_taken");
    private static final String TOKEN = "several-portals-token-0123456789abcdefghijklmnopqrstuvwxyz";
    /** The measured windows, in the holder's poll rounds (1 s apart here). */
    private static final int ROUNDS = 15;
    private static final String ONE_A_ROUND = "DescribeClusters";

    @TempDir
    Path work;
    private final List<PortalProcess> processes = new CopyOnWriteArrayList<>();
    private final String schema = "several_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @AfterEach
    void stopEverything() throws Exception {
        for (PortalProcess process : processes) {
            process.stop();
        }
        Postgres.dropSchema(schema);
    }

    @Test
    void theLeaseHolderDiesMidApplyAndTheOtherFinishesOnceThenBothTogetherCallAwsAsOneDoes() throws Exception {
        URI sandbox = startSandbox();
        QuestImages.publish(sandbox, "eu-west-1", "v1");
        String database = Postgres.url(schema);
        int portA = PortalProcess.freePort();
        int portB = PortalProcess.freePort();
        PortalProcess first = startPortal(portA, sandbox, database, "a");
        first.awaitLine(LEASE_TAKEN);
        PortalProcess second = startPortal(portB, sandbox, database, "b");
        ApiClient a = new ApiClient(portA, TOKEN);
        ApiClient b = new ApiClient(portB, TOKEN);

        assertThat(a.post("/api/v1/environments", """
                {"name":"shared","region":"eu-west-1","vpcCidr":"10.63.0.0/16","allowedClientCidr":"0.0.0.0/0","containerPort":3000,
                 "imageTag":"v1","taskSize":"256/512","desiredCount":1,"healthCheckPath":"/health","logRetentionDays":7,
                 "secretWord":"TwelveFactor"}""").statusCode()).isEqualTo(201);
        long plan = a.plan("shared").get("id").asLong();
        String operation = b.post("/api/v1/environments/shared/plans/" + plan + "/apply", "").headers().firstValue("Location").orElseThrow();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> json(b.get(operation)).get("events").size(), seen -> seen > 0);
        assertThat(json(b.get(operation)).get("status").asString()).isEqualTo("RUNNING");
        assertThat(second.lines(LEASE_TAKEN)).as("the second instance waits while the first holds the lease").isZero();

        first.kill();
        long killed = System.nanoTime();
        second.awaitLine(LEASE_TAKEN);
        Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
        System.out.println("several-portals: takeover " + takeover.toMillis() + " ms after kill -9");
        assertThat(takeover).as("the lease passes within the documented takeover time").isLessThan(TAKEOVER);

        JsonNode finished = await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> json(b.get(operation)), found -> !found.get("status").asString().equals("RUNNING"));
        assertThat(finished.get("status").asString()).as(finished + "\n" + second.errors()).isEqualTo("SUCCEEDED");
        assertThat(finished.get("events").findValuesAsString("status").stream().filter("CREATE_COMPLETE"::equals).count())
                .as("each resource's completion recorded once, the stack's too").isEqualTo(finished.get("resourcesTotal").asLong() + 1);
        try (CloudFormationClient cloudFormation = CloudFormationClient.builder().endpointOverride(sandbox).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            assertThat(cloudFormation.describeStackEvents(r -> r.stackName("quest-shared")).stackEvents()).as("one execution")
                    .filteredOn(event -> event.logicalResourceId().equals("quest-shared") && event.resourceStatusAsString().equals("CREATE_IN_PROGRESS"))
                    .hasSize(1);
        }

        // The first comes back and follows: it shows what the holder reads, Healthy, without asking AWS.
        PortalProcess back = startPortal(portA, sandbox, database, "a-again");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> json(a.get("/api/v1/environments/shared/status")).get("health").asString(), "Healthy"::equals);
        assertThat(back.lines(LEASE_TAKEN)).isZero();

        // Windows of whole poll rounds (the holder's cluster looks, one a round), so that a window's edges cut no round.
        HttpClient follows = PortalUnderTest.signedIn(portA, "admin", PortalProcess.BOOTSTRAP_PASSWORD);
        HttpClient holds = PortalUnderTest.signedIn(portB, "admin", PortalProcess.BOOTSTRAP_PASSWORD);
        Watchers both = Watchers.on(List.of(portA, portB));
        Map<String, Double> holderBefore = roundsLater(holds, portB, awsRequests(holds, portB), 1);
        Map<String, Double> followerBefore = awsRequests(follows, portA);
        Map<String, Double> holderWithTwo = since(holderBefore, roundsLater(holds, portB, holderBefore, ROUNDS));
        Map<String, Double> follower = since(followerBefore, awsRequests(follows, portA));
        both.stop();

        back.stop();
        processes.remove(back);
        Watchers one = Watchers.on(List.of(portB));
        Map<String, Double> before = roundsLater(holds, portB, awsRequests(holds, portB), 1);
        Map<String, Double> alone = since(before, roundsLater(holds, portB, before, ROUNDS));
        one.stop();

        // One poll round calls each operation the poller uses at most once for the one environment; whether a round in the
        // window describes the service (at least once a minute) is what makes two windows of one instance differ.
        Set<String> operations = new TreeSet<>(holderWithTwo.keySet());
        operations.addAll(alone.keySet());
        double together = total(holderWithTwo) + total(follower);
        System.out.printf("several-portals: AWS requests in %d poll rounds, people watching both: holder %.0f + follower %.0f = %.0f;"
                + " one instance alone: %.0f; one poll round: at most %d (one each of %s)%n", ROUNDS, total(holderWithTwo),
                total(follower), together, total(alone), operations.size(), operations);
        assertThat(both.answered()).as("the watchers were answered on both instances").isGreaterThan(20);
        assertThat(both.failed()).isZero();
        assertThat(one.answered()).isGreaterThan(10);
        assertThat(total(alone)).as("the holder read AWS in the window").isGreaterThan(0);
        assertThat(follower).as("the follower asks AWS nothing").isEmpty();
        assertThat(Math.abs(together - total(alone))).as("two together call AWS as often as one, within one poll round")
                .isLessThanOrEqualTo(operations.size());
    }

    private URI startSandbox() throws Exception {
        PortalProcess.Sandbox sandbox = PortalProcess.sandbox(work.resolve("sandbox"));
        processes.add(sandbox.process());
        return sandbox.endpoint();
    }

    private PortalProcess startPortal(int port, URI sandbox, String database, String name) throws Exception {
        PortalProcess portal = PortalProcess.portal(port, TOKEN, "--portal.data-dir=" + work.resolve(name), "--portal.sandbox.endpoint=" + sandbox,
                "--spring.datasource.url=" + database, "--spring.datasource.username=" + Postgres.user(),
                "--spring.datasource.password=" + Postgres.password(), "--portal.status.poll-interval=PT1S");
        processes.add(portal);
        return portal;
    }

    /** The instance's {@code portal.aws.requests} by operation, read by a signed-in admin; empty before its first AWS call. */
    private static Map<String, Double> awsRequests(HttpClient admin, int port) throws Exception {
        String metric = "http://localhost:" + port + "/actuator/metrics/portal.aws.requests";
        HttpResponse<String> all = admin.send(HttpRequest.newBuilder(URI.create(metric)).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Double> byOperation = new TreeMap<>();
        if (all.statusCode() == 404) {
            return byOperation;
        }
        assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
        for (JsonNode tag : json(all).get("availableTags")) {
            if (tag.get("tag").asString().equals("operation")) {
                for (JsonNode operation : tag.get("values")) {
                    byOperation.put(operation.asString(), count(admin, metric, operation.asString()));
                }
            }
        }
        return byOperation;
    }

    private static double count(HttpClient admin, String metric, String operation) throws Exception {
        HttpResponse<String> one = admin.send(HttpRequest.newBuilder(URI.create(metric + "?tag=operation:" + operation)).build(),
                HttpResponse.BodyHandlers.ofString());
        return one.statusCode() == 404 ? 0 : json(one).get("measurements").get(0).get("value").asDouble();
    }

    /** The instance's requests by operation the moment its poller has made {@code rounds} more rounds than {@code from} counts. */
    private static Map<String, Double> roundsLater(HttpClient admin, int port, Map<String, Double> from, int rounds) throws Exception {
        String metric = "http://localhost:" + port + "/actuator/metrics/portal.aws.requests";
        double target = from.getOrDefault(ONE_A_ROUND, 0.0) + rounds;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> count(admin, metric, ONE_A_ROUND) >= target);
        return awsRequests(admin, port);
    }

    /** The operations called between two readings, with how often. */
    private static Map<String, Double> since(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> called = new TreeMap<>();
        after.forEach((operation, count) -> {
            double delta = count - before.getOrDefault(operation, 0.0);
            if (delta > 0) {
                called.put(operation, delta);
            }
        });
        return called;
    }

    private static double total(Map<String, Double> byOperation) {
        return byOperation.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** People watching the environment's live status on each instance: its page's service panel and the status API. */
    private static final class Watchers {

        private final List<Thread> threads = new CopyOnWriteArrayList<>();
        private final AtomicInteger answered = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private volatile boolean running = true;

        static Watchers on(List<Integer> ports) throws Exception {
            Watchers watchers = new Watchers();
            for (int port : ports) {
                HttpClient person = PortalUnderTest.signedIn(port, "admin", PortalProcess.BOOTSTRAP_PASSWORD);
                ApiClient script = new ApiClient(port, TOKEN);
                Thread thread = new Thread(() -> {
                    while (watchers.running) {
                        try {
                            int page = person.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/environments/shared/service"))
                                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                            int api = script.get("/api/v1/environments/shared/status").statusCode();
                            (page == 200 && api == 200 ? watchers.answered : watchers.failed).incrementAndGet();
                            Thread.sleep(250);
                        } catch (Exception e) {
                            watchers.failed.incrementAndGet();
                        }
                    }
                });
                thread.setDaemon(true);
                thread.start();
                watchers.threads.add(thread);
            }
            return watchers;
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread thread : threads) {
                thread.join(5_000);
            }
        }

        int answered() {
            return answered.get();
        }

        int failed() {
            return failed.get();
        }
    }
}
