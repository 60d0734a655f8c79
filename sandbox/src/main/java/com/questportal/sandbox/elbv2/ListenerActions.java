package com.questportal.sandbox.elbv2;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;

/** What a listener's actions answer by themselves — a redirect, a fixed response, the load balancer's own error page — and which action decides. */
final class ListenerActions {

    private ListenerActions() {
    }

    /** ALB runs a listener's actions in Order; the last one decides the answer. */
    static Map<String, Object> terminalAction(List<Map<String, Object>> actions) {
        Map<String, Object> chosen = actions.get(0);
        for (Map<String, Object> action : actions) {
            if (LoadBalancing.integer(action.get("Order"), 0) >= LoadBalancing.integer(chosen.get("Order"), 0)) {
                chosen = action;
            }
        }
        return chosen;
    }

    @SuppressWarnings("unchecked")
    static String targetGroupOf(Map<String, Object> action) {
        if (action.get("TargetGroupArn") != null) {
            return String.valueOf(action.get("TargetGroupArn"));
        }
        Map<String, Object> config = (Map<String, Object>) action.get("ForwardConfig");
        List<Map<String, Object>> groups = config == null ? List.of() : (List<Map<String, Object>>) config.get("TargetGroups");
        return groups.isEmpty() ? null : String.valueOf(groups.get(0).get("TargetGroupArn"));
    }

    /** A redirect action's answer; {@code localPort} is the listener's port here, {@code listenerHere} whether a port is another of ours. */
    static void redirect(OutputStream out, HttpHead request, boolean https, Map<?, ?> config, boolean keepAlive, int localPort,
                         IntPredicate listenerHere) throws IOException {
        String target = request.startLine.split(" ")[1];
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        String query = question < 0 ? "" : target.substring(question + 1);
        String hostHeader = request.header("Host") == null ? "127.0.0.1" : request.header("Host");
        String host = hostHeader.contains(":") && !hostHeader.startsWith("[") ? hostHeader.substring(0, hostHeader.lastIndexOf(':')) : hostHeader;
        String protocol = text(config, "Protocol", "#{protocol}").replace("#{protocol}", https ? "HTTPS" : "HTTP").toLowerCase(Locale.ROOT);
        String portText = text(config, "Port", "#{port}").replace("#{port}", String.valueOf(localPort));
        // A redirect to another listener of this load balancer (80 → 443) lands on this same local port.
        int port = portText.matches("\\d+") && listenerHere.test(Integer.parseInt(portText)) ? localPort : parsePort(portText);
        String location = protocol + "://" + text(config, "Host", "#{host}").replace("#{host}", host) + ":" + port
                + text(config, "Path", "/#{path}").replace("/#{path}", path).replace("#{path}", path.substring(1))
                + queryPart(text(config, "Query", "#{query}").replace("#{query}", query));
        int status = "HTTP_302".equals(text(config, "StatusCode", "HTTP_301")) ? 302 : 301;
        HttpHead answer = HttpHead.of("HTTP/1.1 " + status + " " + (status == 301 ? "Moved Permanently" : "Found"))
                .set("Server", "awselb/2.0").set("Location", location).set("Content-Length", "0");
        if (!keepAlive) {
            answer.set("Connection", "close");
        }
        answer.write(out);
    }

    private static int parsePort(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 443;
        }
    }

    private static String queryPart(String query) {
        return query.isEmpty() ? "" : "?" + query;
    }

    private static String text(Map<?, ?> config, String key, String fallback) {
        Object value = config == null ? null : config.get(key);
        return value == null ? fallback : String.valueOf(value);
    }

    static void fixedResponse(OutputStream out, Map<?, ?> config, boolean keepAlive) throws IOException {
        int status = LoadBalancing.integer(config == null ? null : config.get("StatusCode"), 200);
        byte[] body = text(config, "MessageBody", "").getBytes(StandardCharsets.UTF_8);
        HttpHead answer = HttpHead.of("HTTP/1.1 " + status + " " + (status < 400 ? "OK" : "Error"))
                .set("Server", "awselb/2.0").set("Content-Type", text(config, "ContentType", "text/plain"))
                .set("Content-Length", String.valueOf(body.length));
        if (!keepAlive) {
            answer.set("Connection", "close");
        }
        answer.write(out);
        out.write(body);
    }

    /** The load balancer's own answer, worded as ALB's error pages are. */
    static boolean answer(OutputStream out, int status, String reason, boolean keepAlive) throws IOException {
        byte[] body = ("<html>\r\n<head><title>" + status + " " + reason + "</title></head>\r\n<body>\r\n<center><h1>" + status + " "
                + reason + "</h1></center>\r\n</body>\r\n</html>\r\n").getBytes(StandardCharsets.US_ASCII);
        HttpHead answer = HttpHead.of("HTTP/1.1 " + status + " " + reason).set("Server", "awselb/2.0")
                .set("Content-Type", "text/html").set("Content-Length", String.valueOf(body.length));
        if (!keepAlive) {
            answer.set("Connection", "close");
        }
        answer.write(out);
        out.write(body);
        out.flush();
        return keepAlive;
    }
}
