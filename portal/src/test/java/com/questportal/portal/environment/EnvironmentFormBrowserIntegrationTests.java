package com.questportal.portal.environment;

import static org.assertj.core.api.Assertions.assertThat;

import com.questportal.portal.browser.Chromium;
import com.questportal.portal.browser.PortalUnderTest;
import com.questportal.portal.system.PortalProperties;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** In a real Chromium: the generated admin's first sign-in, then an environment recorded, a mistake explained at its field, fixed, listed, deleted. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(Chromium.class)
class EnvironmentFormBrowserIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    PortalProperties properties;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        PortalUnderTest.freshDataDirectory(registry);
    }

    @Test
    void theGeneratedAdminChangesThePasswordRecordsAnEnvironmentFixesAMistakeSeesItAndDeletesIt(WebDriver browser) throws Exception {
        String generated = Files.readString(properties.dataDir().resolve("initial-admin-password")).trim();
        browser.get("http://localhost:" + port + "/");
        browser.findElement(By.id("username")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys(generated);
        browser.findElement(By.cssSelector("main button[type=submit]")).click();
        shown(browser, By.id("forced"));
        browser.findElement(By.id("current")).sendKeys(generated);
        browser.findElement(By.id("new-password")).sendKeys("a passphrase of my own");
        browser.findElement(By.id("confirmation")).sendKeys("a passphrase of my own");
        browser.findElement(By.cssSelector("main button[type=submit]")).click();
        shown(browser, By.id("no-environments"));
        assertThat(browser.findElement(By.id("signed-in-as")).getText()).isEqualTo("admin");
        browser.findElement(By.id("new-environment")).click();

        browser.findElement(By.id("name")).sendKeys("staging");
        browser.findElement(By.id("vpcCidr")).clear();
        browser.findElement(By.id("vpcCidr")).sendKeys("10.0.0.0/33");
        new Select(browser.findElement(By.id("taskSize"))).selectByVisibleText("1 vCPU · 2 GB");
        browser.findElement(By.id("secretWord")).sendKeys("TwelveFactor");
        browser.findElement(By.cssSelector("main button[type=submit]")).click();

        assertThat(shown(browser, By.cssSelector(".field.has-error .error")).getText())
                .startsWith("This is not an IPv4 CIDR block");
        assertThat(browser.findElement(By.id("name")).getAttribute("value")).as("what was typed is kept").isEqualTo("staging");
        assertThat(browser.findElement(By.id("secretWord")).getAttribute("value")).as("the secret word is not sent back").isEmpty();

        browser.findElement(By.id("vpcCidr")).clear();
        browser.findElement(By.id("vpcCidr")).sendKeys("10.2.0.0/16");
        browser.findElement(By.id("secretWord")).sendKeys("TwelveFactor");
        browser.findElement(By.cssSelector("main button[type=submit]")).click();

        shown(browser, By.id("secret-word-state"));
        assertThat(browser.getTitle()).isEqualTo("staging · Quest Portal");
        assertThat(browser.findElement(By.id("settings")).getText()).contains("quest-staging", "10.2.0.0/16", "1 vCPU · 2 GB");
        assertThat(browser.findElement(By.id("secret-word-state")).getText()).startsWith("✓ set");
        assertThat(browser.getPageSource()).doesNotContain("TwelveFactor");
        browser.findElement(By.linkText("Environments")).click();
        assertThat(shown(browser, By.id("environments")).getText()).contains("staging", "eu-west-1", "○ not provisioned");
        browser.findElement(By.linkText("staging")).click();
        shown(browser, By.id("confirm"));

        browser.findElement(By.id("confirm")).sendKeys("staging");
        browser.findElement(By.cssSelector("#delete button")).click();

        assertThat(shown(browser, By.id("no-environments")).getText()).contains("No environments yet");
    }

    /** The element once the page a form posted to has loaded: a click on submit returns before the next page is there. */
    private static WebElement shown(WebDriver browser, By locator) {
        return new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(locator));
    }
}
