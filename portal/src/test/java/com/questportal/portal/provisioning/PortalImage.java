package com.questportal.portal.provisioning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The portal jar started the way its image starts it: extracted ({@code -Djarmode=tools}), {@code portal/jvm.options},
 * and a CDS archive from a training run, made once per build of the jar under {@code target/portal-image/} (a file lock
 * keeps the test forks from making it twice). The process tests start the portal a dozen times; each start takes about
 * half as long this way, and the image's way of starting is exercised on every run.
 */
public final class PortalImage {

    private static final Path ROOT = Path.of("target", "portal-image").toAbsolutePath();
    private static final Path OPTIONS = Path.of("jvm.options").toAbsolutePath();

    private PortalImage() {
    }

    /**
     * {@code java <the image's options> <more options> -jar <the extracted portal.jar>}: the command before the portal's own
     * arguments.
     */
    public static synchronized List<String> command(String... moreJvmOptions) {
        Path jar = Path.of(PortalProcess.jar("portal.jar", "target/portal.jar"));
        try {
            Files.createDirectories(ROOT);
            try (FileChannel channel = FileChannel.open(ROOT.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                String stamp = Files.getLastModifiedTime(jar).toMillis() + " " + Files.size(jar);
                Path made = ROOT.resolve("made");
                if (!Files.exists(made) || !Files.readString(made).equals(stamp)) {
                    make(jar);
                    Files.writeString(made, stamp);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the portal as its image starts it", e);
        }
        List<String> command = new java.util.ArrayList<>(List.of(PortalProcess.java(), "@" + OPTIONS, "-XX:SharedArchiveFile="
                + ROOT.resolve("app/portal.jsa"), "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        command.addAll(List.of(moreJvmOptions));
        command.addAll(List.of("-jar", ROOT.resolve("app/portal.jar").toString()));
        return command;
    }

    private static void make(Path jar) throws IOException {
        run(List.of(PortalProcess.java(), "-Djarmode=tools", "-jar", jar.toString(), "extract", "--force", "--destination",
                ROOT.resolve("app").toString()));
        Files.deleteIfExists(ROOT.resolve("app/portal.jsa"));
        run(List.of(PortalProcess.java(), "@" + OPTIONS, "-XX:ArchiveClassesAtExit=" + ROOT.resolve("app/portal.jsa"),
                "-Dspring.context.exit=onRefresh", "-jar", ROOT.resolve("app/portal.jar").toString(),
                "--portal.data-dir=" + Files.createTempDirectory(ROOT, "training-"), "--portal.sandbox.port=0", "--server.port=0"));
        if (!Files.exists(ROOT.resolve("app/portal.jsa"))) {
            throw new IllegalStateException("the CDS training run made no archive");
        }
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ROOT.resolve("last-step.log").toFile()).start();
        try {
            if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(ROOT.resolve("last-step.log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
