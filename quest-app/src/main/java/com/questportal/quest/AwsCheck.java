package com.questportal.quest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;

/**
 * Passes when the process runs on AWS: the ECS task metadata endpoint v4 answers, or the
 * machine is EC2 hardware and its instance metadata service answers. The instance metadata
 * address is only contacted when the firmware says the machine is EC2, so the check sends
 * no traffic off the machine anywhere else.
 */
final class AwsCheck implements Check {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Pattern TASK_ARN = Pattern.compile("\"TaskARN\"\\s*:\\s*\"([^\"]+)\"");

    private final Path root;
    private final Map<String, String> environment;
    /** Made at the first /aws request: building it sets up TLS, a fifth of the quest's start otherwise. */
    private volatile HttpClient http;

    AwsCheck(Path root, Map<String, String> environment) {
        this.root = root;
        this.environment = environment;
    }

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
                }
                client = http;
            }
        }
        return client;
    }

    @Override
    public String name() {
        return "aws";
    }

    @Override
    public String question() {
        return "Is the quest running on AWS (ECS task metadata or EC2 instance metadata)?";
    }

    @Override
    public CheckResult run(HttpFields requestHeaders) {
        String taskMetadata = environment.get("ECS_CONTAINER_METADATA_URI_V4");
        if (taskMetadata != null && !taskMetadata.isBlank()) {
            return ecsTask(taskMetadata.trim());
        }
        if (isEc2Hardware() && !"true".equalsIgnoreCase(environment.get("AWS_EC2_METADATA_DISABLED"))) {
            return ec2Instance(environment.getOrDefault("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://169.254.169.254"));
        }
        return new CheckResult(name(), false,
                "Not on AWS: ECS_CONTAINER_METADATA_URI_V4 is not set and this machine is not EC2 hardware.");
    }

    private CheckResult ecsTask(String endpoint) {
        try {
            HttpResponse<String> response = http().send(
                    HttpRequest.newBuilder(URI.create(endpoint + "/task")).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return new CheckResult(name(), false,
                        "The ECS task metadata endpoint answered HTTP " + response.statusCode() + ".");
            }
            Matcher arn = TASK_ARN.matcher(response.body());
            String task = arn.find() ? " for task " + arn.group(1) : "";
            return new CheckResult(name(), true, "The ECS task metadata endpoint answered" + task + ".");
        } catch (IOException | IllegalArgumentException e) {
            return new CheckResult(name(), false, "The ECS task metadata endpoint did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CheckResult(name(), false, "Interrupted while asking the ECS task metadata endpoint.");
        }
    }

    private CheckResult ec2Instance(String endpoint) {
        try {
            HttpResponse<String> token = http().send(
                    HttpRequest.newBuilder(URI.create(endpoint + "/latest/api/token")).timeout(TIMEOUT)
                            .header("X-aws-ec2-metadata-token-ttl-seconds", "60")
                            .PUT(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> instance = http().send(
                    HttpRequest.newBuilder(URI.create(endpoint + "/latest/meta-data/instance-id")).timeout(TIMEOUT)
                            .header("X-aws-ec2-metadata-token", token.body()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (token.statusCode() != 200 || instance.statusCode() != 200) {
                return new CheckResult(name(), false, "EC2 hardware, but the instance metadata service refused: HTTP "
                        + token.statusCode() + " / " + instance.statusCode() + ".");
            }
            return new CheckResult(name(), true, "EC2 instance metadata answered for instance " + instance.body().trim() + ".");
        } catch (IOException | IllegalArgumentException e) {
            return new CheckResult(name(), false, "EC2 hardware, but instance metadata did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CheckResult(name(), false, "Interrupted while asking the EC2 instance metadata service.");
        }
    }

    private boolean isEc2Hardware() {
        return firstLine(root.resolve("sys/devices/virtual/dmi/id/sys_vendor")).filter(v -> v.startsWith("Amazon EC2")).isPresent()
                || firstLine(root.resolve("sys/hypervisor/uuid")).filter(v -> v.toLowerCase().startsWith("ec2")).isPresent();
    }

    private static Optional<String> firstLine(Path file) {
        try {
            return Files.readAllLines(file).stream().findFirst().map(String::trim);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
