package com.questportal.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.questportal.portal.browser.PortalUnderTest;
import com.questportal.portal.system.PortalProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import com.questportal.sandbox.Sandbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole portal on a random port: it announces its URL, is healthy, and errors read well in HTML and JSON. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.main.banner-mode=off")
@ExtendWith(OutputCaptureExtension.class)
class PortalStartIntegrationTests {

    private static final HttpClient ANONYMOUS = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PasswordEncoder encoder;
    HttpClient http;

    @BeforeEach
    void signIn() throws Exception {
        PortalUnderTest.user(jdbc, encoder, "vera", "VIEWER");
        http = PortalUnderTest.signedIn(port, "vera");
    }

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        PortalUnderTest.freshDataDirectory(registry);
    }

    @Test
    void theSessionCookieIsSameSiteLaxAndSecureWithHstsBehindATlsLoadBalancer() throws Exception {
        HttpResponse<String> plain = ANONYMOUS.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plain.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie).startsWith("JSESSIONID=")
                .contains("SameSite=Lax").contains("HttpOnly").doesNotContain("Secure"));
        assertThat(plain.headers().firstValue("Strict-Transport-Security")).isEmpty();

        HttpResponse<String> forwarded = ANONYMOUS.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("X-Forwarded-Proto", "https").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forwarded.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie).startsWith("JSESSIONID=")
                .contains("SameSite=Lax").contains("Secure"));
        assertThat(forwarded.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(value ->
                assertThat(value).contains("max-age="));
    }

    @Test
    void aRedirectNeverNamesTheHostTheRequestClaimed() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.getOutputStream().write(("GET /environments HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 302").containsIgnoringCase("Location: /login").doesNotContain("evil.example");
        }
    }

    @Test
    void theEmbeddedDatabaseFileIsTheOwnersOnly(@Autowired PortalProperties properties) throws Exception {
        Path database = properties.dataDir().resolve("portal.mv.db");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(database))).isEqualTo("rw-------");
    }

    @Test
    void printsItsUrlOnceReady(CapturedOutput output) {
        assertThat(output.getAll()).contains("Quest Portal is ready at http://localhost:" + port + "/ mode=sandbox");
    }

    @Test
    void inSandboxModeTheSandboxRunsInProcessAndAnswersTheRealSdk(@Autowired Sandbox sandbox) throws Exception {
        try (StsClient sts = StsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            assertThat(sts.getCallerIdentity().account()).isEqualTo("000000000000");
        }
        assertThat(get("/", "text/html").body())
                .contains("<code id=\"sandbox-endpoint\">" + sandbox.endpoint() + "</code>");
    }

    @Test
    void actuatorHealthIsUp() throws Exception {
        HttpResponse<String> health = get("/actuator/health", "application/json");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void missingPageIsA404InTheLayoutWithoutAStackTrace() throws Exception {
        HttpResponse<String> page = get("/environments/nope/extra", "text/html");

        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("<h1>404 Not Found</h1>", "Sandbox — not AWS")
                .doesNotContain("Exception", "at org.springframework");
    }

    @Test
    void aLetterWhereAnIdBelongsIsA400ThatSaysSo() throws Exception {
        HttpResponse<String> page = get("/environments/dev/operations/abc", "text/html");

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("<h1>400 Bad Request</h1>", "&#39;abc&#39; is not a valid id: it is a whole number.")
                .doesNotContain("Exception", "at org.springframework", "It has been logged");

        HttpResponse<String> refused = get("/environments/%2e%2e/edit", "text/html");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("<h1>400 Bad Request</h1>", "a value the portal cannot read").doesNotContain("Exception");
    }

    @Test
    void anApiCallWithASessionButNoTokenIsA401ProblemNotASignInPage() throws Exception {
        HttpResponse<String> problem = get("/api/nothing-here", "application/json");

        assertThat(problem.statusCode()).isEqualTo(401);
        assertThat(problem.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(problem.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        assertThat(problem.body()).contains("\"status\":401", "Authorization: Bearer").doesNotContain("trace", "Exception");
    }

    @Test
    void withoutSigningInEveryPageLeadsToTheSignInPage() throws Exception {
        HttpResponse<String> page = ANONYMOUS.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/environments")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
    }

    @Test
    void pagesCarryAPolicyThatAllowsOnlyThePortalsOwnScriptsAndNoFraming() throws Exception {
        HttpResponse<String> page = get("/environments", "text/html");

        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
                .contains("script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe"));
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).contains("<span id=\"signed-in-as\">vera</span>");
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
