package com.questportal.portal.deployment;

import static com.questportal.portal.api.ApiClient.json;

import com.questportal.portal.api.ApiClient;
import com.questportal.portal.bench.SandboxAndPortal;
import com.questportal.portal.provisioning.QuestImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import tools.jackson.databind.JsonNode;

/**
 * A deploy and a rollback of an environment of two tasks, in the standalone sandbox with the portal jar, while a client sends
 * 50 requests a second through the load balancer. For each: the time from the click (the API call) to ECS's rollout being
 * complete (the benchmark asks ECS itself every 100 ms), to the portal saying the deployment succeeded, and to the status
 * showing every task on the new tag and Healthy; the portal's overhead beyond the rollout; and the 5xx answers the client saw.
 */
public final class DeployBenchmark {

    private static final String TOKEN = "benchmark-token-0123456789abcdefghijklmnopqrstuvwxyz";
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
    private static final int REQUESTS_PER_SECOND = 50;

    /** What the client saw through the load balancer while one phase ran. */
    private static final class Load {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong fiveXx = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final ConcurrentHashMap<String, AtomicLong> tags = new ConcurrentHashMap<>();
    }

    private DeployBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (SandboxAndPortal processes = SandboxAndPortal.start("deploy-benchmark", "benchmark-password", TOKEN, POLL_INTERVAL)) {
            URI sandbox = processes.sandboxEndpoint();
            int port = processes.port();
            QuestImages.publish(sandbox, "eu-west-1", "v1");
            QuestImages.publish(sandbox, "eu-west-1", "v2");
            ApiClient api = new ApiClient(port, TOKEN);
            JsonNode stack = provision(api);
            String url = stack.get("AlbUrl").asString();
            try (EcsClient ecs = EcsClient.builder().endpointOverride(sandbox).region(Region.EU_WEST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
                Supplier<Service> service = () -> ecs.describeServices(r -> r.cluster(stack.get("ClusterName").asString())
                        .services(stack.get("ServiceName").asString())).services().get(0);
                System.out.printf(Locale.ROOT, "%nDeploy benchmark: one environment of 2 tasks, %d requests/s through its load balancer,"
                        + " status poll interval %d s%n", REQUESTS_PER_SECOND, POLL_INTERVAL.toSeconds());
                boolean clean = phase("deploy v1 -> v2", api, url, service, "v2",
                        () -> api.post("/api/v1/environments/bench/deployments", "{\"imageTag\":\"v2\"}"));
                clean &= phase("rollback v2 -> v1", api, url, service, "v1",
                        () -> api.post("/api/v1/environments/bench/deployments/rollback", ""));
                System.out.printf(Locale.ROOT, "  goal: no 5xx during the deploy and the rollback, portal overhead under one poll interval"
                        + " (%d s): %s%n", POLL_INTERVAL.toSeconds(), clean ? "met" : "NOT met");
            }
        }
    }

    private static JsonNode provision(ApiClient api) throws Exception {
        HttpResponse<String> created = api.post("/api/v1/environments", """
                {"name":"bench","region":"eu-west-1","vpcCidr":"10.200.0.0/16","allowedClientCidr":"0.0.0.0/0","containerPort":3000,
                 "imageTag":"v1","taskSize":"256/512","desiredCount":2,"healthCheckPath":"/health","logRetentionDays":7,
                 "secretWord":"TwelveFactor"}""");
        check(created.statusCode() == 201, created.body());
        String plan = api.post("/api/v1/environments/bench/plans", "").headers().firstValue("Location").orElseThrow();
        until(() -> !json(api.get(plan)).get("status").asString().equals("CREATING"), Duration.ofMinutes(2));
        String operation = api.post(plan + "/apply", "").headers().firstValue("Location").orElseThrow();
        until(() -> !json(api.get(operation)).get("status").asString().equals("RUNNING"), Duration.ofMinutes(5));
        check(json(api.get(operation)).get("status").asString().equals("SUCCEEDED"), "the apply failed");
        until(() -> json(api.get("/api/v1/environments/bench/status")).get("health").asString().equals("Healthy"), Duration.ofMinutes(2));
        return json(api.get("/api/v1/environments/bench")).get("stack").get("outputs");
    }

