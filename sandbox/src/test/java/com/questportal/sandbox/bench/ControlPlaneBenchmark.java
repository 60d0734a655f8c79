package com.questportal.sandbox.bench;

import com.questportal.sandbox.Sandbox;
import com.questportal.sandbox.SandboxConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Control-plane latency of the sandbox, twice per call: as the portal sees it (real SDK clients with
 * the SDK's default HTTP client, Apache 5, signing, loopback HTTP and the SDK's parsing included)
 * and inside the sandbox (its Server-Timing header: from the request read to the response
 * encoded). Side by side with the floor: the machine's raw round trip to the same endpoint.
 * Run: ./mvnw -B -pl sandbox -am -Pbenchmark verify -DskipTests   (see the sandbox README).
 */
public final class ControlPlaneBenchmark {

    /** Enough samples that p99 is the 20th-worst call, not the 2nd. */
    private static final int DESCRIBE_SAMPLES = 2_000;
    /** FilterLogEvents scans 100k events per call; 300 samples keep the run near a minute. */
    private static final int SCAN_SAMPLES = 300;
    /** C2 keeps compiling for the first thousand or so calls; p99 before that measures the JIT. */
    private static final int WARMUP = 2_000;

    private ControlPlaneBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("sandbox-bench");
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults(data).withPort(0).withStepDelay(Duration.ZERO))) {
            URI endpoint = sandbox.endpoint();
            var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
            try (CloudWatchLogsClient logs = configure(CloudWatchLogsClient.builder(), endpoint, credentials).build();
                 CloudFormationClient cloudFormation = configure(CloudFormationClient.builder(), endpoint, credentials).build();
                 EcsClient ecs = configure(EcsClient.builder(), endpoint, credentials).build()) {
                System.out.printf("sandbox control-plane benchmark, %s, %d cores, %s%n", java.time.Instant.now(),
                        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
                System.out.printf("%-62s %18s %18s %18s%n", "", "SDK round trip", "", "in the sandbox");
                System.out.printf("%-62s %9s %9s %9s %9s %9s%n", "operation", "p50 ms", "p99 ms", "÷ floor", "p50 ms", "p99 ms");
                double floor = floor(endpoint);

                long newest = seedLogs(logs);
                long events = SEEDED_EVENTS;
                report("FilterLogEvents, " + events + " events, term pattern (1% match)", SCAN_SAMPLES, floor, () -> logs.filterLogEvents(r -> r
                        .logGroupName("bench").filterPattern("\"\\\"status\\\":500\"")).events().size());
                report("FilterLogEvents, " + events + " events, JSON pattern { $.status = 500 }", SCAN_SAMPLES, floor, () -> logs.filterLogEvents(r -> r
                        .logGroupName("bench").filterPattern("{ $.status = 500 }")).events().size());
                // The last 2 s of the three streams hold 300 events: a log tail's read of the newest page.
                report("FilterLogEvents, " + events + " events, newest 100 of 3 streams", DESCRIBE_SAMPLES, floor, () -> logs.filterLogEvents(r -> r
                        .logGroupName("bench").startTime(newest - 2_000).limit(100)).events().size());

                String stack = seedStack(cloudFormation);
                report("DescribeStackEvents, stack of " + cloudFormation.describeStackEvents(r -> r.stackName(stack)).stackEvents().size()
                        + " events (one page)", DESCRIBE_SAMPLES, floor, () -> cloudFormation.describeStackEvents(r -> r.stackName(stack))
                        .stackEvents().size());
                report("DescribeStacks, one stack", DESCRIBE_SAMPLES, floor, () -> cloudFormation.describeStacks(r -> r.stackName(stack))
                        .stacks().size());

                List<String> tasks = seedService(endpoint, credentials, ecs);
                report("DescribeServices, one service with 3 tasks", DESCRIBE_SAMPLES, floor, () -> ecs.describeServices(r -> r
                        .cluster("bench").services("bench")).services().size());
                report("DescribeTasks, the service's 3 running tasks", DESCRIBE_SAMPLES, floor, () -> ecs.describeTasks(r -> r
                        .cluster("bench").tasks(tasks)).tasks().size());
            }
            // The clients take CPU too: in the sandbox's own JVM they compete with it for the same heap and JIT, so the
            // sustained figure is a sandbox in a process of its own; the in-process figure is printed beside it.
            double inProcess = sustained(endpoint, credentials, "sandbox in the clients' JVM");
            try (SandboxProcess separate = SandboxProcess.start(Files.createTempDirectory("sandbox-bench-process"))) {
                double ownProcess = sustained(separate.endpoint, credentials, "sandbox in its own JVM");
                System.out.printf("%-62s %8.2fx%n", "  own JVM ÷ clients' JVM", ownProcess / inProcess);
            }
        }
    }

    private static final int SEEDED_EVENTS = 100_000;

    /** Puts 100k request-log events in three streams, 20 ms apart in each; returns the newest event's time. */
    private static long seedLogs(CloudWatchLogsClient logs) {
        logs.createLogGroup(r -> r.logGroupName("bench"));
        long now = System.currentTimeMillis();
        long total = 0;
        for (int stream = 0; stream < 3; stream++) {
            String name = "quest/quest/task-" + stream;
            logs.createLogStream(r -> r.logGroupName("bench").logStreamName(name));
            int perStream = stream == 0 ? 33_334 : 33_333;
            for (int put = 0; put < perStream; ) {
                List<InputLogEvent> events = new ArrayList<>();
                int size = Math.min(4_000, perStream - put);
                for (int i = 0; i < size; i++) {
                    long at = now - 700_000 + (put + i) * 20L + stream;
                    int status = (i % 100 == 0) ? 500 : 200;
                    events.add(InputLogEvent.builder().timestamp(at).message("{\"time\":\"" + java.time.Instant.ofEpochMilli(at)
                            + "\",\"event\":\"request\",\"method\":\"GET\",\"path\":\"/loadbalanced\",\"status\":" + status
                            + ",\"durationMs\":0.42,\"remote\":\"127.0.0.1\",\"forwardedFor\":\"203.0.113.7\"}").build());
                }
                logs.putLogEvents(r -> r.logGroupName("bench").logStreamName(name).logEvents(events));
                total += size;
                put += size;
            }
        }
        if (total != SEEDED_EVENTS) {
            throw new IllegalStateException("seeded " + total + " events, not " + SEEDED_EVENTS);
        }
        return now - 700_000 + 33_333 * 20L;
    }

    private static String seedStack(CloudFormationClient cloudFormation) {
        StringBuilder template = new StringBuilder("Resources:\n");
        for (int i = 0; i < 15; i++) {
            template.append("  P").append(i).append(":\n    Type: AWS::SSM::Parameter\n    Properties: {Name: /bench/p").append(i)
                    .append(", Type: String, Value: v").append(i).append("}\n");
        }
        cloudFormation.createStack(r -> r.stackName("bench").templateBody(template.toString()));
        cloudFormation.waiter().waitUntilStackCreateComplete(r -> r.stackName("bench"),
                w -> w.backoffStrategy(software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy.create(Duration.ofMillis(50))));
        return "bench";
    }

    /** A service of three real quest-app tasks, as one environment runs it. */
    private static List<String> seedService(URI endpoint, StaticCredentialsProvider credentials, EcsClient ecs) {
        Path jar = Path.of(System.getProperty("quest.jar", "../quest-app/target/quest-app.jar")).toAbsolutePath().normalize();
        Path options = Path.of(System.getProperty("quest.jvm.options", "../quest-app/jvm.options")).toAbsolutePath().normalize();
        try (EcrClient ecr = configure(EcrClient.builder(), endpoint, credentials).build()) {
            ecr.createRepository(r -> r.repositoryName("bench"));
            ecr.putImage(r -> r.repositoryName("bench").imageTag("v1").imageManifest("{\"layers\":[],\"annotations\":{"
                    + "\"com.questportal.sandbox.jar\":\"" + jar + "\",\"com.questportal.sandbox.java-options\":\"@" + options + "\"}}"));
        }
        ecs.createCluster(r -> r.clusterName("bench"));
        ecs.registerTaskDefinition(r -> r.family("bench").networkMode(NetworkMode.AWSVPC).requiresCompatibilities(Compatibility.FARGATE)
                .cpu("256").memory("512").containerDefinitions(c -> c.name("quest").essential(true)
                        .image("000000000000.dkr.ecr.eu-west-1.amazonaws.com/bench:v1").portMappings(p -> p.containerPort(3000))));
        ecs.createService(r -> r.cluster("bench").serviceName("bench").taskDefinition("bench:1").desiredCount(3).launchType("FARGATE")
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1"))));
        ecs.waiter().waitUntilServicesStable(r -> r.cluster("bench").services("bench"), w -> w.maxAttempts(600)
                .backoffStrategy(software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy.create(Duration.ofMillis(200))));
        return ecs.listTasks(r -> r.cluster("bench").serviceName("bench")).taskArns();
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, URI endpoint,
                                                                                                  StaticCredentialsProvider credentials) {
        builder.endpointOverride(endpoint).region(Region.EU_WEST_1).credentialsProvider(credentials)
                .overrideConfiguration(c -> c.addExecutionInterceptor(SERVER_TIMING));
        builder.httpClientBuilder(Apache5HttpClient.builder());
        return builder;
    }

    /** Keeps the sandbox's own time for the last call this thread made, from the Server-Timing header. */
    private static final ThreadLocal<Double> lastServerMillis = new ThreadLocal<>();

    private static final ExecutionInterceptor SERVER_TIMING = new ExecutionInterceptor() {
        @Override
        public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
            context.httpResponse().firstMatchingHeader("Server-Timing").ifPresent(header ->
                    lastServerMillis.set(Double.parseDouble(header.substring(header.indexOf("dur=") + 4))));
        }
    };

    /**
     * The machine's own round trip to this endpoint: an unsigned request, refused at once, over one
     * keep-alive socket with no client library at all.
     */
    private static double floor(URI endpoint) throws Exception {
        try (RawHttp http = new RawHttp(endpoint)) {
            Samples round = new Samples(DESCRIBE_SAMPLES);
            for (int i = 0; i < WARMUP + DESCRIBE_SAMPLES; i++) {
                long start = System.nanoTime();
                http.send("POST", "/", "X-Amz-Target: AmazonSSM.GetParameter\r\nContent-Type: application/x-amz-json-1.1\r\n", "{}");
                if (i >= WARMUP) {
                    round.add((System.nanoTime() - start) / 1e6);
                }
            }
            System.out.printf("%-62s %9.2f %9.2f %9s%n", "floor: unsigned request refused, raw socket", round.p50(), round.p99(), "1.0");
            return round.p50();
        }
    }

    /** Times {@code call}, which returns how many items it got: a call that got none did not do the work it is named for. */
    private static void report(String name, int count, double floor, java.util.function.IntSupplier call) {
        int warmup = Math.min(WARMUP, count);
        Samples roundTrip = new Samples(count);
        Samples inSandbox = new Samples(count);
        for (int i = 0; i < warmup + count; i++) {
            lastServerMillis.remove();
            long start = System.nanoTime();
            int items = call.getAsInt();
            if (items == 0) {
                throw new IllegalStateException(name + ": the call answered no items, so it timed nothing");
            }
            if (i >= warmup) {
                roundTrip.add((System.nanoTime() - start) / 1e6);
                inSandbox.add(lastServerMillis.get());
            }
        }
        System.out.printf("%-62s %9.2f %9.2f %8.1fx %9.2f %9.2f%n", name, roundTrip.p50(), roundTrip.p99(), roundTrip.p50() / floor,
                inSandbox.p50(), inSandbox.p99());
    }

    private static final int CLIENTS = 32;
    private static final Duration SUSTAINED = Duration.ofSeconds(10);

    /**
     * Requests per second of {@link #CLIENTS} SDK clients calling GetParameter as fast as they can, each call checked,
     * after as long again of the same load unmeasured: a sandbox in a fresh JVM is not compiled yet.
     */
    private static double sustained(URI endpoint, StaticCredentialsProvider credentials, String where) throws Exception {
        try (SsmClient setup = configure(SsmClient.builder(), endpoint, credentials).build()) {
            setup.putParameter(r -> r.name("/bench/sustained").value("v").type(ParameterType.STRING));
        }
        load(endpoint, credentials);
        double perSecond = load(endpoint, credentials) / (double) SUSTAINED.toSeconds();
        System.out.printf("%-62s %9.0f requests/s over %d s%n", "sustained GetParameter, " + CLIENTS + " SDK clients, " + where,
                perSecond, SUSTAINED.toSeconds());
        return perSecond;
    }

    private static long load(URI endpoint, StaticCredentialsProvider credentials) throws Exception {
        LongAdder calls = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long end = System.nanoTime() + SUSTAINED.toNanos();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(pool.submit(() -> {
                try (SsmClient ssm = configure(SsmClient.builder(), endpoint, credentials).build()) {
                    while (System.nanoTime() < end) {
                        if (!"v".equals(ssm.getParameter(r -> r.name("/bench/sustained")).parameter().value())) {
                            throw new IllegalStateException("GetParameter answered another value");
                        }
                        calls.increment();
                    }
                }
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        pool.shutdown();
        if (calls.sum() == 0) {
            throw new IllegalStateException("no GetParameter call completed");
        }
        return calls.sum();
    }
}
