package com.questportal.portal.status;

import static com.questportal.portal.api.ApiClient.json;

import com.questportal.portal.api.ApiClient;
import com.questportal.portal.bench.Processes;
import com.questportal.portal.bench.SandboxAndPortal;
import com.questportal.portal.browser.PortalUnderTest;
import com.questportal.portal.provisioning.QuestImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import tools.jackson.databind.JsonNode;

/**
 * What watching costs, with many people watching many environments while AWS is slow: the standalone sandbox (its own
 * JVM) adds 300 ms to every call of every service the pages need, the portal jar (its own JVM) watches N environments
 * (default 20), and V viewers (default 200) each load a page and then refresh its live parts every 5 s, as the pages' own
 * scripts do, for a minute. Measured in the same run, the baseline: the same viewers, each view reading the service from
 * AWS itself (DescribeServices, ListTasks twice, DescribeTasks, DescribeTargetHealth) — what a page without a shared
 * poller costs. Prints page latencies, errors and AWS calls per minute side by side, with the ratio. Every page is
 * loaded three times before the window (not counted), so that the figures are of a portal in use, not of cold code.
 * {@code ./mvnw -B -pl portal -am -Pstatus-benchmark verify -DskipTests} ({@code -Denvironments=N -Dviewers=V}).
 */
public final class StatusBenchmark {

    /** The status poller's operations: what the bound is about. */
    private static final java.util.Set<String> STATUS_READS = java.util.Set.of("DescribeClusters", "DescribeServices", "ListTasks",
            "DescribeTasks", "DescribeTaskDefinition", "DescribeTargetHealth");

    private static final String TOKEN = "benchmark-token-0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String PASSWORD = "benchmark-password";
    private static final Duration WINDOW = Duration.ofSeconds(Long.getLong("window.seconds", 60));
    private static final Duration REFRESH = Duration.ofSeconds(5);
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
    private static final long LATENCY_MILLIS = 300;
    private static final StaticCredentialsProvider SANDBOX_KEY = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    /** What the viewers saw in one run: each request's latency by page, and the answers that were not 200. */
    private record Views(List<Double> overview, List<Double> environmentPage, List<Double> livePanels, long errors) {
    }

