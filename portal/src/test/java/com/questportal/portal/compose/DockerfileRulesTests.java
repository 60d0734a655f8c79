package com.questportal.portal.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The images' rules, checked here because hadolint does not install on these machines (no Debian package, no npm
 * package, PyPI unreachable): multi-stage builds with the wrapper, a JRE at run time, a numeric non-root user, a health
 * check, exec-form entry points, pinned base images, OCI labels, container-aware JVM flags; the portal's dependencies in
 * layers of their own; nothing of the build context that should not be there.
 */
class DockerfileRulesTests {

    private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?");

    @ParameterizedTest
    @ValueSource(strings = {"portal", "sandbox", "quest-app"})
    void everyImageIsBuiltInStagesAndRunsSmallAndUnprivileged(String module) throws IOException {
        List<String> lines = instructions(module);
        List<String> bases = FROM.matcher(String.join("\n", lines)).results().map(match -> match.group(1)).toList();
        assertThat(bases).as("a build stage and a run stage").hasSizeGreaterThanOrEqualTo(2);
        assertThat(bases).allSatisfy(base -> assertThat(base).as("a pinned base image").contains(":").doesNotEndWith(":latest"));
        assertThat(bases.get(bases.size() - 1)).as("a JRE, not a JDK, at run time").contains("-jre");
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("RUN ./mvnw -B"));
        List<String> runStage = lastStage(lines);
        assertThat(runStage).filteredOn(line -> line.startsWith("USER ")).singleElement().asString()
                .as("a numeric user that is not root").matches("USER [1-9][0-9]*:[1-9][0-9]*");
        int user = indexOf(runStage, "USER ");
        assertThat(runStage.subList(user, runStage.size())).as("nothing runs as root after the user is set")
                .noneSatisfy(line -> assertThat(line).startsWith("RUN "));
        assertThat(runStage).anySatisfy(line -> assertThat(line).startsWith("HEALTHCHECK ").contains("CMD "));
        assertThat(runStage).filteredOn(line -> line.startsWith("ENTRYPOINT ")).singleElement().asString()
                .as("exec form: java is PID 1 and gets the stop signal").matches("ENTRYPOINT \\[\".*\"]");
        assertThat(lines).noneSatisfy(line -> assertThat(line).matches("ADD .*"));
        assertThat(lines).noneSatisfy(line -> assertThat(line).containsPattern("(?i)(password|secret)=\\S"));
        assertThat(lines).noneSatisfy(line -> assertThat(line).contains("apk add").doesNotContain("--no-cache"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"portal", "sandbox"})
    void theNewImagesCarryOciLabelsAndContainerAwareHeapSettings(String module) throws IOException {
        String dockerfile = String.join("\n", instructions(module));
        assertThat(dockerfile).contains("org.opencontainers.image.title=", "org.opencontainers.image.source=",
                "org.opencontainers.image.version=", "org.opencontainers.image.description=");
        String flags = dockerfile + (module.equals("portal") ? Files.readString(root().resolve("portal/jvm.options")) : "");
        assertThat(flags).as("the heap a share of the container's memory, not of the host's").contains("-XX:MaxRAMPercentage=")
                .doesNotContainPattern("-Xmx\\d").contains("-XX:+ExitOnOutOfMemoryError");
        assertThat(dockerfile).contains("VOLUME [\"/data\"]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"portal", "sandbox"})
    void dependenciesAreALayerOfTheirOwnCopiedBeforeTheProjectsClasses(String module) throws IOException {
        List<String> runStage = lastStage(instructions(module));
        int dependencies = indexOf(runStage, module.equals("portal") ? "COPY --from=build /layers/dependencies/" : "COPY --from=build /layers/lib/");
        int classes = indexOf(runStage, module.equals("portal") ? "COPY --from=build /layers/application/" : "COPY --from=build /layers/sandbox-classes.jar");
        assertThat(dependencies).as("dependencies first: a code change leaves their layer cached").isLessThan(classes);
        if (module.equals("portal")) {
            assertThat(instructions(module)).anySatisfy(line -> assertThat(line).contains("-Djarmode=tools").contains("extract --layers"));
            assertThat(runStage).anySatisfy(line -> assertThat(line).contains("-XX:ArchiveClassesAtExit=").contains("-Dspring.context.exit=onRefresh"));
            assertThat(runStage).anySatisfy(line -> assertThat(line).startsWith("ENTRYPOINT ").contains("-XX:SharedArchiveFile="));
        }
    }

    @org.junit.jupiter.api.Test
    void theBuildContextLeavesOutWhatIsBuiltRunOrSecret() throws IOException {
        assertThat(Files.readAllLines(root().resolve(".dockerignore"))).contains(".git", "**/target/", "data/", ".env", "**/node_modules/");
    }

    /** The Dockerfile's instructions, continuation lines joined and comments dropped. */
    static List<String> instructions(String module) throws IOException {
        List<String> joined = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(root().resolve(module).resolve("Dockerfile"))) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            joined.add(current.append(trimmed).toString());
            current.setLength(0);
        }
        return joined;
    }

    private static List<String> lastStage(List<String> lines) {
        int last = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("FROM ")) {
                last = i;
            }
        }
        return lines.subList(last, lines.size());
    }

    private static int indexOf(List<String> lines, String start) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                return i;
            }
        }
        throw new AssertionError("no instruction starts with " + start);
    }

    private static Path root() {
        return ComposeFile.ROOT;
    }
}
