package com.questportal.portal.startup;

import static com.questportal.portal.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.questportal.portal.api.ApiClient;
import com.questportal.portal.browser.PortalUnderTest;
import com.questportal.portal.database.Postgres;
import com.questportal.portal.provisioning.PortalImage;
import com.questportal.portal.provisioning.PortalProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portal jar started with settings it cannot work with: it stops with one sentence that names the setting, and no
 * stack trace or class name; an AWS endpoint that does not answer does not stop it, and its pages say so.
 */
@ExtendWith(Postgres.class)
class StartSettingsIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Pattern STACK_OR_CLASS = Pattern.compile("(?m)^\\s+at |Exception|\\bcom\\.questportal\\.|\\borg\\.springframework\\.[a-z.]+[A-Z]");

    @TempDir
    Path work;
    private PortalProcess running;

    @AfterEach
    void stop() throws InterruptedException {
        if (running != null) {
            running.stop();
        }
    }

    @Test
    void aDatabaseThatDoesNotAnswerStopsTheStartAfterTheWaitNamingTheSetting() throws Exception {
        int closed = PortalProcess.freePort();
        long started = System.nanoTime();
        PortalProcess.Exited exited = start(Map.of("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:" + closed + "/portal",
                "PORTAL_DATABASE_WAIT", "PT3S")).awaitExit(PATIENCE);

        assertThat(exited.code()).isNotZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the wait, then the end").isGreaterThan(Duration.ofSeconds(3));
        assertThat(refusal(exited)).isEqualTo("The portal could not reach its database at jdbc:postgresql://127.0.0.1:" + closed
                + "/portal (spring.datasource.url, SPRING_DATASOURCE_URL) within 3 s: Connection to 127.0.0.1:" + closed + " refused.");
        assertThat(exited.output()).doesNotContainPattern(STACK_OR_CLASS);
    }

    @Test
    void aDatabaseThatRefusesTheUserStopsTheStartAtOnceNamingTheSettings() throws Exception {
        PortalProcess.Exited exited = start(Map.of("SPRING_DATASOURCE_URL", Postgres.url("public"),
                "SPRING_DATASOURCE_USERNAME", Postgres.user(), "SPRING_DATASOURCE_PASSWORD", "not-the-password")).awaitExit(PATIENCE);

        assertThat(exited.code()).isNotZero();
        assertThat(refusal(exited)).startsWith("The database at jdbc:postgresql://").contains("refused the portal's user "
                + Postgres.user() + ": FATAL: password authentication failed").doesNotContain("not-the-password");
        assertThat(exited.output()).contains("Check spring.datasource.username and spring.datasource.password")
                .doesNotContainPattern(STACK_OR_CLASS);
    }

    @Test
    void awsModeWithoutARegionIsNamed() throws Exception {
        PortalProcess.Exited exited = start(Map.of("PORTAL_MODE", "aws", "AWS_CONFIG_FILE", work.resolve("no-config").toString(),
                "AWS_PROFILE", "default")).awaitExit(PATIENCE);

        assertThat(exited.code()).isNotZero();
        assertThat(refusal(exited)).isEqualTo("portal.mode is aws but no AWS region is set: the portal needs its own region, where new"
                + " environments start.");
        assertThat(exited.output()).contains("Set AWS_REGION").doesNotContainPattern(STACK_OR_CLASS);
    }

    @Test
    void awsModeWithASandboxEndpointIsNamedAsAContradiction() throws Exception {
        PortalProcess.Exited exited = start(Map.of("PORTAL_MODE", "aws", "AWS_REGION", "eu-west-1",
                "PORTAL_SANDBOX_ENDPOINT", "http://127.0.0.1:4566")).awaitExit(PATIENCE);

        assertThat(exited.code()).isNotZero();
        assertThat(refusal(exited)).startsWith("portal.mode is aws but portal.sandbox.endpoint (PORTAL_SANDBOX_ENDPOINT) is set");
        assertThat(exited.output()).contains("set AWS_ENDPOINT_URL instead").doesNotContainPattern(STACK_OR_CLASS);
    }

    @Test
    void anAwsEndpointThatDoesNotAnswerLeavesThePortalRunningAndItsPagesSaySo() throws Exception {
        int port = PortalProcess.freePort();
        String unreachable = "http://127.0.0.1:" + PortalProcess.freePort();
        String token = "start-settings-token-0123456789abcdefghijklmnopqrstuvwxyz";
        running = start(Map.of("SERVER_PORT", String.valueOf(port), "PORTAL_SANDBOX_ENDPOINT", unreachable,
                "PORTAL_BOOTSTRAP_ADMIN_PASSWORD", PortalUnderTest.PASSWORD, "PORTAL_BOOTSTRAP_API_TOKEN", token));
        running.awaitLine(Pattern.compile("Quest Portal is ready at"));

        ApiClient api = new ApiClient(port, token);
        assertThat(api.post("/api/v1/environments", """
                {"name":"offline","region":"eu-west-1","vpcCidr":"10.62.0.0/16","allowedClientCidr":"0.0.0.0/0","containerPort":3000,
                 "imageTag":"v1","taskSize":"256/512","desiredCount":1,"healthCheckPath":"/health","logRetentionDays":7}""").statusCode())
                .as("recording needs no AWS").isEqualTo(201);
        HttpResponse<String> plan = api.post("/api/v1/environments/offline/plans", "");
        assertThat(plan.statusCode()).isEqualTo(503);
        assertThat(json(plan).get("title").asString()).isEqualTo("AWS did not answer");

        HttpClient admin = PortalUnderTest.signedIn(port, "admin", PortalUnderTest.PASSWORD);
        String page = await().atMost(Duration.ofSeconds(20)).until(() -> admin.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/environments/offline")).build(), HttpResponse.BodyHandlers.ofString()).body(),
                body -> body.contains("id=\"aws-unreachable\""));
        assertThat(page).contains("AWS cannot be reached.", "The sandbox", unreachable, "did not answer");
    }

    private PortalProcess start(Map<String, String> settings) throws Exception {
        List<String> command = new ArrayList<>(PortalImage.command());
        command.addAll(List.of("--portal.data-dir=" + work.resolve("data"), "--portal.sandbox.port=0", "--spring.main.banner-mode=off"));
        if (!settings.containsKey("SERVER_PORT")) {
            command.add("--server.port=0");
        }
        return PortalProcess.start(command, work, settings);
    }

    /** The sentence of Spring Boot's start-up report, under "Description:". */
    private static String refusal(PortalProcess.Exited exited) {
        String output = exited.output();
        int description = output.indexOf("Description:");
        assertThat(description).as("a start-up report:\n" + output).isNotNegative();
        return output.substring(description + "Description:".length()).strip().lines().findFirst().orElseThrow();
    }
}
