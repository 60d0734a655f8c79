package com.questportal.sandbox.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The sandbox's resource bounds with three quest environments of three tasks each: the standalone
 * sandbox as its own process (so that its RSS is its own overhead, the nine task JVMs being
 * processes of their own), what its load balancer adds to a request at 200 requests/s against the
 * named baseline of the same request sent straight to a task, and how long a line a task writes to
 * stdout takes to be found by FilterLogEvents.
 * Run: ./mvnw -B -pl sandbox -am -Pbenchmark verify -DskipTests   (see the sandbox README).
 */
public final class ResourceBenchmark {

    private static final List<String> ENVIRONMENTS = List.of("dev", "test", "prod");
    private static final int RATE = 200;
    private static final Duration LOAD = Duration.ofSeconds(20);
    private static final int LOG_PROBES = 100;

    private ResourceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("sandbox-resources");
        String javaOptions = SandboxProcess.javaOptions();
        SandboxProcess started = SandboxProcess.start(work, "--step-delay-ms", "50");
        Process sandbox = started.process;
        RssSampler rss = new RssSampler(sandbox.pid());
        try {
            URI endpoint = started.endpoint;
            System.out.printf("sandbox resource benchmark, %s, %d cores, %s, sandbox pid %d, sandbox JVM options: %s%n",
                    java.time.Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), sandbox.pid(),
                    javaOptions.isBlank() ? "(none)" : javaOptions);
            rss.start();
            var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
            List<String> urls = new ArrayList<>();
            try (CloudFormationClient cloudFormation = CloudFormationClient.builder().endpointOverride(endpoint).region(Region.EU_WEST_1)
                    .credentialsProvider(credentials).httpClientBuilder(Apache5HttpClient.builder()).build();
                 EcsClient ecs = EcsClient.builder().endpointOverride(endpoint).region(Region.EU_WEST_1)
                    .credentialsProvider(credentials).httpClientBuilder(Apache5HttpClient.builder()).build();
                 CloudWatchLogsClient logs = CloudWatchLogsClient.builder().endpointOverride(endpoint).region(Region.EU_WEST_1)
                    .credentialsProvider(credentials).httpClientBuilder(Apache5HttpClient.builder()).build()) {
                long deployStart = System.nanoTime();
                publishImages(endpoint, credentials);
                String template = Files.readString(Path.of(System.getProperty("quest.template", "../infra-templates/quest-environment.yaml")));
                for (String environment : ENVIRONMENTS) {
                    cloudFormation.createStack(r -> r.stackName("quest-" + environment).templateBody(template)
                            .capabilities(Capability.CAPABILITY_NAMED_IAM).parameters(parameter("EnvironmentName", environment),
                                    parameter("ImageTag", "v1"), parameter("DesiredCount", "3"),
                                    parameter("SecretWordParameterName", "/quest/" + environment + "/secret_word")));
                }
                for (String environment : ENVIRONMENTS) {
                    cloudFormation.waiter().waitUntilStackCreateComplete(r -> r.stackName("quest-" + environment), w -> w.maxAttempts(600)
                            .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(500))));
                    ecs.waiter().waitUntilServicesStable(r -> r.cluster(environment + "-quest_ecs").services(environment + "-quest_service"),
                            w -> w.maxAttempts(600).backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(500))));
                    urls.add(cloudFormation.describeStacks(r -> r.stackName("quest-" + environment)).stacks().get(0).outputs().stream()
                            .filter(output -> output.outputKey().equals("AlbUrl")).findFirst().orElseThrow().outputValue());
                }
                System.out.printf("%-62s %9.1f s%n", "3 environments x 3 tasks deployed and stable", (System.nanoTime() - deployStart) / 1e9);
                String task = ecs.describeTasks(r -> r.cluster("dev-quest_ecs").tasks(ecs.listTasks(l -> l.cluster("dev-quest_ecs"))
                        .taskArns())).tasks().get(0).containers().get(0).networkInterfaces().get(0).privateIpv4Address();
                long steady = rss.current();
                System.out.printf("%-62s %9.1f MB%n", "sandbox RSS, 9 tasks running, idle", steady / 1e6);
                proxyOverhead(urls.get(0), "http://" + task + ":3000/");
                logLatency(logs, urls.get(0));
                System.out.printf("%-62s %9.1f MB   goal < 256 MB%n", "sandbox RSS, peak over the whole run", rss.peak() / 1e6);
                System.out.printf("%-62s %9.1f MB%n", "for comparison: one task's JVM (quest-app), RSS", taskRss(sandbox) / 1e6);
            }
        } finally {
            rss.stop();
            started.close();
        }
    }

    private static void publishImages(URI endpoint, StaticCredentialsProvider credentials) {
        Path jar = Path.of(System.getProperty("quest.jar", "../quest-app/target/quest-app.jar")).toAbsolutePath().normalize();
        Path options = Path.of(System.getProperty("quest.jvm.options", "../quest-app/jvm.options")).toAbsolutePath().normalize();
        try (EcrClient ecr = EcrClient.builder().endpointOverride(endpoint).region(Region.EU_WEST_1).credentialsProvider(credentials)
                .httpClientBuilder(Apache5HttpClient.builder()).build();
             SsmClient ssm = SsmClient.builder().endpointOverride(endpoint).region(Region.EU_WEST_1).credentialsProvider(credentials)
                .httpClientBuilder(Apache5HttpClient.builder()).build()) {
            ecr.createRepository(r -> r.repositoryName("quest"));
            ecr.putImage(r -> r.repositoryName("quest").imageTag("v1").imageManifest("{\"layers\":[],\"annotations\":{"
                    + "\"com.questportal.sandbox.jar\":\"" + jar + "\",\"com.questportal.sandbox.java-options\":\"@" + options + "\"}}"));
            for (String environment : ENVIRONMENTS) {
                ssm.putParameter(r -> r.name("/quest/" + environment + "/secret_word").value("TwelveFactor").type(ParameterType.SECURE_STRING));
            }
        }
    }

    /**
     * 200 requests/s through the load balancer and, interleaved, 200 requests/s of the same request
     * straight to one of its tasks (the baseline), each over one keep-alive connection with no client
     * library: the difference is what the proxy adds.
     */
    private static void proxyOverhead(String albUrl, String directUrl) throws Exception {
        try (RawHttp viaAlb = new RawHttp(URI.create(albUrl)); RawHttp direct = new RawHttp(URI.create(directUrl))) {
            for (int i = 0; i < 5_000; i++) {
                viaAlb.get("/version");
                direct.get("/version");
            }
            int count = (int) (LOAD.toSeconds() * RATE);
            Samples alb = new Samples(count);
            Samples straight = new Samples(count);
            int errors = 0;
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long wait = start + i * (1_000_000_000L / RATE) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                long t0 = System.nanoTime();
                errors += viaAlb.get("/version") == 200 ? 0 : 1;
                long t1 = System.nanoTime();
                errors += direct.get("/version") == 200 ? 0 : 1;
                long t2 = System.nanoTime();
                alb.add((t1 - t0) / 1e6);
                straight.add((t2 - t1) / 1e6);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double albP50 = alb.p50();
            double albP99 = alb.p99();
            double directP50 = straight.p50();
            double directP99 = straight.p99();
            System.out.printf("%-62s %9.0f req/s, %d non-200%n", "GET /version through the load balancer, paced, keep-alive", count / seconds,
                    errors);
            System.out.printf("%-62s p50 %6.2f ms   p99 %6.2f ms%n", "baseline: straight to a task", directP50, directP99);
            System.out.printf("%-62s p50 %6.2f ms   p99 %6.2f ms%n", "through the load balancer", albP50, albP99);
            System.out.printf("%-62s p50 %6.2f ms   p99 %6.2f ms   goal p99 < 2 ms (%.2fx the baseline's p99)%n",
                    "what the load balancer adds", albP50 - directP50, albP99 - directP99, albP99 / directP99);
        }
    }

    /** A request with a path of its own through the load balancer, then FilterLogEvents until its access-log line is found. */
    private static void logLatency(CloudWatchLogsClient logs, String albUrl) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Samples latencies = new Samples(LOG_PROBES);
        for (int i = 0; i < LOG_PROBES; i++) {
            String path = "/log-probe-" + i + "-" + System.nanoTime();
            http.send(HttpRequest.newBuilder(URI.create(albUrl + path.substring(1))).build(), HttpResponse.BodyHandlers.discarding());
            long answered = System.nanoTime();
            while (logs.filterLogEvents(r -> r.logGroupName("dev-quest_task_logs").filterPattern("\"" + path + "\"")
                    .startTime(System.currentTimeMillis() - 60_000)).events().isEmpty()) {
                if (System.nanoTime() - answered > Duration.ofSeconds(10).toNanos()) {
                    throw new IllegalStateException("the access-log line of " + path + " never reached CloudWatch Logs");
                }
                Thread.sleep(5);
            }
            latencies.add((System.nanoTime() - answered) / 1e6);
        }
        System.out.printf("%-62s p50 %6.0f ms   p99 %6.0f ms   goal p99 < 1000 ms%n",
                "task's stdout line → found by FilterLogEvents (" + LOG_PROBES + " probes)",
                latencies.p50(), latencies.p99());
    }

    private static long taskRss(Process sandbox) {
        return sandbox.toHandle().children().filter(ProcessHandle::isAlive).findFirst().map(child -> RssSampler.rssOf(child.pid()))
                .orElse(0L);
    }

    private static Parameter parameter(String key, String value) {
        return Parameter.builder().parameterKey(key).parameterValue(value).build();
    }

    /** VmRSS of a process from /proc, sampled every 200 ms, keeping the peak. */
    private static final class RssSampler {
        private final long pid;
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;
        private Thread thread;

        RssSampler(long pid) {
            this.pid = pid;
        }

        void start() {
            thread = new Thread(() -> {
                while (running) {
                    current();
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        long current() {
            long now = rssOf(pid);
            peak.accumulateAndGet(now, Math::max);
            return now;
        }

        long peak() {
            current();
            return peak.get();
        }

        void stop() {
            running = false;
            if (thread != null) {
                thread.interrupt();
            }
        }

        static long rssOf(long pid) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                    }
                }
            } catch (IOException | NumberFormatException gone) {
                return 0;
            }
            return 0;
        }
    }
}
