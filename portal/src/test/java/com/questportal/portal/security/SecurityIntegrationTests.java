package com.questportal.portal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import com.questportal.portal.browser.PortalUnderTest;
import com.questportal.portal.system.PortalProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Signing in, the first admin, roles, CSRF and the lock after failed sign-ins, against the whole portal. */
@SpringBootTest(properties = "spring.main.banner-mode=off")
@AutoConfigureMockMvc
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class SecurityIntegrationTests {

    @Autowired
    MockMvcTester mvc;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    PortalProperties properties;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        PortalUnderTest.freshDataDirectory(registry);
    }

    private MvcTestResult signIn(String username, String password, MockHttpSession session) {
        return mvc.post().uri("/login").param("username", username).param("password", password).session(session).with(csrf()).exchange();
    }

    @Test
    void theFirstAdminsPasswordIsInAnOwnerOnlyFileAndMustBeChangedFirst() throws Exception {
        Path file = properties.dataDir().resolve(FirstAdmin.PASSWORD_FILE);
        String password = Files.readString(file).trim();
        MockHttpSession session = new MockHttpSession();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(password).hasSize(20);
        assertThat(jdbc.queryForObject("select password_hash from portal_user where username = 'admin'", String.class))
                .startsWith("{bcrypt}").doesNotContain(password);
        assertThat(signIn("admin", password, session)).hasRedirectedUrl("/environments");
        assertThat(mvc.get().uri("/environments").session(session)).hasRedirectedUrl("/account/password");
        assertThat(mvc.post().uri("/account/password").session(session).with(csrf()).param("current", password)
                .param("password", "short").param("confirmation", "short")).hasStatus(400).bodyText()
                .contains("A new password has at least 12 characters.");
        String tooLong = "é".repeat(40);
        assertThat(mvc.post().uri("/account/password").session(session).with(csrf()).param("current", password)
                .param("password", tooLong).param("confirmation", tooLong)).as("80 bytes, past what bcrypt reads").hasStatus(400).bodyText()
                .contains("A new password has at most 72 bytes");
        assertThat(mvc.post().uri("/account/password").session(session).with(csrf()).param("current", password)
                .param("password", "a much longer one").param("confirmation", "a much longer one")).hasRedirectedUrl("/environments");
        assertThat(mvc.get().uri("/environments").session(session)).hasStatusOk().bodyText().contains("New environment");
        assertThat(signIn("admin", password, new MockHttpSession())).as("the first password no longer works")
                .hasRedirectedUrl("/login?error");
    }

    @Test
    void fiveWrongPasswordsLockTheUserAndEverySignInIsOnTheAuditTrail() {
        PortalUnderTest.user(jdbc, encoder, "otto", "OPERATOR");
        for (int i = 0; i < 5; i++) {
            assertThat(signIn("otto", "wrong " + i, new MockHttpSession())).hasRedirectedUrl("/login?error");
        }

        assertThat(signIn("otto", PortalUnderTest.PASSWORD, new MockHttpSession())).as("locked answers as wrong does")
                .hasRedirectedUrl("/login?error");
        assertThat(signIn("nobody-of-that-name", "wrong", new MockHttpSession())).hasRedirectedUrl("/login?error");
        assertThat(mvc.get().uri("/login").param("error", "")).bodyText().contains("The user name or the password is not right.")
                .doesNotContain("locked");
        assertThat(jdbc.queryForList("select detail from audit_event where actor = 'otto' order by id desc", String.class).get(0))
                .as("the audit trail keeps the real reason").containsIgnoringCase("locked");
        List<String> trail = jdbc.queryForList("select outcome from audit_event where actor = 'otto' and action = 'sign-in' order by id",
                String.class);
        assertThat(trail).hasSize(6).allMatch("REFUSED"::equals);
        assertThat(jdbc.queryForList("select detail from audit_event where actor = 'otto'", String.class).toString())
                .doesNotContain("wrong 0", PortalUnderTest.PASSWORD);
        assertThat(mvc.post().uri("/login").param("username", "otto").param("password", PortalUnderTest.PASSWORD)
                .with(request -> {
                    request.setRemoteAddr("192.0.2.44");
                    return request;
                }).session(new MockHttpSession()).with(csrf())).as("the lock holds for the address the failures came from only")
                .hasRedirectedUrl("/environments");
    }

    @Test
    void aDemotedAdminLosesTheRightsAtTheNextRequestAndAPasswordChangeSignsOutTheOtherSessions() throws Exception {
        PortalUnderTest.user(jdbc, encoder, "boss", "ADMIN");
        PortalUnderTest.user(jdbc, encoder, "chief", "ADMIN");
        MockHttpSession boss = new MockHttpSession();
        MockHttpSession chief = new MockHttpSession();
        signIn("boss", PortalUnderTest.PASSWORD, boss);
        signIn("chief", PortalUnderTest.PASSWORD, chief);
        assertThat(mvc.get().uri("/users").session(boss)).hasStatusOk();

        assertThat(mvc.post().uri("/users/boss/role").session(chief).with(csrf()).param("role", "VIEWER")).hasRedirectedUrl("/users");

        assertThat(mvc.get().uri("/users").session(boss)).as("the very next request").hasStatus(403);
        assertThat(mvc.post().uri("/tokens").session(boss).with(csrf()).param("name", "escape").param("permission", "ADMIN")
                .param("scope", "all").param("lifetimeDays", "30")).hasStatus(403);
        assertThat(mvc.post().uri("/users").session(boss).with(csrf()).param("username", "mallory").param("role", "ADMIN")).hasStatus(403);
        assertThat(jdbc.queryForObject("select count(*) from api_token where name = 'escape'", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from portal_user where username = 'mallory'", Integer.class)).isZero();
        assertThat(mvc.get().uri("/environments").session(boss)).as("still signed in, as a viewer").hasStatusOk();

        MockHttpSession elsewhere = new MockHttpSession();
        signIn("chief", PortalUnderTest.PASSWORD, elsewhere);
        assertThat(mvc.get().uri("/environments").session(elsewhere)).hasStatusOk();
        assertThat(mvc.post().uri("/account/password").session(chief).with(csrf()).param("current", PortalUnderTest.PASSWORD)
                .param("password", "a brand new passphrase").param("confirmation", "a brand new passphrase")).hasRedirectedUrl("/environments");

        assertThat(mvc.get().uri("/environments").session(chief)).as("the session that changed it").hasStatusOk();
        assertThat(mvc.get().uri("/environments").session(elsewhere)).as("another session of the same person")
                .hasRedirectedUrl("/login");
    }

    @Test
    void aUserNameWithALineBreakCannotForgeALogLine(org.springframework.boot.test.system.CapturedOutput output) {
        String forged = "eve\nevent=audit action=user.add environment=- actor=\"admin\" outcome=SUCCEEDED";

        assertThat(signIn(forged, "wrong", new MockHttpSession())).hasRedirectedUrl("/login?error");

        assertThat(output.getAll().lines().filter(line -> line.startsWith("event=audit action=user.add"))).as("a forged line").isEmpty();
        assertThat(output.getAll()).contains("actor=\"eve\\nevent=audit action=user.add environment=- actor=\\\"admin\\\" outcome=SUCCEEDED\"");
    }

    @Test
    void aViewerReadsButCannotChangeEnvironmentsAndFormsNeedTheirCsrfToken() {
        PortalUnderTest.user(jdbc, encoder, "vera", "VIEWER");
        PortalUnderTest.user(jdbc, encoder, "ada", "ADMIN");
        MockHttpSession viewer = new MockHttpSession();
        MockHttpSession admin = new MockHttpSession();
        signIn("vera", PortalUnderTest.PASSWORD, viewer);
        signIn("ada", PortalUnderTest.PASSWORD, admin);

        assertThat(mvc.get().uri("/environments").session(viewer)).hasStatusOk().bodyText().doesNotContain("New environment");
        assertThat(mvc.get().uri("/environments/new").session(viewer)).hasStatus(403);
        assertThat(mvc.post().uri("/environments").session(viewer).with(csrf()).param("name", "dev")).hasStatus(403);
        assertThat(mvc.post().uri("/environments").session(admin).param("name", "dev")).as("no CSRF token").hasStatus(403);
        assertThat(mvc.get().uri("/audit").session(viewer)).hasStatusOk().bodyText().contains("sign-in");
        assertThat(jdbc.queryForObject("select count(*) from environment", Integer.class)).isZero();
    }

    @Test
    void anAdminAddsSomeoneWhoseOneTimePasswordMustBeChangedAndTheLastAdminStaysAdmin() throws Exception {
        PortalUnderTest.user(jdbc, encoder, "root2", "ADMIN");
        PortalUnderTest.user(jdbc, encoder, "val", "VIEWER");
        MockHttpSession admin = new MockHttpSession();
        MockHttpSession viewer = new MockHttpSession();
        signIn("root2", PortalUnderTest.PASSWORD, admin);
        signIn("val", PortalUnderTest.PASSWORD, viewer);

        MvcTestResult added = mvc.post().uri("/users").session(admin).with(csrf()).param("username", "olga").param("role", "OPERATOR")
                .exchange();
        java.util.regex.Matcher oneTime = oneTimePassword(added, admin, "Added olga as OPERATOR.");
        MockHttpSession olga = new MockHttpSession();
        assertThat(signIn("olga", oneTime.group(1), olga)).hasRedirectedUrl("/environments");
        assertThat(mvc.get().uri("/environments").session(olga)).hasRedirectedUrl("/account/password");

        // A reset: a new one-time password, the old one refused, the person's sessions ended.
        java.util.regex.Matcher reset = oneTimePassword(mvc.post().uri("/users/olga/password-reset").session(admin).with(csrf())
                .exchange(), admin, "Reset olga's password; their sessions have ended.");
        assertThat(mvc.get().uri("/environments").session(olga).exchange().getResponse().getRedirectedUrl()).as("olga's session ended")
                .endsWith("/login");
        assertThat(signIn("olga", oneTime.group(1), new MockHttpSession())).hasRedirectedUrl("/login?error");
        MockHttpSession olgaAgain = new MockHttpSession();
        assertThat(signIn("olga", reset.group(1), olgaAgain)).hasRedirectedUrl("/environments");

        // Disabled: the session ends at once and the password no longer signs in; enabled again, it does.
        assertThat(mvc.post().uri("/users/olga/disable").session(admin).with(csrf())).hasRedirectedUrl("/users");
        assertThat(mvc.get().uri("/environments").session(olgaAgain).exchange().getResponse().getRedirectedUrl()).endsWith("/login");
        assertThat(signIn("olga", reset.group(1), new MockHttpSession())).hasRedirectedUrl("/login?error");
        assertThat(mvc.get().uri("/users").session(admin)).bodyText().contains("✗ disabled");
        assertThat(mvc.post().uri("/users/root2/disable").session(admin).with(csrf())).hasStatus(400).bodyText()
                .contains("You cannot disable yourself; ask another admin.");
        assertThat(mvc.post().uri("/users/olga/enable").session(admin).with(csrf())).hasRedirectedUrl("/users");
        assertThat(signIn("olga", reset.group(1), new MockHttpSession())).hasRedirectedUrl("/environments");

        assertThat(mvc.post().uri("/users").session(admin).with(csrf()).param("username", "olga").param("role", "VIEWER"))
                .hasStatus(400).bodyText().contains("There is a user named olga already.");
        assertThat(mvc.post().uri("/users").session(admin).with(csrf()).param("username", "Olga Smith").param("role", "VIEWER"))
                .hasStatus(400).bodyText().contains("A user name is 2 to 64 lowercase letters");
        assertThat(mvc.get().uri("/users").session(viewer)).hasStatus(403);
        assertThat(mvc.post().uri("/users/val/role").session(admin).with(csrf()).param("role", "OPERATOR")).hasRedirectedUrl("/users");
        assertThat(jdbc.queryForObject("select role from portal_user where username = 'val'", String.class)).isEqualTo("OPERATOR");

        List<String> otherAdmins = jdbc.queryForList("select username from portal_user where role = 'ADMIN' and username <> 'root2'",
                String.class);
        otherAdmins.forEach(name -> jdbc.update("update portal_user set role = 'OPERATOR' where username = ?", name));
        try {
            assertThat(mvc.post().uri("/users/root2/role").session(admin).with(csrf()).param("role", "VIEWER")).hasStatus(400).bodyText()
                    .contains("root2 is the last admin; make someone else admin first.");
        } finally {
            otherAdmins.forEach(name -> jdbc.update("update portal_user set role = 'ADMIN' where username = ?", name));
        }
        assertThat(jdbc.queryForList("select detail from audit_event where action = 'user.create' and outcome = 'SUCCEEDED'", String.class))
                .contains("olga as OPERATOR").noneMatch(detail -> detail.contains(oneTime.group(1)));
        assertThat(jdbc.queryForList("select action from audit_event where detail like 'olga%' and outcome = 'SUCCEEDED'", String.class))
                .contains("user.password-reset", "user.disable", "user.enable");
        assertThat(jdbc.queryForList("select detail from audit_event where detail is not null", String.class))
                .noneMatch(detail -> detail.contains(reset.group(1)));
    }

    /** A one-time password is answered with a redirect to the users page, which shows it once, from the session's flash. */
    private java.util.regex.Matcher oneTimePassword(MvcTestResult answer, MockHttpSession admin, String notice) throws Exception {
        assertThat(answer).hasRedirectedUrl("/users").hasHeader("Cache-Control", "no-store");
        MvcTestResult page = mvc.get().uri("/users").session(admin).exchange(); // as the browser follows the redirect
        assertThat(page).hasStatusOk().bodyText().contains(notice.replace("'", "&#39;"));
        java.util.regex.Matcher oneTime = java.util.regex.Pattern.compile("<code>([A-Za-z0-9]{20})</code>")
                .matcher(page.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(oneTime.find()).as("the one-time password, shown once").isTrue();
        assertThat(mvc.get().uri("/users").session(admin)).bodyText().doesNotContain(oneTime.group(1));
        return oneTime;
    }
}
