package com.questportal.quest;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** One JSON object per line on stdout, as the awslogs driver ships it. */
final class AccessLog {

    private final PrintStream out;

    AccessLog(OutputStream sink) {
        this.out = new PrintStream(new BufferedOutputStream(sink, 8192), false, StandardCharsets.UTF_8);
    }

    static AccessLog toStdout() {
        return new AccessLog(new FileOutputStream(FileDescriptor.out));
    }

    void request(String method, String path, int status, double durationMs, String remote, String forwardedFor) {
        event("request", "method", method, "path", path, "status", status,
                "durationMs", Math.round(durationMs * 1000) / 1000.0, "remote", remote, "forwardedFor", forwardedFor);
    }

    /** One line: the time, the event, then the fields in the order given as name, value, name, value... */
    void event(String event, Object... namesAndValues) {
        StringBuilder line = new StringBuilder(200)
                .append("{\"time\":").append(Json.quote(Instant.now().toString()))
                .append(",\"event\":").append(Json.quote(event));
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            line.append(',').append(Json.quote(namesAndValues[i].toString())).append(':');
            if (value instanceof Number || value instanceof Boolean) {
                line.append(value);
            } else {
                line.append(Json.quote(value == null ? null : value.toString()));
            }
        }
        line.append('}');
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
