package com.questportal.sandbox.bench;

import com.questportal.sandbox.Sandbox;
import com.questportal.sandbox.SandboxConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Control-plane latency of the sandbox as the portal sees it (real SDK clients, signed requests,
 * loopback HTTP), side by side with the floor: an unsigned request the endpoint refuses at once.
 * Run: ./mvnw -B -pl sandbox -am -Pbenchmark verify -DskipTests   (see the sandbox README).
 */
public final class ControlPlaneBenchmark {

    private static final int WARMUP = 20;
    private static final int SAMPLES = 200;

    private ControlPlaneBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("sandbox-bench");
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults(data).withPort(0).withStepDelay(Duration.ZERO))) {
            URI endpoint = sandbox.endpoint();
            var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
            try (CloudWatchLogsClient logs = CloudWatchLogsClient.builder().endpointOverride(endpoint).region(Region.EU_WEST_1)
                    .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
                 CloudFormationClient cloudFormation = CloudFormationClient.builder().endpointOverride(endpoint).region(Region.EU_WEST_1)
                    .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
                System.out.printf("sandbox control-plane benchmark, %s, %d cores, %s%n", java.time.Instant.now(),
                        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
                double floor = floor(endpoint);
                System.out.printf("%-58s p50 %7.2f ms%n", "floor: unsigned request refused by the endpoint", floor);

                long events = seedLogs(logs);
                report("FilterLogEvents, " + events + " events, term pattern (1% match)", floor, () -> logs.filterLogEvents(r -> r
                        .logGroupName("bench").filterPattern("\"\\\"status\\\":500\"")));
                report("FilterLogEvents, " + events + " events, JSON pattern { $.status = 500 }", floor, () -> logs.filterLogEvents(r -> r
                        .logGroupName("bench").filterPattern("{ $.status = 500 }")));
                report("FilterLogEvents, " + events + " events, newest 100 of 3 streams", floor, () -> logs.filterLogEvents(r -> r
                        .logGroupName("bench").startTime(System.currentTimeMillis() - 5_000).limit(100)));

                String stack = seedStack(cloudFormation);
                report("DescribeStackEvents, stack of " + cloudFormation.describeStackEvents(r -> r.stackName(stack)).stackEvents().size()
                        + " events (one page)", floor, () -> cloudFormation.describeStackEvents(r -> r.stackName(stack)));
                report("DescribeStacks, one stack", floor, () -> cloudFormation.describeStacks(r -> r.stackName(stack)));
            }
            sustained(endpoint, credentials);
        }
    }

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
        return total;
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

    private static double floor(URI endpoint) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(endpoint).header("X-Amz-Target", "AmazonSSM.GetParameter")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        double[] samples = new double[SAMPLES];
        for (int i = 0; i < WARMUP + SAMPLES; i++) {
            long start = System.nanoTime();
            http.send(request, HttpResponse.BodyHandlers.discarding());
            if (i >= WARMUP) {
                samples[i - WARMUP] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(samples);
        return samples[SAMPLES / 2];
    }

    private static void report(String name, double floor, Runnable call) {
        double[] samples = new double[SAMPLES];
        for (int i = 0; i < WARMUP + SAMPLES; i++) {
            long start = System.nanoTime();
            call.run();
            if (i >= WARMUP) {
                samples[i - WARMUP] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(samples);
        double p50 = samples[SAMPLES / 2];
        double p99 = samples[(int) (SAMPLES * 0.99)];
        System.out.printf("%-58s p50 %7.2f ms   p99 %7.2f ms   %5.1fx the floor%n", name, p50, p99, p50 / floor);
    }

    private static void sustained(URI endpoint, StaticCredentialsProvider credentials) throws Exception {
        int clients = 32;
        Duration length = Duration.ofSeconds(10);
        try (SsmClient setup = ssm(endpoint, credentials)) {
            setup.putParameter(r -> r.name("/bench/sustained").value("v").type(ParameterType.STRING));
        }
        LongAdder calls = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + length.toNanos();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(pool.submit(() -> {
                try (SsmClient ssm = ssm(endpoint, credentials)) {
                    while (System.nanoTime() < end) {
                        ssm.getParameter(r -> r.name("/bench/sustained"));
                        calls.increment();
                    }
                }
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        pool.shutdown();
        System.out.printf("%-58s %7.0f requests/s over %d s%n", "sustained GetParameter, " + clients + " concurrent SDK clients",
                calls.sum() / (double) length.toSeconds(), length.toSeconds());
    }

    private static SsmClient ssm(URI endpoint, StaticCredentialsProvider credentials) {
        return SsmClient.builder().endpointOverride(endpoint).region(Region.EU_WEST_1).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }
}
