package com.questportal.portal.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.questportal.portal.api.ApiClient;
import com.questportal.portal.browser.Chromium;
import com.questportal.portal.browser.PortalUnderTest;
import com.questportal.portal.security.ApiTokens;
import com.questportal.portal.security.Role;
import com.questportal.sandbox.Sandbox;
import java.time.Duration;
import java.time.Year;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * In a real Chromium: plan a new environment's stack, read the plan, apply it, watch the progress
 * table fill in live on a page that never reloads, open the load balancer's URL from the outputs,
 * destroy the stack.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.main.banner-mode=off")
@ExtendWith(Chromium.class)
class ProvisioningBrowserIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    ApiTokens tokens;
    @Autowired
    Sandbox sandbox;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        PortalUnderTest.freshDataDirectory(registry);
    }

    @Test
    void planApplyWatchOpenAndDestroy(WebDriver browser) {
        QuestImages.publish(sandbox, "eu-west-1", "v1");
        new ApiClient(port, tokens.issue("setup", Role.ADMIN, null, null, "test").value()).post("/api/v1/environments", """
                {"name":"web","region":"eu-west-1","vpcCidr":"10.50.0.0/16","allowedClientCidr":"0.0.0.0/0","containerPort":3000,
                 "imageTag":"v1","taskSize":"256/512","desiredCount":1,"healthCheckPath":"/health","logRetentionDays":7,
                 "secretWord":"TwelveFactor"}""");
        PortalUnderTest.user(jdbc, encoder, "ada", "ADMIN");
        PortalUnderTest.signIn(browser, port, "ada");

        browser.get("http://localhost:" + port + "/environments/web");
        assertThat(shown(browser, By.id("stack-status"), 10).getText()).isEqualTo("○ not provisioned");
        browser.findElement(By.id("plan")).click();

        WebElement changes = shown(browser, By.id("plan-changes"), 60);
        assertThat(browser.getTitle()).startsWith("Plan ");
        assertThat(changes.getText()).contains("+ add", "QuestVpc", "AWS::EC2::VPC", "QuestService");
        browser.findElement(By.id("apply")).click();

        shown(browser, By.id("operation-events"), 10);
        JavascriptExecutor page = (JavascriptExecutor) browser;
        page.executeScript("window.questPortalSamePage = true;");
        int rowsAtFirst = browser.findElements(By.cssSelector("#operation-events tbody tr")).size();
        new WebDriverWait(browser, Duration.ofSeconds(180)).until(ExpectedConditions.textToBe(By.id("operation-status"), "✓ succeeded"));
        assertThat(page.executeScript("return window.questPortalSamePage === true;")).as("the page was never reloaded").isEqualTo(true);
        assertThat(browser.findElements(By.cssSelector("#operation-events tbody tr")).size()).as("rows arrived live")
                .isGreaterThan(rowsAtFirst + 20);
        assertThat(browser.findElement(By.id("operation-events")).getText()).contains("QuestLoadBalancer", "AWS::ElasticLoadBalancingV2::LoadBalancer");
        WebElement liveRow = browser.findElements(By.cssSelector("#operation-events tbody tr")).get(rowsAtFirst);
        String liveRowText = liveRow.getText();
        assertThat(liveRow.findElement(By.cssSelector("span.status")).getText()).as("a live row's status in words and symbol")
                .matches("[◔✓✗○] [A-Z_]+");
        assertThat(liveRow.findElement(By.cssSelector("time")).getText()).as("a live row's time of day, its zone named")
                .matches("\\d{1,2}:\\d{2}:\\d{2}.*[A-Z+].*").doesNotContain(String.valueOf(Year.now().getValue()));
        assertThat(browser.findElements(By.cssSelector("#operation-events span.status-ok")).stream().map(WebElement::getText))
                .contains("✓ CREATE_COMPLETE");
        WebElement bar = browser.findElement(By.cssSelector(".progress"));
        assertThat(bar.getAttribute("aria-valuenow")).isEqualTo(bar.getAttribute("aria-valuemax"));
        assertThat(bar.getAttribute("data-outcome")).as("the bar's colour follows the outcome").isEqualTo("SUCCEEDED");
        browser.navigate().refresh();
        shown(browser, By.cssSelector("#operation-events tbody tr time"), 10);
        assertThat(browser.findElements(By.cssSelector("#operation-events tbody tr")).get(rowsAtFirst).getText())
                .as("the same row rendered by the server reads as it did when it arrived live").isEqualTo(liveRowText);
        assertThat(browser.findElement(By.id("stack-status-text")).getText()).isEqualTo("CREATE_COMPLETE");

        browser.get("http://localhost:" + port + "/environments/web");
        assertThat(shown(browser, By.id("stack-status"), 10).getText()).isEqualTo("✓ CREATE_COMPLETE");
        String albUrl = browser.findElement(By.cssSelector("#stack-outputs a")).getAttribute("href");
        browser.findElement(By.id("check-drift")).click();
        assertThat(shown(browser, By.id("drift-status"), 30).getText()).startsWith("✓ in sync");
        assertThat(browser.findElement(By.id("drift-coverage")).getText()).as("the sandbox checks every resource type")
                .matches("\\((\\d+) of \\1 resources checked\\)");
        assertThat(browser.findElement(By.id("drift-resources")).getText()).as("every resource of the stack is read back")
                .contains("QuestService", "QuestTargetGroup", "✓ in sync").doesNotContain("not checked");
        assertThat(browser.findElement(By.id("nothing-to-restore")).getText()).contains("Nothing the portal can put back has drifted");
        try (EcsClient ecs = EcsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            ecs.updateService(r -> r.cluster("web-quest_ecs").service("web-quest_service").desiredCount(3));
        }
        browser.get("http://localhost:" + port + "/environments/web");
        shown(browser, By.id("check-drift"), 10).click();
        assertThat(shown(browser, By.id("drift-status"), 30).getText()).startsWith("✗ drifted: 1 resource");
        assertThat(browser.findElement(By.id("restorable")).getText()).isEqualTo("QuestService /DesiredCount 3 → 1");
        browser.findElement(By.id("restore-drift")).click();
        assertThat(shown(browser, By.id("operation-status"), 30).getText()).isEqualTo("✓ succeeded");
        assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("Restore ");
        assertThat(browser.findElement(By.id("operation-summary")).getText()).isEqualTo("Put back: QuestService /DesiredCount 3 → 1.");
        browser.get(albUrl);
        new WebDriverWait(browser, Duration.ofSeconds(60)).pollingEvery(Duration.ofSeconds(1)).until(driver -> {
            driver.navigate().refresh();
            return driver.getTitle().equals("Welcome · quest");
        });

        browser.get("http://localhost:" + port + "/environments/web");
        shown(browser, By.cssSelector("#stack-panel details summary"), 10).click();
        browser.findElement(By.id("destroy-confirm")).sendKeys("web");
        browser.findElement(By.id("destroy")).click();
        shown(browser, By.id("operation-events"), 10);
        new WebDriverWait(browser, Duration.ofSeconds(180)).until(ExpectedConditions.textToBe(By.id("operation-status"), "✓ succeeded"));
        assertThat(browser.findElement(By.id("stack-status-text")).getText()).isEqualTo("DELETE_COMPLETE");
        browser.get("http://localhost:" + port + "/environments/web");
        assertThat(shown(browser, By.id("stack-status"), 10).getText()).isEqualTo("○ destroyed");
        assertThat(browser.findElements(By.id("check-drift"))).as("nothing to check").isEmpty();
        assertThat(browser.findElement(By.id("plan")).isDisplayed()).as("a new plan can create it again").isTrue();

        browser.get("http://localhost:" + port + "/audit?environment=web");
        WebElement newest = shown(browser, By.cssSelector("#events tbody tr"), 10);
        assertThat(newest.getText()).contains("stack.destroy", "✓ succeeded");
        assertThat(newest.findElement(By.cssSelector("time")).getText()).as("the date above the time of day, its zone named")
                .matches("(?s)\\D*\\d{1,2}\\D*" + Year.now().getValue() + "\\s*\\n\\s*\\d{1,2}:\\d{2}:\\d{2}.*[A-Z].*");
    }

    private static WebElement shown(WebDriver browser, By locator, int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds)).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }
}
