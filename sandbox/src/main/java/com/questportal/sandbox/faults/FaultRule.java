package com.questportal.sandbox.faults;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One injected fault: calls to {@code service} (its SigV4 name: {@code ecs}, {@code cloudformation}...)
 * and {@code operation} ({@code *} for all) wait {@code latencyMillis}, then fail with {@code effect}
 * ({@code throttle}, {@code unavailable}, {@code denied}, or none) on a share {@code rate} of calls, or on the next
 * {@code count} calls only when a count is given.
 */
public record FaultRule(String id, String service, String operation, long latencyMillis, String effect, double rate, Integer count) {

    public FaultRule {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("a fault needs the service it applies to, e.g. ecs or cloudformation");
        }
        operation = operation == null || operation.isBlank() ? "*" : operation;
        effect = effect == null || effect.isBlank() ? "none" : effect.toLowerCase(Locale.ROOT);
        if (!List.of("none", "throttle", "unavailable", "denied").contains(effect)) {
            throw new IllegalArgumentException("a fault's effect is throttle, unavailable, denied or none, not " + effect);
        }
        if (latencyMillis < 0 || latencyMillis > 600_000) {
            throw new IllegalArgumentException("a fault's latency is 0 to 600000 ms, not " + latencyMillis);
        }
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("a fault's rate is above 0 and at most 1, not " + rate);
        }
        if (count != null && count < 1) {
            throw new IllegalArgumentException("a fault's count is at least 1, not " + count);
        }
        if (effect.equals("none") && latencyMillis == 0) {
            throw new IllegalArgumentException("a fault needs an effect, a latency or both");
        }
    }

    boolean appliesTo(String callService, String callOperation) {
        return service.equals(callService) && (operation.equals("*") || operation.equals(callOperation));
    }

    /**
     * From the command line: {@code <service>[.<operation>]=<effect>[,<effect>...]} where an effect is
     * {@code latency:<ms>}, {@code throttle}, {@code unavailable}, {@code denied}, {@code rate:<0..1>} or {@code count:<n>};
     * e.g. {@code ecs.DescribeServices=throttle,rate:0.5} or {@code cloudformation=latency:200}.
     */
    public static FaultRule parse(String id, String text) {
        int equals = text.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("--fault takes <service>[.<operation>]=<effect>[,...], was " + text);
        }
        String target = text.substring(0, equals);
        int dot = target.indexOf('.');
        String service = dot < 0 ? target : target.substring(0, dot);
        String operation = dot < 0 ? "*" : target.substring(dot + 1);
        long latency = 0;
        String effect = "none";
        double rate = 1;
        Integer count = null;
        for (String part : text.substring(equals + 1).split(",")) {
            String[] kv = part.trim().split(":", 2);
            try {
                switch (kv[0]) {
                    case "latency" -> latency = Long.parseLong(kv[1]);
                    case "throttle", "unavailable", "denied" -> effect = kv[0];
                    case "rate" -> rate = Double.parseDouble(kv[1]);
                    case "count" -> count = Integer.parseInt(kv[1]);
                    default -> throw new IllegalArgumentException("unknown fault effect '" + kv[0]
                            + "': use latency:<ms>, throttle, unavailable, denied, rate:<0..1> or count:<n>");
                }
            } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
                throw new IllegalArgumentException("'" + part + "' needs a number after the colon", e);
            }
        }
        return new FaultRule(id, service, operation, latency, effect, rate, count);
    }

    public Map<String, Object> toJson(int remaining) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("service", service);
        json.put("operation", operation);
        json.put("latencyMillis", latencyMillis);
        json.put("effect", effect);
        json.put("rate", rate);
        json.put("count", count);
        json.put("remaining", count == null ? null : remaining);
        return json;
    }
}
