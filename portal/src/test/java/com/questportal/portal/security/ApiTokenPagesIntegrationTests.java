package com.questportal.portal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import com.questportal.portal.browser.PortalUnderTest;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Issuing and revoking API tokens on their page: shown once, kept hashed, refused once revoked, every step on the audit trail. */
@SpringBootTest(properties = "spring.main.banner-mode=off")
@AutoConfigureMockMvc
@WithMockUser(username = "ada", roles = "ADMIN")
class ApiTokenPagesIntegrationTests {

    private static final Pattern ISSUED = Pattern.compile("<code id=\"issued-token-value\">(qpt_[A-Za-z0-9_-]{43})</code>");

    @Autowired
    MockMvcTester mvc;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        PortalUnderTest.freshDataDirectory(registry);
    }

    @AfterEach
    void clean() {
        jdbc.update("delete from api_token");
        jdbc.update("delete from audit_event");
        jdbc.update("delete from environment");
    }

    /** The issue is answered with a redirect; the page it leads to shows the new token once, from the flash. */
    private String issuedValue(MvcTestResult issued) throws Exception {
        assertThat(issued).hasRedirectedUrl("/tokens");
        MvcTestResult page = mvc.get().uri("/tokens").flashAttrs(issued.getMvcResult().getFlashMap()).exchange();
        assertThat(page).hasStatusOk().bodyText().contains("Copy it now: it is shown only this once.");
        Matcher value = ISSUED.matcher(page.getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(value.find()).as("the page shows the new token").isTrue();
        assertThat(mvc.get().uri("/tokens")).as("and never again").bodyText().doesNotContain(value.group(1));
        return value.group(1);
    }

    @Test
    void aTokenIsShownOnceKeptAsAHashAndRefusedOnceRevoked() throws Exception {
        assertThat(mvc.get().uri("/tokens")).hasStatusOk().bodyText().contains("No API tokens yet.");

        MvcTestResult issued = mvc.post().uri("/tokens").with(csrf()).param("name", "ci-deploy").param("permission", "OPERATOR")
                .param("scope", "all").param("lifetimeDays", "30").exchange();
        assertThat(issued).hasHeader("Cache-Control", "no-store");
        String token = issuedValue(issued);

        assertThat(jdbc.queryForList("select * from api_token").toString()).doesNotContain(token).contains(token.substring(0, 8));
        assertThat(jdbc.queryForObject("select permission from api_token", String.class)).isEqualTo("OPERATOR");
        assertThat(mvc.get().uri("/tokens")).bodyText().contains("ci-deploy", "deploy", "✓ active until", "never")
                .doesNotContain(token);
        assertThat(mvc.get().uri("/api/v1/environments").header("Authorization", "Bearer " + token)).hasStatusOk();
        assertThat(mvc.get().uri("/tokens")).bodyText().doesNotContain(">never<");

        long id = jdbc.queryForObject("select id from api_token", Long.class);
        assertThat(mvc.post().uri("/tokens/" + id + "/revoke").with(csrf())).hasRedirectedUrl("/tokens");
        assertThat(mvc.get().uri("/api/v1/environments").header("Authorization", "Bearer " + token)).hasStatus(401);
        assertThat(mvc.get().uri("/tokens")).bodyText().contains("✗ revoked by ada");
        assertThat(mvc.post().uri("/tokens/" + id + "/revoke").with(csrf())).hasStatus(404).bodyText()
                .contains("There is no such token, or it was revoked already.");
        assertThat(jdbc.queryForList("select action || ' ' || outcome || ' ' || detail from audit_event order by id", String.class))
                .as("issued, revoked, the revoked token refused, the second revoke refused").hasSize(4)
                .allSatisfy(line -> assertThat(line).doesNotContain(token))
                .first().asString().startsWith("token.create SUCCEEDED 'ci-deploy' (" + token.substring(0, 8) + "…) OPERATOR on all");
    }

    @Test
    void aTokenForChosenEnvironmentsNeedsAtLeastOneThatExists() throws Exception {
        jdbc.update("insert into environment (name, region, created_at, updated_at) values ('dev', 'eu-west-1', current_timestamp,"
                + " current_timestamp)");

        assertThat(mvc.post().uri("/tokens").with(csrf()).param("name", "dev-only").param("permission", "ADMIN").param("scope", "chosen")
                .param("lifetimeDays", "90")).hasStatus(400).bodyText().contains("Tick the environments this token may act on");
        assertThat(mvc.post().uri("/tokens").with(csrf()).param("name", "dev-only").param("permission", "ADMIN").param("scope", "chosen")
                .param("environments", "prod").param("lifetimeDays", "90")).hasStatus(400).bodyText()
                .contains("Some of the chosen environments do not exist");
        MvcTestResult issued = mvc.post().uri("/tokens").with(csrf()).param("name", "dev-only").param("permission", "ADMIN")
                .param("scope", "chosen").param("environments", "dev").param("lifetimeDays", "0").exchange();

        issuedValue(issued);
        assertThat(jdbc.queryForObject("select environments from api_token", String.class)).isEqualTo("dev");
        assertThat(jdbc.queryForObject("select count(*) from api_token where expires_at is null", Integer.class)).isEqualTo(1);
    }

    @Test
    void badValuesAreRefusedInWordsAndIssueNothing() {
        assertThat(mvc.post().uri("/tokens").with(csrf()).param("name", "").param("permission", "ADMIN")).hasStatus(400).bodyText()
                .contains("A token&#39;s name is 1 to 64 letters");
        assertThat(mvc.post().uri("/tokens").with(csrf()).param("name", "<script>x</script>").param("permission", "ADMIN"))
                .hasStatus(400).bodyText().doesNotContain("<script>x");
        assertThat(mvc.post().uri("/tokens").with(csrf()).param("name", "ci").param("permission", "ROOT")).hasStatus(400).bodyText()
                .contains("Choose a permission: read, deploy or admin.");
        assertThat(mvc.post().uri("/tokens").with(csrf()).param("name", "ci").param("permission", "ADMIN").param("lifetimeDays", "7"))
                .hasStatus(400).bodyText().contains("Choose how long the token lasts.");
        assertThat(mvc.post().uri("/tokens").with(csrf()).param("name", "ci").param("permission", "ADMIN").param("scope", "some"))
                .hasStatus(400).bodyText().contains("Choose all environments or some.");
        assertThat(mvc.post().uri("/tokens/not-a-number/revoke").with(csrf())).hasStatus(400);
        assertThat(jdbc.queryForObject("select count(*) from api_token", Integer.class)).isZero();
    }

    @Test
    @WithMockUser(username = "olga", roles = "OPERATOR")
    void onlyAdminsSeeOrIssueTokens() {
        assertThat(mvc.get().uri("/tokens")).hasStatus(403);
        assertThat(mvc.post().uri("/tokens").with(csrf()).param("name", "mine").param("permission", "ADMIN")).hasStatus(403);
        assertThat(jdbc.queryForObject("select count(*) from api_token", Integer.class)).isZero();
    }
}