    /** One deploy under load; true when the client saw no 5xx and the portal's overhead stayed within one poll interval. */
    private static boolean phase(String name, ApiClient api, String url, Supplier<Service> service, String tag,
                                 Supplier<HttpResponse<String>> click) throws Exception {
        Load load = new Load();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ScheduledExecutorService client = Executors.newSingleThreadScheduledExecutor();
        client.scheduleAtFixedRate(() -> {
            load.sent.incrementAndGet();
            http.sendAsync(HttpRequest.newBuilder(URI.create(url + "version")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((answer, failure) -> {
                        if (failure != null) {
                            load.failed.incrementAndGet();
                        } else if (answer.statusCode() >= 500) {
                            load.fiveXx.incrementAndGet();
                        } else {
                            String answered = answer.body().replaceAll(".*\"imageTag\":\"([^\"]*)\".*", "$1");
                            load.tags.computeIfAbsent(answered, key -> new AtomicLong()).incrementAndGet();
                        }
                    });
        }, 0, 1000 / REQUESTS_PER_SECOND, TimeUnit.MILLISECONDS);
        Thread.sleep(2000);
        String previousTaskDefinition = service.get().taskDefinition();
        long clicked = System.nanoTime();
        HttpResponse<String> started = click.get();
        check(started.statusCode() == 202, started.body());
        String deployment = started.headers().firstValue("Location").orElseThrow();
        double rolledOut = Double.NaN;
        double portalSaid = Double.NaN;
        double statusShowed = Double.NaN;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while ((Double.isNaN(rolledOut) || Double.isNaN(portalSaid) || Double.isNaN(statusShowed)) && System.nanoTime() < deadline) {
            Service now = service.get();
            if (Double.isNaN(rolledOut) && !now.taskDefinition().equals(previousTaskDefinition) && now.deployments().size() == 1
                    && "COMPLETED".equals(now.deployments().get(0).rolloutStateAsString()) && now.runningCount() == now.desiredCount()) {
                rolledOut = seconds(clicked);
            }
            if (Double.isNaN(portalSaid) && !json(api.get(deployment)).get("status").asString().equals("RUNNING")) {
                portalSaid = seconds(clicked);
                check(json(api.get(deployment)).get("status").asString().equals("SUCCEEDED"), "the deployment failed: "
                        + api.get(deployment).body());
            }
            JsonNode status = json(api.get("/api/v1/environments/bench/status"));
            if (Double.isNaN(statusShowed) && status.get("health").asString().equals("Healthy")
                    && status.get("runningTags").values().stream().map(JsonNode::asString).toList().equals(List.of(tag))) {
                statusShowed = seconds(clicked);
            }
            Thread.sleep(100);
        }
        Thread.sleep(2000);
        client.shutdownNow();
        Thread.sleep(1000);
        check(!Double.isNaN(rolledOut) && !Double.isNaN(portalSaid) && !Double.isNaN(statusShowed), name + " did not finish in 5 minutes");
        check(load.sent.get() > 0 && load.tags.containsKey(tag), name + ": the client's requests never reached " + tag);
        double overhead = portalSaid - rolledOut;
        System.out.printf(Locale.ROOT, "  %-18s click -> ECS rollout complete %5.1f s; -> portal says SUCCEEDED %5.1f s (overhead %4.1f s);"
                + " -> status shows every task on %s, Healthy %5.1f s%n", name, rolledOut, portalSaid, overhead, tag, statusShowed);
        System.out.printf(Locale.ROOT, "  %-18s %d requests sent: answers by tag %s, 5xx %d, no answer %d%n", "", load.sent.get(),
                load.tags, load.fiveXx.get(), load.failed.get());
        return load.fiveXx.get() == 0 && load.failed.get() == 0 && overhead < POLL_INTERVAL.toSeconds();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void until(Supplier<Boolean> done, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!done.get()) {
            check(System.nanoTime() < deadline, "not done within " + patience);
            Thread.sleep(500);
        }
    }

    private static void check(boolean holds, String otherwise) {
        if (!holds) {
            throw new IllegalStateException(otherwise);
        }
    }
}
