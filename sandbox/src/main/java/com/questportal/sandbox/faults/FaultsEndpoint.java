package com.questportal.sandbox.faults;

import com.questportal.sandbox.runtime.AdminJson;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fault-injection admin API under {@code /_sandbox/faults} (a path no AWS API uses):
 * {@code GET} lists the rules, {@code POST} adds one from
 * {@code {"service","operation","latencyMillis","effect","rate","count"}}, {@code DELETE} removes all
 * or, with {@code /<id>}, one. {@code POST /_sandbox/faults/kill-task} with {@code {"taskId"}} kills a
 * task's process; {@code POST /_sandbox/faults/unhealthy-target} with {@code {"ip","port","failing"}}
 * makes a target fail (or pass again) its health checks.
 */
public final class FaultsEndpoint implements HttpHandler {

    /** What fault injection can do to the data plane, beyond the API calls. */
    public interface DataPlane {
        boolean killTask(String taskId);

        boolean failHealthChecks(String ip, int port, boolean failing);
    }

    private static final String ROOT = "/_sandbox/faults";

    private final Faults faults;
    private final DataPlane dataPlane;

    public FaultsEndpoint(Faults faults, DataPlane dataPlane) {
        this.faults = faults;
        this.dataPlane = dataPlane;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String rest = exchange.getRequestURI().getPath().substring(ROOT.length());
            String method = exchange.getRequestMethod();
            try {
                if (rest.isEmpty() || rest.equals("/")) {
                    switch (method) {
                        case "GET" -> AdminJson.send(exchange, 200, Map.of("faults", faults.list()));
                        case "POST" -> AdminJson.send(exchange, 201, faults.add(rule(AdminJson.readObject(exchange))).toJson(0));
                        case "DELETE" -> {
                            faults.clear();
                            AdminJson.send(exchange, 200, Map.of("faults", faults.list()));
                        }
                        default -> AdminJson.send(exchange, 405, message("use GET, POST or DELETE"));
                    }
                } else if (rest.equals("/kill-task") && method.equals("POST")) {
                    Map<String, Object> body = AdminJson.readObject(exchange);
                    found(exchange, dataPlane.killTask(text(body, "taskId")), "no running task has that id");
                } else if (rest.equals("/unhealthy-target") && method.equals("POST")) {
                    Map<String, Object> body = AdminJson.readObject(exchange);
                    found(exchange, dataPlane.failHealthChecks(text(body, "ip"), number(body, "port").intValue(),
                            !Boolean.FALSE.equals(body.get("failing"))), "no target group has that target registered");
                } else if (method.equals("DELETE")) {
                    found(exchange, faults.remove(rest.substring(1)), "no fault has that id");
                } else {
                    AdminJson.send(exchange, 404, message("unknown fault path " + exchange.getRequestURI().getPath()));
                }
            } catch (IllegalArgumentException | ClassCastException e) {
                AdminJson.send(exchange, 400, message(e.getMessage()));
            }
        }
    }

    private static FaultRule rule(Map<String, Object> body) {
        Number latency = body.get("latencyMillis") == null ? 0 : number(body, "latencyMillis");
        Number rate = body.get("rate") == null ? 1 : number(body, "rate");
        Number count = body.get("count") == null ? null : number(body, "count");
        return new FaultRule(null, (String) body.get("service"), (String) body.get("operation"), latency.longValue(),
                (String) body.get("effect"), rate.doubleValue(), count == null ? null : count.intValue());
    }

    private static void found(HttpExchange exchange, boolean found, String otherwise) throws IOException {
        AdminJson.send(exchange, found ? 200 : 404, found ? Map.of("done", true) : message(otherwise));
    }

    private static String text(Map<String, Object> body, String key) {
        if (!(body.get(key) instanceof String value) || value.isBlank()) {
            throw new IllegalArgumentException("'" + key + "' is required");
        }
        return value;
    }

    private static Number number(Map<String, Object> body, String key) {
        if (!(body.get(key) instanceof Number value)) {
            throw new IllegalArgumentException("'" + key + "' must be a number");
        }
        return value;
    }

    private static Map<String, Object> message(String text) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("message", text);
        return json;
    }
}
