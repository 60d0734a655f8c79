package com.questportal.quest;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One JSON object per line on stdout, as the awslogs driver ships it. Lines go through a bounded
 * queue to one writer thread that writes whatever has gathered in one call and flushes whenever
 * the queue is empty, so a busy quest makes one write per batch rather than one per request and
 * an idle one shows each line at once. A full queue makes requests wait rather than lose lines.
 */
final class AccessLog implements AutoCloseable {

    private static final String END = "";

    private final OutputStream sink;
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(8192);
    private final Thread writer;
    private volatile Second currentSecond = new Second(Long.MIN_VALUE, "");

    AccessLog(OutputStream sink) {
        this.sink = sink;
        this.writer = new Thread(this::writeLines, "quest-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    static AccessLog toStdout() {
        return new AccessLog(new FileOutputStream(FileDescriptor.out));
    }

    /** The request line, built field by field: it is written once per request, so it avoids boxing and formatters. */
    void request(String method, String path, int status, long durationNanos, String remote, String forwardedFor) {
        StringBuilder line = start("request");
        Json.appendQuoted(line.append(",\"method\":"), method);
        Json.appendQuoted(line.append(",\"path\":"), path);
        line.append(",\"status\":").append(status);
        long micros = durationNanos / 1000;
        line.append(",\"durationMs\":").append(micros / 1000).append('.');
        appendPadded(line, micros % 1000, 3);
        Json.appendQuoted(line.append(",\"remote\":"), remote);
        Json.appendQuoted(line.append(",\"forwardedFor\":"), forwardedFor);
        enqueue(line.append("}\n").toString());
    }

    /** One line: the time, the event, then the fields in the order given as name, value, name, value... */
    void event(String event, Object... namesAndValues) {
        StringBuilder line = start(event);
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            Json.appendQuoted(line.append(','), namesAndValues[i].toString()).append(':');
            if (value instanceof Number || value instanceof Boolean) {
                line.append(value);
            } else {
                Json.appendQuoted(line, value == null ? null : value.toString());
            }
        }
        enqueue(line.append("}\n").toString());
    }

    private StringBuilder start(String event) {
        StringBuilder line = new StringBuilder(240).append("{\"time\":\"");
        appendTime(line, System.currentTimeMillis());
        return Json.appendQuoted(line.append("\",\"event\":"), event);
    }

    /** ISO-8601 UTC to the millisecond; the part up to the second is formatted once a second. */
    private void appendTime(StringBuilder line, long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        Second cached = currentSecond;
        if (cached.epochSecond() != second) {
            cached = new Second(second, DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                    LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC)).substring(0, 19));
            currentSecond = cached;
        }
        line.append(cached.text()).append('.');
        appendPadded(line, Math.floorMod(epochMillis, 1000), 3);
        line.append('Z');
    }

    private static void appendPadded(StringBuilder line, long value, int digits) {
        String text = Long.toString(value);
        for (int i = text.length(); i < digits; i++) {
            line.append('0');
        }
        line.append(text);
    }

    private record Second(long epochSecond, String text) {
    }

    /** Writes every line logged so far and stops the writer. */
    @Override
    public void close() {
        enqueue(END);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void enqueue(String line) {
        try {
            lines.put(line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeLines() {
        List<String> batch = new ArrayList<>(256);
        StringBuilder text = new StringBuilder(64 * 1024);
        try {
            while (true) {
                batch.add(lines.take());
                lines.drainTo(batch, 1023);
                boolean ending = batch.remove(END);
                batch.forEach(text::append);
                sink.write(text.toString().getBytes(StandardCharsets.UTF_8));
                if (ending) {
                    sink.flush();
                    return;
                }
                if (lines.isEmpty()) {
                    sink.flush();
                }
                batch.clear();
                text.setLength(0);
            }
        } catch (IOException e) {
            System.err.println("quest: stdout is gone, request lines can no longer be written: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
