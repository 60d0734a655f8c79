package com.questportal.quest;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.http.HttpFields;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerCheckTests {

    @TempDir
    Path root;

    @Test
    void noMarkerMeansNoContainer() {
        CheckResult result = new DockerCheck(root, Map.of()).run(HttpFields.EMPTY);

        assertThat(result.passed()).isFalse();
    }

    @Test
    void podmanMarker() throws IOException {
        Files.createDirectories(root.resolve("run"));
        Files.createFile(root.resolve("run/.containerenv"));

        assertThat(new DockerCheck(root, Map.of()).run(HttpFields.EMPTY).detail()).contains("/run/.containerenv");
    }

    @Test
    void containerVariable() {
        assertThat(new DockerCheck(root, Map.of("container", "podman")).run(HttpFields.EMPTY).detail())
                .isEqualTo("Running in a container: $container is podman.");
    }

    @Test
    void cgroupV1OfAnEcsTask() throws IOException {
        write("proc/1/cgroup", "12:memory:/ecs/8f2c0ad8f6d54a3c/8f2c0ad8f6d54a3c-1234\n");

        assertThat(new DockerCheck(root, Map.of()).run(HttpFields.EMPTY).detail()).contains("cgroup of PID 1 names ecs");
    }

    @Test
    void overlayRootOnCgroupV2() throws IOException {
        write("proc/1/cgroup", "0::/\n");
        write("proc/self/mountinfo", "600 500 0:52 / / rw,relatime master:1 - overlay overlay rw,lowerdir=/a\n"
                + "601 600 0:53 / /proc rw,nosuid - proc proc rw\n");

        assertThat(new DockerCheck(root, Map.of()).run(HttpFields.EMPTY).detail()).contains("overlay");
    }

    @Test
    void aPlainHostRootIsNotAnOverlay() throws IOException {
        write("proc/1/cgroup", "0::/init.scope\n");
        write("proc/self/mountinfo", "24 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
                + "90 24 0:40 / /var/lib/docker/overlay2/x/merged rw - overlay overlay rw\n");

        assertThat(new DockerCheck(root, Map.of()).run(HttpFields.EMPTY).passed()).isFalse();
    }

    private void write(String file, String content) throws IOException {
        Files.createDirectories(root.resolve(file).getParent());
        Files.writeString(root.resolve(file), content);
    }
}