    private StatusBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int environments = Integer.getInteger("environments", 20);
        int viewers = Integer.getInteger("viewers", 200);
        try (SandboxAndPortal processes = SandboxAndPortal.start("status-benchmark", PASSWORD, TOKEN, POLL_INTERVAL)) {
            URI sandbox = processes.sandboxEndpoint();
            int port = processes.port();
            QuestImages.publish(sandbox, "eu-west-1", "v1");
            ApiClient api = new ApiClient(port, TOKEN);
            List<String> names = provision(api, environments);
            awaitAllHealthy(api, names);
            for (String service : List.of("ecs", "elasticloadbalancing", "ssm", "cloudformation", "sts", "logs", "monitoring")) {
                addLatency(sandbox, service);
            }
            Thread.sleep(POLL_INTERVAL.multipliedBy(3).toMillis());

            HttpClient browser = PortalUnderTest.signedIn(port, "admin", PASSWORD);
            warmUp(browser, port, names);
            Map<String, Double> callsBefore = processes.awsRequests();
            long watchStarted = System.nanoTime();
            Views shared = watchThePortal(browser, port, names, viewers);
            Map<String, Double> calls = new TreeMap<>();
            processes.awsRequests().forEach((operation, count) -> calls.put(operation, count - callsBefore.getOrDefault(operation, 0.0)));
            double watchedMinutes = (System.nanoTime() - watchStarted) / 60e9;
            AtomicLong naiveCalls = new AtomicLong();
            long naiveStarted = System.nanoTime();
            List<Double> naiveViews = watchAwsDirectly(sandbox, api, names, viewers, naiveCalls);
            double naiveMinutes = (System.nanoTime() - naiveStarted) / 60e9;
            report(environments, viewers, shared, calls, watchedMinutes, naiveViews, naiveCalls.get(), naiveMinutes);
        }
    }

    private static List<String> provision(ApiClient api, int environments) throws Exception {
        List<String> names = new ArrayList<>();
        List<String> operations = new ArrayList<>();
        for (int i = 0; i < environments; i++) {
            String name = "watched" + i;
            names.add(name);
            check(api.post("/api/v1/environments", """
                    {"name":"%s","region":"eu-west-1","vpcCidr":"10.%d.0.0/16","allowedClientCidr":"0.0.0.0/0","containerPort":3000,
                     "imageTag":"v1","taskSize":"256/512","desiredCount":1,"healthCheckPath":"/health","logRetentionDays":7,
                     "secretWord":"TwelveFactor"}""".formatted(name, 100 + i)), 201);
        }
        for (String name : names) {
            String plan = api.post("/api/v1/environments/" + name + "/plans", "").headers().firstValue("Location").orElseThrow();
            awaitNot(api, plan, "CREATING", Duration.ofMinutes(2));
            operations.add(api.post(plan + "/apply", "").headers().firstValue("Location").orElseThrow());
        }
        for (String operation : operations) {
            JsonNode done = awaitNot(api, operation, "RUNNING", Duration.ofMinutes(10));
            if (!done.get("status").asString().equals("SUCCEEDED")) {
                throw new IllegalStateException("an apply failed: " + done);
            }
        }
        System.out.printf(Locale.ROOT, "%d environments provisioned, one task each%n", environments);
        return names;
    }

    private static void awaitAllHealthy(ApiClient api, List<String> names) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        for (String name : names) {
            while (!json(api.get("/api/v1/environments/" + name + "/status")).get("health").asString().equals("Healthy")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " did not become Healthy within 5 minutes");
                }
                Thread.sleep(500);
            }
        }
        System.out.println("every environment Healthy");
    }

    private static void addLatency(URI sandbox, String service) throws Exception {
        HttpResponse<String> added = HttpClient.newHttpClient().send(HttpRequest.newBuilder(sandbox.resolve("/_sandbox/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"" + service + "\",\"latencyMillis\":" + LATENCY_MILLIS + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        check(added, 201);
    }

    /** Each viewer loads a page, then refreshes what that page refreshes every 5 s, for the window. */
    private static Views watchThePortal(HttpClient browser, int port, List<String> names, int viewers) throws Exception {
        List<Double> overview = Collections.synchronizedList(new ArrayList<>());
        List<Double> environmentPage = Collections.synchronizedList(new ArrayList<>());
        List<Double> live = Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong();
        runViewers(viewers, viewer -> {
            String name = names.get(viewer % names.size());
            boolean onOverview = viewer % 2 == 0;
            String base = "http://localhost:" + port;
            if (onOverview) {
                time(browser, base + "/environments", overview, errors);
            } else {
                time(browser, base + "/environments/" + name, environmentPage, errors);
                time(browser, base + "/environments/" + name + "/stack", live, errors);
            }
            return () -> {
                if (onOverview) {
                    time(browser, base + "/environments?rows", live, errors);
                } else {
                    time(browser, base + "/environments/" + name + "/service", live, errors);
                    time(browser, base + "/environments/" + name + "/service/history", live, errors);
                    time(browser, base + "/environments/" + name + "/traffic", live, errors);
                }
            };
        });
        return new Views(overview, environmentPage, live, errors.get());
    }

    /**
     * Three passes over every page the viewers load, not counted: the first renders of a template run cold code (the
     * portal had answered only the API until then), which a portal in use for a day has long left behind.
     */
    private static void warmUp(HttpClient browser, int port, List<String> names) {
        AtomicLong errors = new AtomicLong();
        List<Double> ignored = new ArrayList<>();
        String base = "http://localhost:" + port;
        for (int pass = 0; pass < 3; pass++) {
            time(browser, base + "/environments", ignored, errors);
            for (String name : names) {
                for (String page : List.of("", "/stack", "/service", "/service/history", "/traffic")) {
                    time(browser, base + "/environments/" + name + page, ignored, errors);
                }
            }
        }
        if (errors.get() > 0) {
            throw new IllegalStateException(errors.get() + " pages failed during the warm-up");
        }
    }

    /** The baseline: each view of an environment reads its service from AWS, as a page without the shared poller would. */
    private static List<Double> watchAwsDirectly(URI sandbox, ApiClient api, List<String> names, int viewers, AtomicLong calls)
            throws Exception {
        List<Double> views = Collections.synchronizedList(new ArrayList<>());
        try (EcsClient ecs = EcsClient.builder().endpointOverride(sandbox).region(Region.EU_WEST_1).credentialsProvider(SANDBOX_KEY)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
             ElasticLoadBalancingV2Client elb = ElasticLoadBalancingV2Client.builder().endpointOverride(sandbox).region(Region.EU_WEST_1)
                     .credentialsProvider(SANDBOX_KEY).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            List<JsonNode> outputs = names.stream().map(name -> json(api.get("/api/v1/environments/" + name)).get("stack").get("outputs"))
                    .toList();
            runViewers(viewers, viewer -> {
                JsonNode stack = outputs.get(viewer % outputs.size());
                Runnable view = () -> {
                    long start = System.nanoTime();
                    String cluster = stack.get("ClusterName").asString();
                    String service = stack.get("ServiceName").asString();
                    ecs.describeServices(r -> r.cluster(cluster).services(service));
                    List<String> running = ecs.listTasks(r -> r.cluster(cluster).serviceName(service)).taskArns();
                    List<String> stopped = ecs.listTasks(r -> r.cluster(cluster).serviceName(service).desiredStatus(DesiredStatus.STOPPED))
                            .taskArns();
                    List<String> tasks = new ArrayList<>(running);
                    tasks.addAll(stopped);
                    ecs.describeTasks(r -> r.cluster(cluster).tasks(tasks));
                    elb.describeTargetHealth(r -> r.targetGroupArn(stack.get("TargetGroupArn").asString()));
                    calls.addAndGet(5);
                    views.add((System.nanoTime() - start) / 1e6);
                };
                view.run();
                return view;
            });
        }
        return views;
    }

    private interface Viewer {
        /** Loads the viewer's page, and answers what it then does every 5 s. */
        Runnable open(int viewer) throws Exception;
    }

    /** V viewers, their first loads spread over the first 5 s, each refreshing every 5 s until the window ends. */
    private static void runViewers(int viewers, Viewer open) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(viewers);
        long end = System.nanoTime() + WINDOW.toNanos();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < viewers; i++) {
            int viewer = i;
            running.add(pool.submit(() -> {
                Thread.sleep(ThreadLocalRandom.current().nextLong(REFRESH.toMillis()));
                Runnable refresh = open.open(viewer);
                while (System.nanoTime() < end) {
                    Thread.sleep(REFRESH.toMillis());
                    refresh.run();
                }
                return null;
            }));
        }
        for (Future<?> viewer : running) {
            viewer.get();
        }
        pool.shutdown();
    }

    private static void time(HttpClient browser, String url, List<Double> latencies, AtomicLong errors) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            latencies.add((System.nanoTime() - start) / 1e6);
            if (answer.statusCode() != 200 || answer.body().isEmpty()) {
                errors.incrementAndGet();
            }
        } catch (java.io.IOException e) {
            errors.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    private static void report(int environments, int viewers, Views shared, Map<String, Double> calls, double watchedMinutes,
                               List<Double> naive, long naiveCalls, double naiveMinutes) {
        double minutes = watchedMinutes;
        double portalCalls = calls.entrySet().stream().filter(entry -> STATUS_READS.contains(entry.getKey()))
                .mapToDouble(Map.Entry::getValue).sum();
        double metricCalls = calls.getOrDefault("GetMetricData", 0.0);
        double otherCalls = calls.values().stream().mapToDouble(Double::doubleValue).sum() - portalCalls - metricCalls;
        double bound = (environments / 10.0 + environments + 4) * (60.0 / POLL_INTERVAL.toSeconds());
        System.out.println();
        System.out.printf(Locale.ROOT, "Status benchmark: %d environments, %d viewers for %d s, every AWS call of the pages' services +%d ms"
                + " (sandbox in its own JVM, portal jar in its own JVM, poll interval %d s); AWS calls counted over the %.1f minutes the"
                + " viewers watched, the baseline's over its own %.1f%n", environments, viewers, WINDOW.toSeconds(),
                LATENCY_MILLIS, POLL_INTERVAL.toSeconds(), minutes, naiveMinutes);
        line("overview page", shared.overview());
        line("environment page", shared.environmentPage());
        line("live refreshes (rows, panels, chart)", shared.livePanels());
        System.out.printf(Locale.ROOT, "  errors (non-200 or no answer): %d%n", shared.errors());
        System.out.printf(Locale.ROOT, "  portal's AWS calls per minute, by operation: %s%n", calls.entrySet().stream()
                .map(entry -> String.format(Locale.ROOT, "%s %.0f", entry.getKey(), entry.getValue() / minutes))
                .collect(java.util.stream.Collectors.joining(", ")));
        System.out.printf(Locale.ROOT, "  status poller (ECS and ELBv2): %.0f AWS calls per minute (%.1f per environment per poll round; the issue's bound"
                + " (environments / 10 + target groups + 4) x (60 / interval) = %.0f: %s)%n", portalCalls / minutes,
                portalCalls / minutes / environments / (60.0 / POLL_INTERVAL.toSeconds()), bound, portalCalls / minutes <= bound ? "met" : "NOT met");
        System.out.printf(Locale.ROOT, "  and for the traffic charts: %.0f CloudWatch GetMetricData calls per minute (one per environment and"
                + " refresh, however many look); other calls (the secret words' state in SSM, kept fresh in the background): %.0f%n",
                metricCalls / minutes, otherCalls / minutes);
        System.out.printf(Locale.ROOT, "  baseline, each view reading AWS itself: %d views, p50 %.0f ms, p99 %.0f ms; %.0f AWS calls per minute%n",
                naive.size(), Processes.median(naive), Processes.percentile(naive, 99), naiveCalls / naiveMinutes);
        System.out.printf(Locale.ROOT, "  ratio: the baseline makes %.1fx the portal's AWS calls; its views' p99 is %.1fx the environment"
                + " page's%n", naiveCalls / naiveMinutes / Math.max(1e-9, portalCalls / minutes), Processes.percentile(naive, 99)
                / Processes.percentile(shared.environmentPage(), 99));
        boolean pagesFast = Processes.percentile(shared.overview(), 99) < 100 && Processes.percentile(shared.environmentPage(), 99) < 100;
        System.out.printf(Locale.ROOT, "  goal p99 < 100 ms for the overview and the environment page with no errors: %s%n",
                pagesFast && shared.errors() == 0 ? "met" : "NOT met");
        if (shared.overview().isEmpty() || shared.environmentPage().isEmpty() || naive.isEmpty() || portalCalls <= 0) {
            throw new IllegalStateException("a measurement is empty: the benchmark did not do the work it reports");
        }
    }

    private static void line(String what, List<Double> latencies) {
        System.out.printf(Locale.ROOT, "  %-38s %6d requests, p50 %6.1f ms, p99 %6.1f ms, max %6.1f ms%n", what, latencies.size(),
                Processes.median(latencies), Processes.percentile(latencies, 99), Processes.max(latencies));
    }

    private static JsonNode awaitNot(ApiClient api, String url, String status, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode found = json(api.get(url));
            if (!found.get("status").asString().equals(status)) {
                return found;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(url + " stayed " + status + " for " + patience);
    }

    private static void check(HttpResponse<String> answer, int expected) {
        if (answer.statusCode() != expected) {
            throw new IllegalStateException("expected " + expected + ", got " + answer.statusCode() + ": " + answer.body());
        }
    }
}
