package com.questportal.portal.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import com.questportal.portal.browser.PortalUnderTest;
import com.questportal.sandbox.Sandbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.util.MultiValueMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * "The number of AWS calls depends on the number of environments, never on the number of people
 * watching", for the AWS read behind the environment's page (is the secret word set?), counted by
 * the portal's own meter of the requests its clients send.
 */
@SpringBootTest(properties = {"spring.main.banner-mode=off", "portal.secret-words.recheck-after=PT3S"})
@AutoConfigureMockMvc
@WithMockUser(username = "ada", roles = "ADMIN")
class SharedAwsReadsIntegrationTests {

    static final Duration RECHECK_AFTER = Duration.ofSeconds(3);
    static final int VIEWERS = 30;

    @Autowired
    MockMvcTester mvc;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;
    @Autowired
    Sandbox sandbox;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        PortalUnderTest.freshDataDirectory(registry);
    }

    @AfterEach
    void clean() {
        jdbc.update("delete from environment");
        jdbc.update("delete from audit_event");
    }

    @Test
    void thirtyPeopleOpeningAnEnvironmentTogetherAskSsmOnceARecheckPeriodNotOnceEach() throws Exception {
        create("shared");
        double before = getParameterRequests();

        long started = System.nanoTime();
        List<Callable<String>> views = IntStream.range(0, VIEWERS).<Callable<String>>mapToObj(viewer -> () -> mvc.get()
                .uri("/environments/shared").with(user("viewer-" + viewer).roles("VIEWER")).exchange().getResponse()
                .getContentAsString(StandardCharsets.UTF_8)).toList();
        ExecutorService people = Executors.newFixedThreadPool(10);
        try {
            for (Future<String> page : people.invokeAll(views)) {
                assertThat(page.get()).contains("✓ set");
            }
        } finally {
            people.shutdownNow();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        long allowed = 1 + took.toMillis() / RECHECK_AFTER.toMillis();
        assertThat(getParameterRequests() - before).as("GetParameter requests for %d page views in %s", VIEWERS, took)
                .isLessThanOrEqualTo(allowed).isLessThan(VIEWERS);
    }

    @Test
    void aSecretWordDeletedOutsideThePortalShowsAsNotSetOnceRecheckedAndOneWrittenThroughThePortalAtOnce() {
        create("outside");
        assertThat(mvc.get().uri("/environments/outside")).bodyText().contains("✓ set");
        try (SsmClient ssm = SsmClient.builder().endpointOverride(sandbox.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            ssm.deleteParameter(r -> r.name("/quest/outside/secret_word"));
        }

        await().atMost(RECHECK_AFTER.multipliedBy(5)).pollInterval(Duration.ofMillis(250)).pollInSameThread()
                .untilAsserted(() -> assertThat(mvc.get().uri("/environments/outside")).bodyText().contains("! not set"));

        MultiValueMap<String, String> edit = EnvironmentPagesIntegrationTests.valid("outside");
        edit.set("secretWord", "AnotherWord");
        edit.set("version", "0");
        assertThat(mvc.post().uri("/environments/outside").params(edit).with(csrf())).hasStatus3xxRedirection();
        double before = getParameterRequests();
        assertThat(mvc.get().uri("/environments/outside")).bodyText().contains("✓ set");
        assertThat(getParameterRequests() - before).as("what the portal wrote itself is known without asking").isZero();
    }

    @Test
    void anAdminReadsTheRequestsSentToAwsPerServiceAndOperation() {
        create("metered");
        mvc.get().uri("/environments/metered").exchange();

        assertThat(mvc.get().uri("/actuator/metrics/portal.aws.requests")).hasStatusOk().bodyText()
                .contains("\"service\"", "\"Ssm\"", "\"operation\"", "\"PutParameter\"");
        assertThat(mvc.get().uri("/actuator/metrics/portal.aws.requests").with(user("vera").roles("VIEWER"))).hasStatus(403);
    }

    private void create(String name) {
        assertThat(mvc.post().uri("/environments").params(EnvironmentPagesIntegrationTests.valid(name)).with(csrf()))
                .hasStatus3xxRedirection();
    }

    private double getParameterRequests() {
        Counter counter = meters.find("portal.aws.requests").tag("service", "Ssm").tag("operation", "GetParameter").counter();
        return counter == null ? 0 : counter.count();
    }
}
