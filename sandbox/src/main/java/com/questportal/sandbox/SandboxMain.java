package com.questportal.sandbox;

import com.questportal.sandbox.faults.FaultRule;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The sandbox on its own, for the AWS CLI or another process:
 * {@code java -jar sandbox/target/sandbox.jar --port 4566 --data-dir ./sandbox-data}.
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    /** What the command line asks for. */
    record Options(SandboxConfig config, List<FaultRule> faults) {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length > 0 && args[0].equals("publish")) {
            System.exit(PublishCommand.run(Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sandbox: " + e.getMessage());
            System.err.println("usage: java -jar sandbox.jar [--host 127.0.0.1] [--port 4566] [--data-dir ./sandbox-data]"
                    + " [--access-key test] [--secret-key test] [--account 000000000000] [--step-delay-ms 250] [--scaling-period-ms 60000]"
                    + " [--fault <service>[.<operation>]=<latency:ms|throttle|unavailable>[,rate:0.5][,count:3]]...");
            System.err.println("   or: " + PublishCommand.USAGE.substring("usage: ".length()));
            System.exit(2);
            return;
        }
        SandboxConfig config = options.config();
        Sandbox sandbox = Sandbox.start(config);
        options.faults().forEach(rule -> System.out.println("Injecting fault " + sandbox.faults().add(rule).toJson(0)));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        System.out.println("Sandbox (not AWS) listening at " + sandbox.endpoint() + " for access key " + config.accessKeyId());
        stopped.await();
    }

    static Options parse(String[] args) {
        SandboxConfig config = SandboxConfig.defaults(Path.of("sandbox-data"));
        List<FaultRule> faults = new ArrayList<>();
        String accessKey = config.accessKeyId();
        String secretKey = config.secretAccessKey();
        String account = config.accountId();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--host" -> config = config.withHost(value);
                case "--port" -> config = config.withPort(port(value));
                case "--data-dir" -> config = config.withDataDir(Path.of(value));
                case "--step-delay-ms" -> config = config.withStepDelay(millis("--step-delay-ms", value, 0));
                case "--scaling-period-ms" -> config = config.withScalingPeriod(millis("--scaling-period-ms", value, 1));
                case "--access-key" -> accessKey = value;
                case "--secret-key" -> secretKey = value;
                case "--fault" -> faults.add(FaultRule.parse("cli-" + (faults.size() + 1), value));
                case "--account" -> {
                    if (!value.matches("\\d{12}")) {
                        throw new IllegalArgumentException("--account must be 12 digits, was " + value);
                    }
                    account = value;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new Options(config.withCredentials(accessKey, secretKey, account), List.copyOf(faults));
    }

    private static Duration millis(String option, String value, long least) {
        try {
            long millis = Long.parseLong(value);
            if (millis < least || millis > 3_600_000) {
                throw new IllegalArgumentException(option + " must be between " + least + " and 3600000 (ms), was " + value);
            }
            return Duration.ofMillis(millis);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number of milliseconds, was " + value, e);
        }
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be between 0 and 65535, was " + value);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number, was " + value, e);
        }
    }
}
