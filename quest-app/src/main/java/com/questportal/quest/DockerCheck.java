package com.questportal.quest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;

/**
 * Passes when the process runs inside a container, judged from the markers container
 * runtimes leave: {@code /.dockerenv}, {@code /run/.containerenv}, the cgroup of PID 1,
 * an overlay root file system, or the {@code container} variable.
 */
final class DockerCheck implements Check {

    private static final List<String> CGROUP_MARKERS = List.of("docker", "containerd", "kubepods", "ecs", "libpod", "lxc");

    private final Path root;
    private final Map<String, String> environment;

    DockerCheck(Path root, Map<String, String> environment) {
        this.root = root;
        this.environment = environment;
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public String question() {
        return "Is the quest running inside a container?";
    }

    @Override
    public CheckResult run(HttpFields requestHeaders) {
        return marker()
                .map(found -> new CheckResult(name(), true, "Running in a container: " + found + "."))
                .orElseGet(() -> new CheckResult(name(), false,
                        "No container marker found (/.dockerenv, /run/.containerenv, cgroup, overlay root, $container)."));
    }

    private Optional<String> marker() {
        if (Files.exists(root.resolve(".dockerenv"))) {
            return Optional.of("/.dockerenv exists");
        }
        if (Files.exists(root.resolve("run/.containerenv"))) {
            return Optional.of("/run/.containerenv exists");
        }
        String containerVariable = environment.get("container");
        if (containerVariable != null && !containerVariable.isBlank()) {
            return Optional.of("$container is " + containerVariable.trim());
        }
        Optional<String> cgroup = read(root.resolve("proc/1/cgroup")).flatMap(DockerCheck::cgroupMarker);
        if (cgroup.isPresent()) {
            return cgroup;
        }
        return read(root.resolve("proc/self/mountinfo")).flatMap(DockerCheck::overlayRoot);
    }

    private static Optional<String> cgroupMarker(String cgroup) {
        return CGROUP_MARKERS.stream()
                .filter(cgroup::contains)
                .findFirst()
                .map(marker -> "the cgroup of PID 1 names " + marker);
    }

    private static Optional<String> overlayRoot(String mountinfo) {
        for (String line : mountinfo.split("\n")) {
            String[] halves = line.split(" - ", 2);
            String[] fields = halves[0].split(" ");
            if (halves.length == 2 && fields.length > 4 && "/".equals(fields[4]) && halves[1].startsWith("overlay ")) {
                return Optional.of("the root file system is an overlay");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
