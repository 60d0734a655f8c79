package com.questportal.quest;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Every route of the quest behind one handler: limits, method, path, then the answer. */
final class QuestRoutes implements HttpHandler {

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

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().toString().length() > MAX_URI_LENGTH) {
                problem(exchange, 414, "URI too long", "The request URI is longer than " + MAX_URI_LENGTH + " characters.");
                return;
            }
            if (headerBytes(exchange.getRequestHeaders()) > MAX_HEADER_BYTES
                    || headerCount(exchange.getRequestHeaders()) > MAX_HEADERS) {
                problem(exchange, 431, "Request header fields too large",
                        "The request headers are larger than " + MAX_HEADER_BYTES + " bytes or more than "
                                + MAX_HEADERS + " fields.");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (!isKnown(path)) {
                problem(exchange, 404, "Not found", "There is no page at " + path + ".");
                return;
            }
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                problem(exchange, 405, "Method not allowed", method + " is not allowed here; use GET.");
                return;
            }
            route(exchange, path);
        }
    }

    private boolean isKnown(String path) {
        return path.equals("/") || path.equals("/health") || path.equals("/version") || checks.containsKey(path);
    }

    private void route(HttpExchange exchange, String path) throws IOException {
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
                CheckResult result = check.run(exchange.getRequestHeaders());
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

    private void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
        if (wantsJson(exchange)) {
            send(exchange, status, "application/json",
                    "{\"status\":" + status + ",\"title\":" + Json.quote(title) + ",\"detail\":" + Json.quote(detail) + "}");
        } else {
            send(exchange, status, "text/html; charset=utf-8",
                    Html.page(title, "<h1>" + status + " " + Html.escape(title) + "</h1><p>" + Html.escape(detail)
                            + "</p><p><a href=\"/\">Back to the quest</a></p>"));
        }
    }

    private void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private void send(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", contentType);
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        if (draining.getAsBoolean()) {
            headers.set("Connection", "close");
        }
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private static boolean wantsJson(HttpExchange exchange) {
        return ContentNegotiation.wantsJson(exchange.getRequestHeaders().getFirst("Accept"));
    }

    private static int headerCount(Headers headers) {
        return headers.values().stream().mapToInt(List::size).sum();
    }

    private static int headerBytes(Headers headers) {
        int total = 0;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            for (String value : header.getValue()) {
                total += header.getKey().length() + value.length() + 4;
            }
        }
        return total;
    }
}
