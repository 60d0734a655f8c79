package com.questportal.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.questportal.portal.browser.Chromium;
import java.time.Duration;
import com.questportal.portal.browser.PortalUnderTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** What a person sees when they open the portal for the first time, in a real Chromium. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(Chromium.class)
class HomePageBrowserIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PasswordEncoder encoder;

    @BeforeEach
    void aUser() {
        PortalUnderTest.user(jdbc, encoder, "vera", "VIEWER");
    }

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        PortalUnderTest.freshDataDirectory(registry);
    }

    @Test
    void firstVisitShowsTheSandboxBannerNavigationAndAnEmptyState(WebDriver browser) {
        PortalUnderTest.signIn(browser, port, "vera");
        browser.get("http://localhost:" + port + "/");

        assertThat(browser.getTitle()).isEqualTo("Environments · Quest Portal");
        assertThat(browser.findElement(By.id("mode-banner")).getText()).startsWith("Sandbox — not AWS.");
        assertThat(browser.findElement(By.id("mode-badge")).getText()).isEqualTo("Sandbox — not AWS");
        assertThat(browser.findElement(By.cssSelector("nav a.active")).getText()).isEqualTo("Environments");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Environments");
        assertThat(browser.findElement(By.id("no-environments")).getText()).contains("No environments yet");
        assertThat(browser.findElement(By.id("portal-version")).getText()).isEqualTo("0.1.0-SNAPSHOT");
    }

    @Test
    void htmxAndTheStylesheetAreServedByThePortalItself(WebDriver browser) {
        PortalUnderTest.signIn(browser, port, "vera");
        browser.get("http://localhost:" + port + "/environments");

        // Waited for, not read once: a deferred script and a stylesheet may still be arriving when the page reports loaded.
        WebDriverWait patience = new WebDriverWait(browser, Duration.ofSeconds(10));
        Object htmxVersion = patience.until(page -> ((JavascriptExecutor) page).executeScript("return window.htmx ? htmx.version : null"));
        assertThat(htmxVersion).isEqualTo("2.0.10");
        Object bannerColour = patience.until(page -> ((JavascriptExecutor) page).executeScript("var colour = getComputedStyle("
                + "document.getElementById('mode-banner')).backgroundColor; return colour === 'rgba(0, 0, 0, 0)' ? null : colour"));
        assertThat(bannerColour).isEqualTo("rgb(255, 248, 197)");
        assertThat(browser.findElements(By.cssSelector("script[src^='http'], link[href^='http']")))
                .as("no script or stylesheet from another host").isEmpty();
    }

    @Test
    void anUnknownAddressIsTheFriendly404Page(WebDriver browser) {
        PortalUnderTest.signIn(browser, port, "vera");
        browser.get("http://localhost:" + port + "/no/such/page");

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("404 Not Found");
        assertThat(browser.findElement(By.tagName("main")).getText())
                .contains("There is nothing at this address")
                .doesNotContain("Exception");
        assertThat(browser.findElement(By.id("mode-badge")).isDisplayed()).isTrue();
    }
}
