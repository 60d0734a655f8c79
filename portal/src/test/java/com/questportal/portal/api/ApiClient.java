package com.questportal.portal.api;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The portal's JSON API as a script calls it: plain HTTP, a bearer token, JSON bodies. */
public final class ApiClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int port;
    private final String token;

    public ApiClient(int port, String token) {
        this.port = port;
        this.token = token;
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    public HttpResponse<String> post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A POST whose Content-Type the caller chooses, for the bodies a script gets wrong. */
    public HttpResponse<String> post(String path, String body, String contentType) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> put(String path, String json, String ifMatch) {
        HttpRequest.Builder builder = request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json));
        if (ifMatch != null) {
            builder.header("If-Match", ifMatch);
        }
        return send(builder);
    }

    public HttpResponse<String> delete(String path, String ifMatch) {
        HttpRequest.Builder builder = request(path).DELETE();
        if (ifMatch != null) {
            builder.header("If-Match", ifMatch);
        }
        return send(builder);
    }

    public HttpResponse<String> send(String method, String path, String json) {
        return send(request(path).header("Content-Type", "application/json").method(method, json == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A request the caller built whole (method, headers, body), sent with this client's token. */
    public HttpResponse<String> sendAuthorized(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    /** Plans the environment's recorded state, applies the plan and waits for the operation's end: the operation as it ended. */
    public JsonNode planAndApply(String environment) {
        return apply(environment, plan(environment).get("id").asLong());
    }

    /** Plans the environment's recorded state and waits until the plan is ready: the plan. */
    public JsonNode plan(String environment) {
        String plan = post("/api/v1/environments/" + environment + "/plans", "").headers().firstValue("Location").orElseThrow();
        return await().atMost(Duration.ofSeconds(60)).until(() -> json(get(plan)), found -> found.get("status").asString().equals("READY"));
    }

    /** Applies a ready plan and waits for the operation's end: the operation as it ended. */
    public JsonNode apply(String environment, long planId) {
        String operation = post("/api/v1/environments/" + environment + "/plans/" + planId + "/apply", "").headers()
                .firstValue("Location").orElseThrow();
        return await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500))
                .until(() -> json(get(operation)), found -> !found.get("status").asString().equals("RUNNING"));
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Accept", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the portal did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
