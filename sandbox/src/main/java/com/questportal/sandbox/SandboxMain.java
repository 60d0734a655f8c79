package com.questportal.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The sandbox on its own, for the AWS CLI or another process:
 * {@code java -jar sandbox/target/sandbox.jar --port 4566 --data-dir ./sandbox-data}.
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        SandboxConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sandbox: " + e.getMessage());
            System.err.println("usage: java -jar sandbox.jar [--host 127.0.0.1] [--port 4566] [--data-dir ./sandbox-data]"
                    + " [--access-key test] [--secret-key test] [--account 000000000000] [--step-delay-ms 250]");
            System.exit(2);
            return;
        }
        Sandbox sandbox = Sandbox.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        System.out.println("Sandbox (not AWS) listening at " + sandbox.endpoint() + " for access key " + config.accessKeyId());
        stopped.await();
    }

    static SandboxConfig parse(String[] args) {
        SandboxConfig config = SandboxConfig.defaults(Path.of("sandbox-data"));
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
                case "--step-delay-ms" -> config = config.withStepDelay(java.time.Duration.ofMillis(port(value)));
                case "--access-key" -> accessKey = value;
                case "--secret-key" -> secretKey = value;
                case "--account" -> {
                    if (!value.matches("\\d{12}")) {
                        throw new IllegalArgumentException("--account must be 12 digits, was " + value);
                    }
                    account = value;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return config.withCredentials(accessKey, secretKey, account);
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
