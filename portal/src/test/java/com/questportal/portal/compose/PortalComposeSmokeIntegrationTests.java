package com.questportal.portal.compose;

import static com.questportal.portal.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.questportal.portal.api.ApiClient;
import com.questportal.portal.browser.PortalUnderTest;
import com.questportal.portal.database.Postgres;
import com.questportal.portal.provisioning.PortalImage;
import com.questportal.portal.provisioning.PortalProcess;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What {@code docker compose up} starts, without Docker (these machines have no daemon): the real PostgreSQL server, the
 * standalone sandbox jar and the portal jar as three processes, with the settings {@code docker-compose.yml} gives them
 * (read from the file, not copied), the portal started as its image starts it ({@link PortalImage}) in a 512 MB budget. Only
 * addresses differ: {@code postgres:5432} and {@code sandbox:4566} become the test's server and the sandbox's free port.
 * Then a smoke journey: sign in with the .env's admin password, record, plan, apply, healthy, destroy.
 */
@ExtendWith(Postgres.class)
class PortalComposeSmokeIntegrationTests {

    /** The portal's settings that come from docker-compose.yml; ComposeFileTests holds the file to exactly these. */
    static final Set<String> PORTAL_SETTINGS = Set.of("SERVER_PORT", "PORTAL_MODE", "PORTAL_SANDBOX_ENDPOINT", "SPRING_DATASOURCE_URL",
            "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD", "PORTAL_BOOTSTRAP_ADMIN_PASSWORD");
    /** Where the health checks of the compose file and the images ask; this test waits on the same paths. */
    static final String SANDBOX_HEALTH = "/_sandbox/health";
    static final String PORTAL_HEALTH = "/actuator/health/readiness";

    private static final Pattern LISTENING = Pattern.compile("listening at http://[^:/]+:(\\d+)");
    private static final String TOKEN = "compose-smoke-token-0123456789abcdefghijklmnopqrstuvwxyz";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path work;
    private final List<PortalProcess> processes = new CopyOnWriteArrayList<>();
    private final String schema = "compose_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @AfterEach
    void stopEverything() throws Exception {
        for (PortalProcess process : processes) {
            process.stop();
        }
        Postgres.dropSchema(schema);
    }

    @Test
    void theComposeServicesAsProcessesRecordApplyServeAndDestroyAnEnvironment() throws Exception {
        ComposeFile compose = ComposeFile.read();

        URI sandbox = startSandbox(compose);
        assertThat(get(sandbox.resolve(SANDBOX_HEALTH)).statusCode()).as("the sandbox's health check").isEqualTo(200);
        PortalProcess publish = PortalProcess.start(List.of(PortalProcess.java(), "-jar", sandboxJar(), "publish", "--tag", "v1",
                "--endpoint", sandbox.toString()), ComposeFile.ROOT);
        assertThat(publish.process().waitFor()).as("sandbox.jar publish").isZero();

        int port = PortalProcess.freePort();
        Map<String, String> settings = portalSettings(compose, sandbox, port);
        PortalProcess portal = PortalProcess.start(PortalImage.command("-XX:MaxRAM=512m"), ComposeFile.ROOT, settings);
        processes.add(portal);
        portal.awaitLine(Pattern.compile("Quest Portal is ready at"));
        assertThat(get(URI.create("http://127.0.0.1:" + port + PORTAL_HEALTH)).statusCode()).as("the portal's health check").isEqualTo(200);

        HttpClient admin = PortalUnderTest.signedIn(port, "admin", settings.get("PORTAL_BOOTSTRAP_ADMIN_PASSWORD"));
        assertThat(admin.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("signed-in-as");

        ApiClient api = new ApiClient(port, TOKEN);
        assertThat(api.post("/api/v1/environments", """
                {"name":"compose","region":"eu-west-1","vpcCidr":"10.61.0.0/16","allowedClientCidr":"0.0.0.0/0","containerPort":3000,
                 "imageTag":"v1","taskSize":"256/512","desiredCount":1,"healthCheckPath":"/health","logRetentionDays":7,
                 "secretWord":"TwelveFactor"}""").statusCode()).isEqualTo(201);
        JsonNode applied = api.planAndApply("compose");
        assertThat(applied.get("status").asString()).as(applied.toString()).isEqualTo("SUCCEEDED");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> json(api.get("/api/v1/environments/compose/status")).get("health").asString(), "Healthy"::equals);

        String destroy = api.send("DELETE", "/api/v1/environments/compose/stack?confirm=compose", null).headers()
                .firstValue("Location").orElseThrow();
        JsonNode destroyed = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> json(api.get(destroy)), found -> !found.get("status").asString().equals("RUNNING"));
        assertThat(destroyed.get("status").asString()).as(destroyed + "\n" + portal.errors()).isEqualTo("SUCCEEDED");
        assertThat(portal.errors()).as("nothing went wrong in the portal's log").isEmpty();
    }

    /** The compose file's sandbox command, on a free port and a fresh data directory. */
    private URI startSandbox(ComposeFile compose) throws Exception {
        List<String> command = new ArrayList<>(List.of(PortalProcess.java(), "-jar", sandboxJar()));
        List<String> arguments = compose.command("sandbox");
        for (int i = 0; i < arguments.size(); i += 2) {
            String value = switch (arguments.get(i)) {
                case "--port" -> "0";
                case "--data-dir" -> work.resolve("sandbox").toString();
                default -> arguments.get(i + 1);
            };
            command.addAll(List.of(arguments.get(i), value));
        }
        PortalProcess sandbox = PortalProcess.start(command, ComposeFile.ROOT);
        processes.add(sandbox);
        return URI.create("http://" + ownAddress() + ":" + sandbox.awaitLine(LISTENING).group(1));
    }

    /** The portal service's environment from the compose file, its addresses pointed at the test's processes. */
    private Map<String, String> portalSettings(ComposeFile compose, URI sandbox, int port) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> composed = compose.environment("portal");
        for (String name : PORTAL_SETTINGS) {
            String value = composed.get(name);
            assertThat(value).as(name + " in docker-compose.yml").isNotNull();
            settings.put(name, switch (name) {
                case "SERVER_PORT" -> String.valueOf(port);
                case "PORTAL_SANDBOX_ENDPOINT" -> value.replace("sandbox:4566", sandbox.getAuthority());
                case "SPRING_DATASOURCE_URL" -> {
                    assertThat(value).startsWith("jdbc:postgresql://postgres:5432/");
                    yield Postgres.url(schema);
                }
                case "SPRING_DATASOURCE_USERNAME" -> Postgres.user();
                case "SPRING_DATASOURCE_PASSWORD" -> Postgres.password();
                default -> value;
            });
        }
        // What the image sets (PORTAL_DATA_DIR=/data) and the test's own way in to the API.
        settings.put("PORTAL_DATA_DIR", work.resolve("portal").toString());
        settings.put("PORTAL_BOOTSTRAP_API_TOKEN", TOKEN);
        return settings;
    }

    /**
     * The sandbox listens on every interface, as in its container, where the portal shares its network and calls it by its
     * service name: an address of the machine's own that is not loopback, as that name is. Loopback on a machine with no other.
     */
    private static String ownAddress() throws SocketException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(network -> Collections.list(network.getInetAddresses()).stream())
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .map(InetAddress::getHostAddress).findFirst().orElse("127.0.0.1");
    }

    private static String sandboxJar() {
        return PortalProcess.jar("sandbox.jar", "../sandbox/target/sandbox.jar");
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
