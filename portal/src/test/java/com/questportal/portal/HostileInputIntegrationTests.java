package com.questportal.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.questportal.portal.api.ApiClient;
import com.questportal.portal.browser.PortalUnderTest;
import com.questportal.portal.security.ApiTokens;
import com.questportal.portal.security.Role;
import com.questportal.sandbox.Sandbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * What a hostile or careless client sends, over every form and API route: each case is answered below 500, in words,
 * without a stack trace or one of our class names, and changes nothing — no row in any table but the audit trail,
 * no secret word in SSM — and makes no AWS call. Two routes made to fail (in a controller and in a filter) show what a real 500 looks like.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.main.banner-mode=off")
@Import(HostileInputIntegrationTests.Failing.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIntegrationTests {

    private static final String CONTROLLER_FAILURE = "com.questportal.portal.Secret went wrong at java.lang.Thread.run";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ApiTokens tokens;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    Sandbox sandbox;
    @Autowired
    MeterRegistry meters;
    ApiClient api;
    HttpClient signedIn;
    String csrf;
    SsmClient ssm;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        PortalUnderTest.freshDataDirectory(registry);
    }

    /** A route and a filter that fail as a bug would, to see the answer a client gets. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Failing {

        /** Registered as a member of this configuration, in this test's context only. */
        @RestController
        static class FailingRoutes {
            @GetMapping("/api/v1/failing")
            String failing() {
                throw new IllegalStateException(CONTROLLER_FAILURE);
            }
        }

        @Bean
        FilterRegistrationBean<OncePerRequestFilter> failingFilter() {
            FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
                @Override
                protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) {
                    throw new IllegalArgumentException(CONTROLLER_FAILURE + " (in a filter)");
                }
            });
            registration.addUrlPatterns("/api/v1/failing-filter");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
            return registration;
        }
    }

    @BeforeAll
    void environmentAndPeople() throws Exception {
        PortalUnderTest.user(jdbc, encoder, "mallory-admin", "ADMIN");
        api = new ApiClient(port, tokens.issue("hostile-" + System.nanoTime(), Role.ADMIN, null, null, "test").value());
        var created = api.post("/api/v1/environments", HostileRequests.json(Map.of()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(awsRequests()).as("the meter counts the portal's AWS calls (recording dev wrote its secret word)").isPositive();
        signedIn = PortalUnderTest.signedIn(port, "mallory-admin");
        csrf = PortalUnderTest.csrfToken(signedIn, port);
        ssm = SsmClient.builder().endpointOverride(sandbox.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("com.questportal.portal.HostileRequests#all")
    void aHostileRequestIsRefusedInWordsAndChangesNothing(HostileRequests.Case hostile) throws Exception {
        String before = everythingSaved();
        double awsCallsBefore = awsRequests();

        Answer answer = send(hostile);

        assertThat(answer.status()).as("%s answered %s", hostile, answer.body()).isBetween(400, 499);
        assertThat(answer.body()).as(hostile.label())
                .doesNotContain("com.questportal", "java.", "Exception", "springframework", "jakarta.", "\tat ", "Whitelabel");
        if (hostile.kind() == HostileRequests.Case.Kind.API && !hostile.method().equals("HEAD")) {
            assertThat(answer.contentType()).as("%s: %s", hostile, answer.body()).startsWith("application/problem+json");
            assertThat(answer.body()).contains("\"detail\":\"");
        }
        assertThat(everythingSaved()).as("%s saved something", hostile).isEqualTo(before);
        assertThat(awsRequests()).as("%s called AWS", hostile).isEqualTo(awsCallsBefore);
    }

    /** Every request the portal has sent to AWS so far (the meter its SDK clients count on). */
    private double awsRequests() {
        return meters.find("portal.aws.requests").counters().stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void thereAreAtLeastAHundredCases() {
        assertThat(HostileRequests.all()).hasSizeGreaterThanOrEqualTo(100);
        assertThat(HostileRequests.all().stream().map(HostileRequests.Case::label).distinct().count()).as("each case named once")
                .isEqualTo(HostileRequests.all().size());
    }

    @Test
    void aFailureInAControllerOrAFilterIsAProblemDocumentWithAnIncidentIdAndNoClassName() throws Exception {
        for (String path : List.of("/api/v1/failing", "/api/v1/failing-filter")) {
            HttpResponse<String> failed = api.get(path);
            assertThat(failed.statusCode()).as(path).isEqualTo(500);
            assertThat(failed.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("application/problem+json");
            assertThat(ApiClient.json(failed).get("title").asString()).isEqualTo("Internal error");
            assertThat(ApiClient.json(failed).get("detail").asString()).startsWith("The portal could not answer this request;")
                    .contains("incident " + ApiClient.json(failed).get("incident").asString());
            assertThat(failed.body()).doesNotContain("com.questportal", "java.", "Exception", "Secret");
        }
    }

    private String everythingSaved() {
        List<String> tables = List.of(
                "select * from environment order by name",
                "select id, username, password_hash, role, must_change_password from portal_user order by id",
                "select id, name, permission, environments, expires_at, revoked_at from api_token order by id",
                "select id, status from stack_plan order by id",
                "select id, status from stack_operation order by id",
                "select * from stack_state order by environment_name");
        String rows = tables.stream().map(query -> jdbc.queryForList(query).toString()).collect(Collectors.joining("\n"));
        String secretWords = ssm.describeParametersPaginator(r -> r.maxResults(50)).stream().flatMap(page -> page.parameters().stream())
                .map(parameter -> parameter.name() + "=" + ssm.getParameter(r -> r.name(parameter.name()).withDecryption(true))
                        .parameter().value()).sorted().collect(Collectors.joining(","));
        return rows + "\n" + secretWords;
    }

    // ---- sending ----

    record Answer(int status, String contentType, String body) {
    }

    private Answer send(HostileRequests.Case hostile) throws IOException, InterruptedException {
        return switch (hostile.kind()) {
            case API -> answer(apiRequest(hostile));
            case FORM -> answer(formRequest(hostile));
            case RAW -> raw(hostile.path());
        };
    }

    private Answer answer(HttpResponse<String> response) {
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    private HttpResponse<String> apiRequest(HostileRequests.Case hostile) {
        HttpRequest.BodyPublisher body = hostile.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(hostile.body());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + hostile.path()))
                .header("Accept", "application/json").method(hostile.method(), body);
        if (hostile.contentType() != null && hostile.body() != null) {
            request.header("Content-Type", hostile.contentType());
        }
        hostile.headers().forEach(request::header);
        return api.sendAuthorized(request);
    }

    private HttpResponse<String> formRequest(HostileRequests.Case hostile) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + hostile.path()));
        if (hostile.method().equals("GET")) {
            request.GET();
        } else {
            String body = (hostile.body().isEmpty() ? "" : hostile.body() + "&") + "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
            request.header("Content-Type", hostile.contentType()).POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return signedIn.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Bytes on the socket, for request lines an HTTP client refuses to build. */
    private Answer raw(String path) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            in.transferTo(received);
            String response = received.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            int headersEnd = response.indexOf("\r\n\r\n");
            String contentType = response.lines().filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:"))
                    .findFirst().map(line -> line.substring(13).trim()).orElse("");
            return new Answer(status, contentType, headersEnd < 0 ? "" : response.substring(headersEnd + 4));
        }
    }
}
