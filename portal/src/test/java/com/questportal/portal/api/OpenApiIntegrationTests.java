package com.questportal.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.questportal.portal.browser.PortalUnderTest;
import com.questportal.portal.security.ApiTokens;
import com.questportal.portal.security.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The portal describes its API in OpenAPI and serves a browsable UI, to signed-in people only. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.main.banner-mode=off")
class OpenApiIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PasswordEncoder encoder;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        PortalUnderTest.freshDataDirectory(registry);
    }

    private HttpResponse<String> get(HttpClient http, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Autowired
    ApiTokens tokens;

    @Test
    void signedInPeopleReadTheDescriptionAndBrowseIt() throws Exception {
        PortalUnderTest.user(jdbc, encoder, "vera", "VIEWER");
        HttpClient vera = PortalUnderTest.signedIn(port, "vera");

        HttpResponse<String> description = get(vera, "/v3/api-docs");
        assertThat(description.statusCode()).isEqualTo(200);
        JsonNode api = JsonMapper.builder().build().readTree(description.body());
        assertThat(api.get("openapi").asString()).startsWith("3.");
        assertThat(api.get("info").get("title").asString()).isEqualTo("Quest Portal API");
        assertThat(api.get("paths").propertyNames()).contains("/api/v1/environments", "/api/v1/environments/{name}",
                "/api/v1/environments/{name}/secret-word", "/api/v1/environments/{name}/connection-check").doesNotContain("/environments");
        assertThat(api.get("paths").get("/api/v1/environments/{name}").get("put").toString()).contains("If-Match");
        assertThat(api.get("components").get("securitySchemes").get("token").get("scheme").asString()).isEqualTo("bearer");

        HttpResponse<String> ui = get(vera, "/swagger-ui/index.html");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
        assertThat(get(vera, "/api-docs").statusCode()).as("the UI's short address redirects to it").isEqualTo(302);
    }

    /** API clients fetch it with their token, as they call the API; a wrong token is a 401 problem, not the sign-in page. */
    @Test
    void apiClientsReadTheDescriptionWithTheirToken() throws Exception {
        ApiClient client = new ApiClient(port, tokens.issue("docs-" + System.nanoTime(), Role.VIEWER, null, null, "test").value());

        HttpResponse<String> description = client.get("/v3/api-docs");

        assertThat(description.statusCode()).as(description.body()).isEqualTo(200);
        assertThat(JsonMapper.builder().build().readTree(description.body()).get("paths").propertyNames())
                .contains("/api/v1/environments/{name}/deployments", "/api/v1/environments/{name}/deployments/rollback");
        HttpResponse<String> wrong = new ApiClient(port, "qpt_not-a-token").get("/v3/api-docs");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
    }

    @Test
    void nobodyElseDoes() throws Exception {
        HttpResponse<String> anonymous = get(HttpClient.newHttpClient(), "/v3/api-docs");

        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
    }
}
