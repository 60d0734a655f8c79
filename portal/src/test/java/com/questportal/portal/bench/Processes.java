package com.questportal.portal.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What the benchmarks share: starting a jar in its own JVM, waiting for the line that says it is ready, free ports. */
public final class Processes {

    private Processes() {
    }

    /** Starts {@code java -jar jar args...} with its output merged, and returns once a line contains {@code ready}. */
    public static Process startJar(String jar, String ready, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar);
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        awaitLine(process, ready);
        return process;
    }

    private static void awaitLine(Process process, String ready) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.contains(ready)) {
                Thread drain = new Thread(() -> drain(lines), "process-output");
                drain.setDaemon(true);
                drain.start();
                return;
            }
        }
        throw new IllegalStateException("the process exited before it said \"" + ready + "\"");
    }

    /** Reads the process's output so that it never blocks on a full pipe; it ends when the process does. */
    private static void drain(BufferedReader lines) {
        try {
            while (lines.readLine() != null) {
                continue;
            }
        } catch (IOException closed) {
            // The process stopped: nothing more to read.
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    public static double median(List<Double> values) {
        return percentile(values, 50);
    }

    /** The nearest-rank percentile of the values; NaN when there are none. */
    public static double percentile(List<Double> values, double percent) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    public static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
