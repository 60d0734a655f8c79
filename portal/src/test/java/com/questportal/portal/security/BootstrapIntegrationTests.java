package com.questportal.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.questportal.portal.api.ApiClient;
import com.questportal.portal.browser.PortalUnderTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import com.questportal.portal.system.PortalProperties;

/** An unattended first start: the admin's password and an admin API token come from settings, and nothing is printed. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.main.banner-mode=off",
        "portal.bootstrap.admin-password=" + BootstrapIntegrationTests.PASSWORD,
        "portal.bootstrap.api-token=" + BootstrapIntegrationTests.TOKEN})
@ExtendWith(OutputCaptureExtension.class)
class BootstrapIntegrationTests {

    static final String PASSWORD = "unattended-set-up-42";
    static final String TOKEN = "bootstrap-token-0123456789abcdefghijklmnop";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PortalProperties properties;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        PortalUnderTest.freshDataDirectory(registry);
    }

    @Test
    void theAdminSignsInWithTheGivenPasswordAndTheTokenCallsTheApi(CapturedOutput output) throws Exception {
        assertThat(jdbc.queryForObject("select must_change_password from portal_user where username = 'admin'", Boolean.class)).isFalse();
        assertThat(Files.exists(properties.dataDir().resolve(FirstAdmin.PASSWORD_FILE))).as("no password file to leave behind").isFalse();

        HttpClient admin = PortalUnderTest.signedIn(port, "admin", PASSWORD);
        assertThat(admin.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/environments")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("signed in, and no forced password change").isEqualTo(200);

        assertThat(new ApiClient(port, TOKEN).post("/api/v1/environments", "{}").statusCode()).as("admin permission").isEqualTo(422);
        assertThat(jdbc.queryForObject("select name || ' ' || permission || ' ' || token_hint from api_token", String.class))
                .isEqualTo("bootstrap ADMIN boot");
        assertThat(jdbc.queryForList("select * from api_token").toString()).doesNotContain(TOKEN);
        assertThat(output.getAll()).contains("Made the admin API token 'bootstrap'", "Made the user 'admin' with the password given")
                .doesNotContain(PASSWORD, TOKEN);
        assertThat(jdbc.queryForList("select * from audit_event").toString()).doesNotContain(PASSWORD, TOKEN);
        assertThat(properties.bootstrap().toString()).doesNotContain(PASSWORD, TOKEN);
    }
}
