package com.questportal.quest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/** Every route of the quest behind one handler: limits, method, path, then the answer. */
final class QuestRoutes extends Handler.Abstract {

    static final int MAX_URI_LENGTH = 8192;
    static final int MAX_HEADER_BYTES = 16 * 1024;
    static final int MAX_HEADERS = 100;

    private static final byte[] UP = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DRAINING = "{\"status\":\"DRAINING\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] FAILING = "{\"status\":\"FAILING\"}".getBytes(StandardCharsets.UTF_8);

    private final Map<String, Check> checks = new LinkedHashMap<>();
    private final Map<String, Html.CheckPage> checkPages = new LinkedHashMap<>();
    private final BooleanSupplier draining;
    /** An image published with QUEST_FAIL_HEALTH_CHECK fails its load balancer's health check on purpose, to show a bad rollout. */
    private final boolean failsHealthCheck;
    private final byte[] index;
    private final byte[] version;

    QuestRoutes(QuestConfig config, List<Check> checks, BooleanSupplier draining) {
        this.draining = draining;
        this.failsHealthCheck = "true".equalsIgnoreCase(config.environment().get("QUEST_FAIL_HEALTH_CHECK"));
        checks.forEach(check -> {
            this.checks.put("/" + check.name(), check);
            this.checkPages.put("/" + check.name(), new Html.CheckPage(check));
        });
        this.index = indexPage(config).getBytes(StandardCharsets.UTF_8);
        this.version = ("{\"imageTag\":" + Json.quote(config.imageTag()) + ",\"version\":" + Json.quote(config.buildVersion())
                + ",\"buildTime\":" + Json.quote(config.buildTime()) + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** Blocking (Jetty runs it on a pool thread): the /aws check asks a metadata endpoint over HTTP. */
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange exchange = new Exchange(request, response, callback);
        if (request.getHttpURI().getPathQuery().length() > MAX_URI_LENGTH) {
            problem(exchange, 414, "URI too long", "The request URI is longer than " + MAX_URI_LENGTH + " characters.");
            return true;
        }
        if (headerBytes(request.getHeaders()) > MAX_HEADER_BYTES || request.getHeaders().size() > MAX_HEADERS) {
            problem(exchange, 431, "Request header fields too large",
                    "The request headers are larger than " + MAX_HEADER_BYTES + " bytes or more than "
                            + MAX_HEADERS + " fields.");
            return true;
        }
        String path = Request.getPathInContext(request);
        if (!isKnown(path)) {
            problem(exchange, 404, "Not found", "There is no page at " + path + ".");
            return true;
        }
        String method = request.getMethod();
        if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            problem(exchange, 405, "Method not allowed", method + " is not allowed here; use GET.");
            return true;
        }
        route(exchange, path);
        return true;
    }

    private boolean isKnown(String path) {
        return path.equals("/") || path.equals("/health") || path.equals("/version") || checks.containsKey(path);
    }

    private void route(Exchange exchange, String path) {
        switch (path) {
            case "/" -> send(exchange, 200, "text/html; charset=utf-8", index);
            case "/health" -> {
                boolean drains = draining.getAsBoolean();
                send(exchange, drains || failsHealthCheck ? 503 : 200, "application/json",
                        drains ? DRAINING : failsHealthCheck ? FAILING : UP);
            }
            case "/version" -> send(exchange, 200, "application/json", version);
            default -> {
                Check check = checks.get(path);
                CheckResult result = check.run(exchange.request().getHeaders());
                if (wantsJson(exchange)) {
                    send(exchange, 200, "application/json", result.toJson());
                } else {
                    send(exchange, 200, "text/html; charset=utf-8", checkPages.get(path).render(result));
                }
            }
        }
    }

    private String indexPage(QuestConfig config) {
        StringBuilder links = new StringBuilder("<ul>");
        checks.values().forEach(check -> links.append("<li><a href=\"/").append(Html.escape(check.name())).append("\">/")
                .append(Html.escape(check.name())).append("</a> — ").append(Html.escape(check.question())).append("</li>"));
        links.append("</ul>");
        return Html.page("Welcome", "<h1>Welcome to the quest</h1>"
                + "<p>The secret word is <strong id=\"secret-word\">" + Html.escape(config.builtInSecretWord()) + "</strong>.</p>"
                + "<p>Hand it to the container as <code>SECRET_WORD</code>, then pass every check:</p>" + links
                + "<p>Image tag <code>" + Html.escape(config.imageTag()) + "</code> · <a href=\"/health\">/health</a>"
                + " · <a href=\"/version\">/version</a></p>");
    }

    private void problem(Exchange exchange, int status, String title, String detail) {
        Problem problem = new Problem(status, title, detail);
        boolean json = wantsJson(exchange);
        send(exchange, status, problem.contentType(json), problem.body(json));
    }

    private void send(Exchange exchange, int status, String contentType, String body) {
        send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private void send(Exchange exchange, int status, String contentType, byte[] bytes) {
        Response response = exchange.response();
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, contentType);
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put(HttpHeader.CONTENT_LENGTH, (long) bytes.length);
        // The quest reads no request body: what a client sent is discarded, and a connection whose body has not all
        // arrived is closed, so that a client reusing it never reads its next answer from a half-read request.
        if (draining.getAsBoolean() || !exchange.request().consumeAvailable()) {
            headers.put(HttpHeader.CONNECTION, "close");
        }
        boolean head = HttpMethod.HEAD.is(exchange.request().getMethod());
        response.write(true, head ? BufferUtil.EMPTY_BUFFER : ByteBuffer.wrap(bytes), exchange.callback());
    }

    private static boolean wantsJson(Exchange exchange) {
        return ContentNegotiation.wantsJson(exchange.request().getHeaders().get(HttpHeader.ACCEPT));
    }

    private static int headerBytes(HttpFields headers) {
        int total = 0;
        for (HttpField header : headers) {
            total += header.getName().length() + header.getValue().length() + 4;
        }
        return total;
    }

    /** One request and what answers it, handed through the routes together. */
    private record Exchange(Request request, Response response, Callback callback) {
    }
}
