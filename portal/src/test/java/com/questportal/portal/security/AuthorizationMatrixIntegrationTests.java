package com.questportal.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.questportal.portal.browser.PortalUnderTest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint the portal maps, called by every kind of caller: nobody, a viewer, an operator and an
 * admin signed in, and a read, deploy and admin API token. Pages take sessions only, the API takes
 * tokens only; each role reaches what its row allows and is refused the rest. The requests that are
 * allowed carry values the endpoint refuses (or no-op values), so the walk changes nothing; what is
 * checked is that authorization let them through. A mapping added without a row here fails the test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.main.banner-mode=off")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixIntegrationTests {

    /** How an endpoint is reached: with a session, with a token, or either (the API description). */
    enum Channel { PAGE, API, EITHER }

    /** Who may call an endpoint: anyone, or a signed-in caller with at least this role. */
    enum Needs { ANYONE, VIEWER, OPERATOR, ADMIN }

    record Endpoint(String method, String pattern, String path, String body, Channel channel, Needs needs) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    record Caller(String name, Channel channel, Needs role, HttpClient http, String csrf, String token) {
        boolean reaches(Endpoint endpoint) {
            if (endpoint.needs() == Needs.ANYONE) {
                return true;
            }
            return (channel == endpoint.channel() || endpoint.channel() == Channel.EITHER && channel != null) && role != null
                    && role.compareTo(endpoint.needs()) >= 0;
        }
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            page("GET", "/", "/", Needs.VIEWER),
            page("GET", "/environments", "/environments", Needs.VIEWER),
            page("GET", "/environments/new", "/environments/new", Needs.ADMIN),
            pagePost("/environments", "/environments", "name=", Needs.ADMIN),
            page("GET", "/environments/{name}", "/environments/dev", Needs.VIEWER),
            page("GET", "/environments/{name}/edit", "/environments/dev/edit", Needs.ADMIN),
            pagePost("/environments/{name}", "/environments/dev", "name=", Needs.ADMIN),
            pagePost("/environments/{name}/delete", "/environments/dev/delete", "confirm=not-this", Needs.ADMIN),
            pagePost("/environments/{name}/connection-check", "/environments/dev/connection-check", "", Needs.OPERATOR),
            page("GET", "/environments/{name}/stack", "/environments/dev/stack", Needs.VIEWER),
            page("GET", "/environments/{name}/service", "/environments/dev/service", Needs.VIEWER),
            page("GET", "/environments/{name}/service/history", "/environments/dev/service/history", Needs.VIEWER),
            page("GET", "/environments/{name}/traffic", "/environments/dev/traffic", Needs.VIEWER),
            page("GET", "/environments/{name}/scaling", "/environments/dev/scaling", Needs.VIEWER),
            page("GET", "/environments/{name}/scaling/chart", "/environments/dev/scaling/chart", Needs.VIEWER),
            page("GET", "/environments/{name}/images", "/environments/dev/images", Needs.VIEWER),
            page("GET", "/environments/{name}/deploy", "/environments/dev/deploy?tag=v2", Needs.VIEWER),
            pagePost("/environments/{name}/deployments", "/environments/dev/deployments", "imageTag=v2", Needs.OPERATOR),
            page("GET", "/environments/{name}/deployments", "/environments/dev/deployments", Needs.VIEWER),
            page("GET", "/environments/{name}/logs", "/environments/dev/logs", Needs.OPERATOR),
            page("GET", "/environments/{name}/logs/tail", "/environments/dev/logs/tail", Needs.OPERATOR),
            page("GET", "/environments/{name}/logs/search", "/environments/dev/logs/search", Needs.OPERATOR),
            page("GET", "/environments/{name}/logs/download", "/environments/dev/logs/download", Needs.OPERATOR),
            page("GET", "/environments/{name}/deployments/ecs", "/environments/dev/deployments/ecs", Needs.VIEWER),
            page("GET", "/environments/{name}/deployments/{id}/cancel", "/environments/dev/deployments/999999/cancel", Needs.VIEWER),
            pagePost("/environments/{name}/deployments/{id}/cancel", "/environments/dev/deployments/999999/cancel", "", Needs.OPERATOR),
            page("GET", "/environments/{name}/deployments.csv", "/environments/dev/deployments.csv", Needs.VIEWER),
            page("GET", "/environments/{name}/rollback", "/environments/dev/rollback", Needs.VIEWER),
            pagePost("/environments/{name}/deployments/rollback", "/environments/dev/deployments/rollback", "", Needs.OPERATOR),
            page("GET", "/environments/{name}/redeploy", "/environments/dev/redeploy", Needs.VIEWER),
            pagePost("/environments/{name}/deployments/redeploy", "/environments/dev/deployments/redeploy", "", Needs.OPERATOR),
            pagePost("/environments/{name}/plans", "/environments/dev/plans", "", Needs.ADMIN),
            page("GET", "/environments/{name}/plans/{id}", "/environments/dev/plans/999999", Needs.VIEWER),
            pagePost("/environments/{name}/plans/{id}/apply", "/environments/dev/plans/999999/apply", "", Needs.ADMIN),
            pagePost("/environments/{name}/plans/{id}/discard", "/environments/dev/plans/999999/discard", "", Needs.ADMIN),
            pagePost("/environments/{name}/drift", "/environments/dev/drift", "", Needs.OPERATOR),
            pagePost("/environments/{name}/quest-checks", "/environments/dev/quest-checks", "", Needs.OPERATOR),
            pagePost("/environments/{name}/drift/restore", "/environments/dev/drift/restore", "", Needs.OPERATOR),
            pagePost("/environments/{name}/destroy", "/environments/dev/destroy", "confirm=not-this", Needs.ADMIN),
            page("GET", "/environments/{name}/operations/{id}", "/environments/dev/operations/999999", Needs.VIEWER),
            page("GET", "/environments/{name}/operations/{id}/events", "/environments/dev/operations/999999/events", Needs.VIEWER),
            page("GET", "/environments/{name}/operations/{id}/rollout", "/environments/dev/operations/999999/rollout", Needs.VIEWER),
            pagePost("/environments/{name}/operations/{id}/end", "/environments/dev/operations/999999/end", "", Needs.ADMIN),
            page("GET", "/audit", "/audit", Needs.VIEWER),
            page("GET", "/login", "/login", Needs.ANYONE),
            page("GET", "/account/password", "/account/password", Needs.VIEWER),
            pagePost("/account/password", "/account/password", "current=wrong&password=short&confirmation=short", Needs.VIEWER),
            page("GET", "/users", "/users", Needs.ADMIN),
            pagePost("/users", "/users", "username=&role=", Needs.ADMIN),
            pagePost("/users/{username}/role", "/users/vera/role", "role=NONE", Needs.ADMIN),
            pagePost("/users/{username}/password-reset", "/users/nobody/password-reset", "", Needs.ADMIN),
            pagePost("/users/{username}/disable", "/users/nobody/disable", "", Needs.ADMIN),
            pagePost("/users/{username}/enable", "/users/nobody/enable", "", Needs.ADMIN),
            page("GET", "/tokens", "/tokens", Needs.ADMIN),
            pagePost("/tokens", "/tokens", "name=", Needs.ADMIN),
            pagePost("/tokens/{id}/revoke", "/tokens/999999/revoke", "", Needs.ADMIN),
            either("/v3/api-docs", Needs.VIEWER),
            either("/v3/api-docs.yaml", Needs.VIEWER),
            either("/v3/api-docs/swagger-config", Needs.VIEWER),
            page("GET", "/api-docs", "/api-docs", Needs.VIEWER),
            page("GET", "/actuator/health", "/actuator/health", Needs.ANYONE),
            page("GET", "/actuator/info", "/actuator/info", Needs.VIEWER),
            page("GET", "/actuator/metrics", "/actuator/metrics", Needs.ADMIN),
            page("GET", "/actuator/metrics/{name}", "/actuator/metrics/portal.aws.requests", Needs.ADMIN),
            api("GET", "/api/v1/environments", "/api/v1/environments", null, Needs.VIEWER),
            api("POST", "/api/v1/environments", "/api/v1/environments", "{}", Needs.ADMIN),
            api("GET", "/api/v1/environments/{name}", "/api/v1/environments/dev", null, Needs.VIEWER),
            api("PUT", "/api/v1/environments/{name}", "/api/v1/environments/dev", "{}", Needs.ADMIN),
            api("DELETE", "/api/v1/environments/{name}", "/api/v1/environments/dev", null, Needs.ADMIN),
            api("PUT", "/api/v1/environments/{name}/secret-word", "/api/v1/environments/dev/secret-word", "{\"secretWord\":\"\"}",
                    Needs.ADMIN),
            api("POST", "/api/v1/environments/{name}/connection-check", "/api/v1/environments/dev/connection-check", "", Needs.OPERATOR),
            api("POST", "/api/v1/environments/{name}/plans", "/api/v1/environments/dev/plans", "", Needs.ADMIN),
            api("GET", "/api/v1/environments/{name}/plans/{id}", "/api/v1/environments/dev/plans/999999", null, Needs.VIEWER),
            api("DELETE", "/api/v1/environments/{name}/plans/{id}", "/api/v1/environments/dev/plans/999999", null, Needs.ADMIN),
            api("POST", "/api/v1/environments/{name}/plans/{id}/apply", "/api/v1/environments/dev/plans/999999/apply", "", Needs.ADMIN),
            api("DELETE", "/api/v1/environments/{name}/stack", "/api/v1/environments/dev/stack", null, Needs.ADMIN),
            api("POST", "/api/v1/environments/{name}/drift", "/api/v1/environments/dev/drift", "", Needs.OPERATOR),
            api("POST", "/api/v1/environments/{name}/quest-checks", "/api/v1/environments/dev/quest-checks", "", Needs.OPERATOR),
            api("POST", "/api/v1/environments/{name}/drift/restore", "/api/v1/environments/dev/drift/restore", "", Needs.OPERATOR),
            api("GET", "/api/v1/operations/{id}", "/api/v1/operations/999999", null, Needs.VIEWER),
            api("GET", "/api/v1/environments/{name}/status", "/api/v1/environments/dev/status", null, Needs.VIEWER),
            api("GET", "/api/v1/environments/{name}/traffic", "/api/v1/environments/dev/traffic", null, Needs.VIEWER),
            api("GET", "/api/v1/environments/{name}/scaling", "/api/v1/environments/dev/scaling", null, Needs.VIEWER),
            api("GET", "/api/v1/environments/{name}/scaling/chart", "/api/v1/environments/dev/scaling/chart", null, Needs.VIEWER),
            api("GET", "/api/v1/environments/{name}/images", "/api/v1/environments/dev/images", null, Needs.VIEWER),
            api("POST", "/api/v1/environments/{name}/deployments", "/api/v1/environments/dev/deployments", "{\"imageTag\":\"v2\"}",
                    Needs.OPERATOR),
            api("POST", "/api/v1/environments/{name}/deployments/{id}/cancel", "/api/v1/environments/dev/deployments/999999/cancel", "",
                    Needs.OPERATOR),
            api("GET", "/api/v1/environments/{name}/logs", "/api/v1/environments/dev/logs", null, Needs.OPERATOR),
            api("GET", "/api/v1/environments/{name}/logs/tail", "/api/v1/environments/dev/logs/tail", null, Needs.OPERATOR),
            api("GET", "/api/v1/environments/{name}/deployments/{id}", "/api/v1/environments/dev/deployments/1", null, Needs.VIEWER),
            api("GET", "/api/v1/environments/{name}/deployments", "/api/v1/environments/dev/deployments", null, Needs.VIEWER),
            api("POST", "/api/v1/environments/{name}/deployments/rollback", "/api/v1/environments/dev/deployments/rollback", "",
                    Needs.OPERATOR),
            api("POST", "/api/v1/environments/{name}/deployments/redeploy", "/api/v1/environments/dev/deployments/redeploy", "",
                    Needs.OPERATOR),
            api("POST", "/api/v1/operations/{id}/end", "/api/v1/operations/999999/end", "", Needs.ADMIN),
            api("GET", "/api/**", "/api/v2/anything", null, Needs.VIEWER),
            api("POST", "/api/**", "/api/v2/anything", "{}", Needs.ADMIN),
            api("DELETE", "/api/**", "/api/v2/anything", null, Needs.ADMIN));

    /**
     * Mappings that exist for the framework rather than for callers: Boot's error page, which the server forwards
     * failed requests to (open to all, so that a refusal can be shown), and springdoc's own UI address.
     */
    static final Set<String> NOT_CALLED_DIRECTLY = Set.of("* /error", "* /swagger-ui.html");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    ApiTokens tokens;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    final List<Caller> callers = new ArrayList<>();

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        PortalUnderTest.freshDataDirectory(registry);
    }

    @BeforeAll
    void callers() throws Exception {
        callers.add(new Caller("nobody", null, null, HttpClient.newHttpClient(), null, null));
        for (Map.Entry<String, Needs> person : Map.of("vera", Needs.VIEWER, "otto", Needs.OPERATOR, "ada", Needs.ADMIN).entrySet()) {
            PortalUnderTest.user(jdbc, encoder, person.getKey(), person.getValue().name());
            HttpClient session = PortalUnderTest.signedIn(port, person.getKey());
            callers.add(new Caller(person.getKey(), Channel.PAGE, person.getValue(), session, PortalUnderTest.csrfToken(session, port), null));
        }
        for (Map.Entry<Role, Needs> permission : Map.of(Role.VIEWER, Needs.VIEWER, Role.OPERATOR, Needs.OPERATOR, Role.ADMIN, Needs.ADMIN)
                .entrySet()) {
            String value = tokens.issue("matrix-" + permission.getKey(), permission.getKey(), null, null, "test").value();
            callers.add(new Caller("token " + permission.getKey(), Channel.API, permission.getValue(), HttpClient.newHttpClient(), null,
                    value));
        }
        jdbc.update("insert into environment (name, region, vpc_cidr, allowed_client_cidr, container_port, image_tag, task_cpu, task_memory,"
                + " desired_count, health_check_path, log_retention_days, created_at, created_by, updated_at, updated_by, version)"
                + " values ('dev', 'eu-west-1', '10.1.0.0/16', '0.0.0.0/0', 3000, 'v1', 256, 512, 1, '/health', 30,"
                + " current_timestamp, 'test', current_timestamp, 'test', 0)");
    }

    @Test
    void everyMappedEndpointHasARowInTheMatrix() {
        Set<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().forEach(pattern -> {
            Set<?> methods = info.getMethodsCondition().getMethods();
            if (methods.isEmpty()) {
                mapped.add("* " + pattern);
            } else {
                methods.forEach(method -> mapped.add(method + " " + pattern));
            }
        }));
        Set<String> covered = new TreeSet<>(NOT_CALLED_DIRECTLY);
        ENDPOINTS.forEach(endpoint -> {
            covered.add(endpoint.method() + " " + endpoint.pattern());
            covered.add("* " + endpoint.pattern());
        });
        assertThat(mapped).as("what the portal maps").contains("GET /environments", "PUT /api/v1/environments/{name}", "GET /v3/api-docs")
                .hasSizeGreaterThan(25);
        assertThat(covered).containsAll(mapped);
    }

    @Test
    void eachCallerReachesWhatItsRoleAllowsAndIsRefusedTheRest() throws Exception {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Endpoint endpoint : ENDPOINTS) {
            for (Caller caller : callers) {
                HttpResponse<String> response = call(caller, endpoint);
                String outcome = describe(response);
                boolean expected = caller.reaches(endpoint);
                boolean reached = outcome.equals("reached");
                if (response.statusCode() >= 500) {
                    wrong.add(endpoint + " as " + caller.name() + ": " + response.statusCode());
                } else if (expected != reached || !reached && !outcome.equals(refusal(caller, endpoint))) {
                    wrong.add(endpoint + " as " + caller.name() + ": expected " + (expected ? "reached" : refusal(caller, endpoint))
                            + ", was " + outcome + " (" + response.statusCode() + ")");
                }
                checked++;
            }
        }
        assertThat(wrong).as("of %d calls", checked).isEmpty();
        assertThat(checked).isEqualTo(ENDPOINTS.size() * 7);
        assertThat(jdbc.queryForList("select name || ' ' || desired_count || ' ' || version from environment", String.class))
                .as("the walk changed nothing").containsExactly("dev 1 0");
        assertThat(jdbc.queryForObject("select count(*) from api_token where revoked_at is not null", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from stack_plan", Integer.class) + jdbc.queryForObject(
                "select count(*) from stack_operation", Integer.class)).as("no plan made, no operation started").isZero();
    }

    /** How a caller who may not call the endpoint is turned away. */
    private static String refusal(Caller caller, Endpoint endpoint) {
        if (endpoint.channel() == Channel.API) {
            return caller.channel() == Channel.API ? "forbidden" : "unauthorized";
        }
        if (caller.channel() == Channel.PAGE) {
            return "forbidden";
        }
        // Without a session there is no CSRF token, and the CSRF check refuses a form post before sign-in is asked for.
        return endpoint.method().equals("POST") ? "forbidden" : "sign-in";
    }

    private static String describe(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 401) {
            return "unauthorized";
        }
        if (status == 403) {
            return "forbidden";
        }
        if (status == 302 && response.headers().firstValue("Location").orElse("").endsWith("/login")) {
            return "sign-in";
        }
        return "reached";
    }

    private HttpResponse<String> call(Caller caller, Endpoint endpoint) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + endpoint.path()));
        String body = endpoint.body();
        if (endpoint.channel() == Channel.PAGE && endpoint.method().equals("POST") && caller.csrf() != null) {
            body = (body.isEmpty() ? "" : body + "&") + "_csrf=" + URLEncoder.encode(caller.csrf(), StandardCharsets.UTF_8);
        }
        if (body != null) {
            request.header("Content-Type", endpoint.channel() == Channel.API ? "application/json" : "application/x-www-form-urlencoded");
        }
        if (endpoint.channel() == Channel.API) {
            request.header("Accept", "application/json");
        }
        if (caller.token() != null) {
            request.header("Authorization", "Bearer " + caller.token());
        }
        if (endpoint.method().equals("DELETE") && endpoint.channel() == Channel.API) {
            request.header("If-Match", "\"999\"");
        }
        request.method(endpoint.method(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return caller.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The API description: for signed-in people and for API tokens alike. */
    private static Endpoint either(String path, Needs needs) {
        return new Endpoint("GET", path, path, null, Channel.EITHER, needs);
    }

    private static Endpoint page(String method, String pattern, String path, Needs needs) {
        return new Endpoint(method, pattern, path, null, Channel.PAGE, needs);
    }

    private static Endpoint pagePost(String pattern, String path, String form, Needs needs) {
        return new Endpoint("POST", pattern, path, form, Channel.PAGE, needs);
    }

    private static Endpoint api(String method, String pattern, String path, String body, Needs needs) {
        return new Endpoint(method, pattern, path, body, Channel.API, needs);
    }
}
