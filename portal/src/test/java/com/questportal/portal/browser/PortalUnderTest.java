package com.questportal.portal.browser;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Gives each full-context test its own fresh data directory, and people to sign in as. */
public final class PortalUnderTest {

    /** The password of the users tests make with {@link #user}. */
    public static final String PASSWORD = "correct horse battery staple";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private PortalUnderTest() {
    }

    public static void freshDataDirectory(DynamicPropertyRegistry registry) {
        try {
            Path dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "portal-data-");
            registry.add("portal.data-dir", dataDir::toString);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a data directory under target/", e);
        }
    }

    /** A user with {@link #PASSWORD} who need not change it, made once per database. */
    public static void user(JdbcTemplate jdbc, PasswordEncoder encoder, String username, String role) {
        Integer existing = jdbc.queryForObject("select count(*) from portal_user where username = ?", Integer.class, username);
        if (existing == 0) {
            jdbc.update("insert into portal_user (username, password_hash, role, must_change_password, failed_sign_ins, created_at)"
                    + " values (?, ?, ?, false, 0, ?)", username, encoder.encode(PASSWORD), role, java.sql.Timestamp.from(Instant.now()));
        }
    }

    /** Signs in through the sign-in page as a person would. */
    public static void signIn(WebDriver browser, int port, String username) {
        browser.get("http://localhost:" + port + "/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("main button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.id("signed-in-as")));
    }

    /** The CSRF token of a signed-in session, as its forms carry it. */
    public static String csrfToken(HttpClient http, int port) throws IOException, InterruptedException {
        String page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/account/password")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher token = CSRF.matcher(page);
        if (!token.find()) {
            throw new IllegalStateException("the page has no CSRF token");
        }
        return token.group(1);
    }

    /** An HTTP client with a signed-in session (the sign-in form, its CSRF token and the session cookie). */
    public static HttpClient signedIn(int port, String username) throws IOException, InterruptedException {
        return signedIn(port, username, PASSWORD);
    }

    /** An HTTP client signed in with the given password. */
    public static HttpClient signedIn(int port, String username, String password) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher token = CSRF.matcher(page);
        if (!token.find()) {
            throw new IllegalStateException("the sign-in page has no CSRF token");
        }
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (signedIn.statusCode() != 302 || signedIn.headers().firstValue("Location").orElse("").contains("error")) {
            throw new IllegalStateException("signing in as " + username + " failed: " + signedIn.statusCode() + " " + signedIn.headers().map());
        }
        return http;
    }
}
