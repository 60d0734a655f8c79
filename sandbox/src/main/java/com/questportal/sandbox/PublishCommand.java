package com.questportal.sandbox;

import com.questportal.sandbox.state.JsonValues;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code java -jar sandbox.jar publish --tag v2}: publishes the built quest-app (or another jar) as an
 * image tag in a running sandbox's ECR, the way {@code docker push} publishes an image to ECR.
 */
final class PublishCommand {

    static final String USAGE = "usage: java -jar sandbox.jar publish --tag <tag> [--repository quest] [--region eu-west-1]"
            + " [--jar quest-app/target/quest-app.jar] [--java-options @quest-app/jvm.options] [--env NAME=value]..."
            + " [--endpoint http://127.0.0.1:4566]";

    private PublishCommand() {
    }

    /** Returns the exit code: 0 published, 1 the sandbox refused or is not there, 2 the command line is wrong. */
    static int run(String[] args) throws InterruptedException {
        Map<String, Object> request = new LinkedHashMap<>();
        Map<String, String> environment = new LinkedHashMap<>();
        String endpoint = "http://127.0.0.1:" + SandboxConfig.DEFAULT_PORT;
        Path jar = Path.of("quest-app", "target", "quest-app.jar");
        Path defaultOptions = Path.of("quest-app", "jvm.options");
        String javaOptions = Files.isRegularFile(defaultOptions) ? "@" + defaultOptions.toAbsolutePath().normalize() : "";
        try {
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--tag" -> request.put("tag", value);
                    case "--repository" -> request.put("repository", value);
                    case "--region" -> request.put("region", value);
                    case "--jar" -> jar = Path.of(value);
                    case "--java-options" -> javaOptions = value;
                    case "--endpoint" -> endpoint = value;
                    case "--env" -> {
                        int equals = value.indexOf('=');
                        if (equals <= 0) {
                            throw new IllegalArgumentException("--env takes NAME=value, was " + value);
                        }
                        environment.put(value.substring(0, equals), value.substring(equals + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (!request.containsKey("tag")) {
                throw new IllegalArgumentException("--tag is required");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("sandbox publish: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        request.put("jar", jar.toAbsolutePath().normalize().toString());
        request.put("javaOptions", javaOptions);
        request.put("env", environment);
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint + "/_sandbox/images"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JsonValues.write(request))).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 201) {
                System.err.println("sandbox publish: the sandbox refused (" + response.statusCode() + "): " + response.body());
                return 1;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> image = (Map<String, Object>) JsonValues.read(response.body().getBytes(StandardCharsets.UTF_8));
            System.out.println("Published " + image.get("imageUri") + " (" + image.get("digest") + ", " + image.get("sizeInBytes")
                    + " bytes)" + (Boolean.TRUE.equals(image.get("repositoryCreated")) ? "; the repository was created" : ""));
            return 0;
        } catch (ConnectException e) {
            System.err.println("sandbox publish: no sandbox answers at " + endpoint + "; start one with java -jar sandbox.jar");
            return 1;
        } catch (IOException e) {
            System.err.println("sandbox publish: " + e.getMessage());
            return 1;
        }
    }
}
