package com.questportal.sandbox.ecr;

import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.runtime.AdminJson;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /_sandbox/images} (a path no AWS API uses): publishes a built jar as an image tag,
 * from {@code {"repository","tag","jar","javaOptions","env":{...},"region"}}; what
 * {@code java -jar sandbox.jar publish} calls.
 */
public final class ImagesEndpoint implements HttpHandler {

    private final EcrService ecr;
    private final String accountId;

    public ImagesEndpoint(EcrService ecr, String accountId) {
        this.ecr = ecr;
        this.accountId = accountId;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                AdminJson.send(exchange, 405, Map.of("message", "POST an image to publish"));
                return;
            }
            try {
                Map<String, Object> body = AdminJson.readObject(exchange);
                EcrService.PublishedImage image = ecr.publish(accountId, text(body, "region", "eu-west-1"), text(body, "repository", "quest"),
                        text(body, "tag", null), Path.of(text(body, "jar", null)), text(body, "javaOptions", ""), environment(body));
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("imageUri", image.imageUri());
                answer.put("digest", image.digest());
                answer.put("sizeInBytes", image.sizeInBytes());
                answer.put("repositoryCreated", image.repositoryCreated());
                AdminJson.send(exchange, 201, answer);
            } catch (IllegalArgumentException | ClassCastException e) {
                AdminJson.send(exchange, 400, Map.of("message", String.valueOf(e.getMessage())));
            } catch (AwsServiceException e) {
                AdminJson.send(exchange, e.status(), Map.of("message", e.getMessage(), "code", e.code()));
            }
        }
    }

    private static String text(Map<String, Object> body, String key, String fallback) {
        Object value = body.get(key);
        if (value == null || (value instanceof String text && text.isBlank())) {
            if (fallback == null) {
                throw new IllegalArgumentException("'" + key + "' is required");
            }
            return fallback;
        }
        return (String) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> body) {
        Map<String, String> environment = new LinkedHashMap<>();
        if (body.get("env") != null) {
            ((Map<String, Object>) body.get("env")).forEach((name, value) -> environment.put(name, String.valueOf(value)));
        }
        return environment;
    }
}
