package com.questportal.portal.logs;

import static com.questportal.portal.api.ApiClient.json;

import com.questportal.portal.api.ApiClient;
import com.questportal.portal.bench.SandboxAndPortal;
import com.questportal.portal.provisioning.QuestImages;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * How soon a line a task writes reaches someone following the log: 1,000 requests through an environment's load balancer,
 * each one access-log line written by the quest's task, timed from the answer to the line's arrival on a Server-Sent Events
 * client of the portal's tail — one tail pushed by a StartLiveTail session, one polling FilterLogEvents because AWS refused it
 * a session — and, in the same run, on the same log group, on {@code aws logs tail --follow} (the AWS CLI v2). Then what 100
 * followers of one tail cost in CloudWatch Logs calls against one follower, live and polling. Run it with
 * {@code ./mvnw -B -pl portal -am -Plog-benchmark verify -DskipTests}.
 */
public final class LogTailBenchmark {

    private static final String TOKEN = "benchmark-token-0123456789abcdefghijklmnopqrstuvwxyz";
    private static final int LINES = 1_000;
    private static final int PER_SECOND = 20;
    private static final Pattern PROBE = Pattern.compile("bench-probe-(\\d+)");

    private LogTailBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (SandboxAndPortal processes = SandboxAndPortal.start("log-benchmark", "benchmark-password", TOKEN, Duration.ofSeconds(5))) {
            URI sandbox = processes.sandboxEndpoint();
            QuestImages.publish(sandbox, "eu-west-1", "v1");
            ApiClient api = new ApiClient(processes.port(), TOKEN);
            check(api.post("/api/v1/environments", """
                    {"name":"logbench","region":"eu-west-1","vpcCidr":"10.201.0.0/16","allowedClientCidr":"0.0.0.0/0","containerPort":3000,
                     "imageTag":"v1","taskSize":"256/512","desiredCount":1,"healthCheckPath":"/health","logRetentionDays":7,
                     "secretWord":"TwelveFactor"}""").statusCode() == 201, "the environment was not created");
            check(api.planAndApply("logbench").get("status").asString().equals("SUCCEEDED"), "the apply failed");
            JsonNode outputs = json(api.get("/api/v1/environments/logbench")).get("stack").get("outputs");
            String url = outputs.get("AlbUrl").asString();
            String group = outputs.get("LogGroupName").asString();
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (answer(http, url + "health") != 200) {
                check(System.nanoTime() < deadline, "the quest never answered through its load balancer");
                Thread.sleep(500);
            }

            long[] answered = new long[LINES];
            long[] onLive = new long[LINES];
            long[] onPolling = new long[LINES];
            long[] onCli = new long[LINES];
            ProcessBuilder follow = new ProcessBuilder("/usr/bin/aws", "logs", "tail", group, "--follow", "--format", "short", "--since",
                    "1m", "--endpoint-url", sandbox.toString(), "--region", "eu-west-1").redirectErrorStream(true);
            follow.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "AWS_PAGER", ""));
            Process cli = follow.start();
            Thread cliReader = reader("aws-logs-tail", () -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        arrived(line, onCli);
                    }
                }
                return null;
            });
            // Others hold 14 of the account's 15 live tail sessions: the portal's first tail gets the last one and is pushed
            // its lines; its second tail (a filter that matches the same lines) is refused one and polls. Both in one run.
            try (LiveTailSessions others = LiveTailSessions.hold(sandbox, group, 14);
                 SseClient live = tail(processes, "", "live"); SseClient polling = tail(processes, "bench-probe", "polling")) {
                Thread liveReader = lines("portal-live-tail", live, onLive);
                Thread pollingReader = lines("portal-polling-tail", polling, onPolling);
                Thread.sleep(5_000);
                long interval = 1_000_000_000L / PER_SECOND;
                long start = System.nanoTime();
                for (int i = 0; i < LINES; i++) {
                    long due = start + i * interval;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    check(answer(http, url + "bench-probe-" + i) == 404, "the quest did not answer probe " + i);
                    answered[i] = System.nanoTime();
                }
                long waitUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < waitUntil && (count(onLive) < LINES || count(onPolling) < LINES || count(onCli) < LINES)) {
                    Thread.sleep(200);
                }
                liveReader.interrupt();
                pollingReader.interrupt();
            } finally {
                cli.destroy();
                cliReader.interrupt();
            }

            double[] liveMs = latencies(answered, onLive);
            double[] pollingMs = latencies(answered, onPolling);
            double[] cliMs = latencies(answered, onCli);
            System.out.printf(Locale.ROOT, "%nLog tail benchmark: %d lines written by the quest's task (%d a second), from the answer to the"
                    + " line on each follower%n", LINES, PER_SECOND);
            System.out.printf(Locale.ROOT, "  %-48s %8s %8s %9s%n", "follower", "p50", "p99", "received");
            row("portal tail, pushed by StartLiveTail (SSE)", liveMs);
            row("portal tail, polling FilterLogEvents (SSE)", pollingMs);
            row("aws logs tail --follow (AWS CLI " + cliVersion() + ")", cliMs);
            check(liveMs.length >= LINES * 0.99 && pollingMs.length >= LINES * 0.99 && cliMs.length >= LINES * 0.99,
                    "a follower missed lines: the timings would not be of the same work");
            double cliP50 = percentile(cliMs, 50);
            System.out.printf(Locale.ROOT, "  live tail p50 %.1fx faster than the CLI's; goal p50 < 300 ms: %s%n", cliP50 / percentile(liveMs, 50),
                    percentile(liveMs, 50) < 300 ? "met" : "NOT met");
            System.out.printf(Locale.ROOT, "  polling p50 %.1fx faster than the CLI's; goal p50 < 1,500 ms and >= 3x: %s%n",
                    cliP50 / percentile(pollingMs, 50), percentile(pollingMs, 50) < 1_500 && cliP50 / percentile(pollingMs, 50) >= 3 ? "met" : "NOT met");

            // The latency phase's followers are closed: their readers stop once the portal's keep-alive finds them gone.
            Thread.sleep(8_000);
            Map<String, Double> liveOne = callsWith(processes, 1);
            Map<String, Double> liveHundred = callsWith(processes, 100);
            Map<String, Double> pollingOne;
            Map<String, Double> pollingHundred;
            try (LiveTailSessions others = LiveTailSessions.hold(sandbox, group, 15)) {
                pollingOne = callsWith(processes, 1);
                pollingHundred = callsWith(processes, 100);
            }
            System.out.printf(Locale.ROOT, "  CloudWatch Logs calls in 20 s of one tail, 1 follower against 100:%n");
            cost("live:    StartLiveTail", "StartLiveTail", liveOne, liveHundred);
            cost("live:    FilterLogEvents", "FilterLogEvents", liveOne, liveHundred);
            cost("polling: FilterLogEvents", "FilterLogEvents", pollingOne, pollingHundred);
            check(liveOne.get("StartLiveTail") == 1 && pollingOne.get("FilterLogEvents") > 0, "the cost phase did not tail");
            boolean same = liveHundred.get("StartLiveTail") == 1 && Math.abs(pollingHundred.get("FilterLogEvents")
                    - pollingOne.get("FilterLogEvents")) <= 2 && liveHundred.get("FilterLogEvents") <= liveOne.get("FilterLogEvents") + 1;
            System.out.printf(Locale.ROOT, "  goal: 100 followers cost the calls of one: %s%n", same ? "met" : "NOT met");
        }
    }

    /** A tail opened and settled in the mode expected of it. */
    private static SseClient tail(SandboxAndPortal processes, String filter, String mode) throws Exception {
        SseClient client = new SseClient(URI.create("http://localhost:" + processes.port() + "/api/v1/environments/logbench/logs/tail"
                + "?filter=" + filter), Map.of("Authorization", "Bearer " + TOKEN));
        check(client.status() == 200, "the portal's tail did not open");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode state = null;
        while (System.nanoTime() < deadline) {
            SseClient.Event status = client.next("status", Duration.ofMillis(200));
            if (status != null) {
                state = tools.jackson.databind.json.JsonMapper.builder().build().readTree(status.data());
                if (state.get("mode").asString().equals("live") || state.hasNonNull("note")) {
                    break;
                }
            }
        }
        if (state == null || !state.get("mode").asString().equals(mode)) {
            client.close();
            throw new IllegalStateException("the tail of '" + filter + "' did not settle " + mode + ": " + state);
        }
        return client;
    }

    private static Thread lines(String name, SseClient client, long[] at) {
        return reader(name, () -> {
            SseClient.Event event;
            while ((event = client.next(Duration.ofSeconds(60))) != null) {
                if (event.name().equals("line")) {
                    arrived(event.data(), at);
                }
            }
            return null;
        });
    }

    private static void row(String follower, double[] ms) {
        System.out.printf(Locale.ROOT, "  %-48s %6.0f ms %6.0f ms %5d/%d%n", follower, percentile(ms, 50), percentile(ms, 99), ms.length, LINES);
    }

    private static void cost(String what, String operation, Map<String, Double> one, Map<String, Double> hundred) {
        System.out.printf(Locale.ROOT, "    %-28s 1 follower %3.0f, 100 followers %3.0f%n", what, one.get(operation), hundred.get(operation));
    }

    /** The CloudWatch Logs calls the portal made while {@code followers} opened one tail and followed it for 20 s. */
    private static Map<String, Double> callsWith(SandboxAndPortal processes, int followers) throws Exception {
        List<SseClient> open = new ArrayList<>();
        Map<String, Double> before = processes.awsRequests();
        try {
            for (int i = 0; i < followers; i++) {
                open.add(new SseClient(URI.create("http://localhost:" + processes.port() + "/api/v1/environments/logbench/logs/tail"
                        + "?filter=bench"), Map.of("Authorization", "Bearer " + TOKEN)));
            }
            long opening = System.nanoTime();
            for (SseClient client : open) {
                check(client.status(Duration.ofSeconds(60)) == 200 && client.next("status", Duration.ofSeconds(30)) != null,
                        "a follower did not start");
            }
            System.out.printf(Locale.ROOT, "    (%d follower%s of one tail opened in %.1f s)%n", followers, followers == 1 ? "" : "s",
                    (System.nanoTime() - opening) / 1e9);
            Thread.sleep(20_000);
            Map<String, Double> after = processes.awsRequests();
            return Map.of("FilterLogEvents", after.getOrDefault("FilterLogEvents", 0.0) - before.getOrDefault("FilterLogEvents", 0.0),
                    "StartLiveTail", after.getOrDefault("StartLiveTail", 0.0) - before.getOrDefault("StartLiveTail", 0.0));
        } finally {
            for (SseClient client : open) {
                client.close();
            }
            // The closed followers' reader stops once the portal's keep-alive finds them gone.
            Thread.sleep(8_000);
        }
    }

    private static void arrived(String text, long[] at) {
        Matcher probe = PROBE.matcher(text);
        if (probe.find()) {
            int n = Integer.parseInt(probe.group(1));
            if (n < at.length && at[n] == 0) {
                at[n] = System.nanoTime();
            }
        }
    }

    private static double[] latencies(long[] answered, long[] arrived) {
        return java.util.stream.IntStream.range(0, answered.length).filter(i -> arrived[i] != 0)
                .mapToDouble(i -> Math.max(0, arrived[i] - answered[i]) / 1e6).sorted().toArray();
    }

    private static double percentile(double[] sorted, int percent) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percent / 100.0) - 1)];
    }

    private static long count(long[] at) {
        return Arrays.stream(at).filter(time -> time != 0).count();
    }

    private static int answer(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String cliVersion() throws Exception {
        Process version = new ProcessBuilder("/usr/bin/aws", "--version").redirectErrorStream(true).start();
        String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return text.split(" ")[0].replace("aws-cli/", "");
    }

    private static Thread reader(String name, java.util.concurrent.Callable<Void> work) {
        Thread thread = new Thread(() -> {
            try {
                work.call();
            } catch (Exception stopped) {
                // The benchmark ends the readers by closing what they read: nothing to report.
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException(what);
        }
    }
}
