package com.questportal.portal.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

import com.questportal.portal.security.PortalUserRepository;
import com.questportal.portal.system.PortalProperties;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

@WebMvcTest(EnvironmentListController.class)
@EnableConfigurationProperties(PortalProperties.class)
@WithMockUser(username = "vera", roles = "VIEWER")
class EnvironmentListControllerTests {

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    EnvironmentRepository environments;

    @MockitoBean
    PortalUserRepository users;

    @MockitoBean
    StackSummaries stacks;

    @MockitoBean
    ServiceHealth health;

    @Test
    void withoutEnvironmentsTheFrontPageSaysHowToStart() {
        given(environments.findAllByOrderByNameAsc()).willReturn(List.of());

        assertThat(mvc.get().uri("/"))
                .hasStatusOk()
                .hasViewName("environments/list")
                .bodyText().contains("No environments yet").doesNotContain("<table");
    }

    @Test
    void listsEnvironmentsWithTheirLastChangeAsAMachineReadableInstant() {
        given(environments.findAllByOrderByNameAsc()).willReturn(List.of(
                new Environment("dev", "Team sandbox", "eu-west-1", Instant.parse("2026-11-28T12:03:00Z"))));

        assertThat(mvc.get().uri("/environments"))
                .hasStatusOk()
                .bodyText()
                .contains(">dev</a></td>", "<td>eu-west-1</td>", "<td class=\"text\">Team sandbox</td>", "○ not provisioned")
                .contains("<time datetime=\"2026-11-28T12:03:00Z\">");
    }

    @Test
    void eachEnvironmentShowsItsStacksStatusInWords() {
        given(environments.findAllByOrderByNameAsc()).willReturn(List.of(
                new Environment("dev", null, "eu-west-1", Instant.now()), new Environment("prod", null, "eu-west-1", Instant.now()),
                new Environment("test", null, "eu-west-1", Instant.now()), new Environment("gone", null, "eu-west-1", Instant.now())));
        given(stacks.all()).willReturn(java.util.Map.of(
                "dev", new StackSummaries.StackSummary("CREATE_COMPLETE", java.util.Map.of(), null),
                "prod", new StackSummaries.StackSummary("UPDATE_IN_PROGRESS", java.util.Map.of(), 7L),
                "test", new StackSummaries.StackSummary("ROLLBACK_COMPLETE", java.util.Map.of(), null),
                "gone", new StackSummaries.StackSummary("DELETE_COMPLETE", java.util.Map.of(), null)));

        assertThat(mvc.get().uri("/environments")).bodyText()
                .contains("class=\"status status-ok\">✓ CREATE_COMPLETE", "class=\"status status-warn\">◔ UPDATE_IN_PROGRESS",
                        "class=\"status status-bad\">✗ ROLLBACK_COMPLETE", "class=\"status status-none\">○ destroyed")
                .doesNotContain("not provisioned");
    }

    @Test
    void eachEnvironmentShowsItsHealthTasksAndWhatRunsAgainstWhatIsRecorded() {
        Environment dev = new Environment("dev", null, "eu-west-1", Instant.now());
        org.springframework.test.util.ReflectionTestUtils.setField(dev, "imageTag", "v1");
        Environment prod = new Environment("prod", null, "eu-west-1", Instant.now());
        org.springframework.test.util.ReflectionTestUtils.setField(prod, "imageTag", "v3");
        given(environments.findAllByOrderByNameAsc()).willReturn(List.of(dev, prod));
        given(stacks.all()).willReturn(java.util.Map.of(
                "dev", new StackSummaries.StackSummary("CREATE_COMPLETE", java.util.Map.of(), null),
                "prod", new StackSummaries.StackSummary("UPDATE_ROLLBACK_COMPLETE", java.util.Map.of(), null,
                        new StackSummaries.LastOperation(7, "APPLY", "FAILED", Instant.parse("2026-11-30T03:12:00Z")))));
        given(health.of(org.mockito.ArgumentMatchers.any())).willReturn(java.util.Map.of(
                "dev", new ServiceHealth.Badge("✓ Healthy", "status-ok", "2 of 2 tasks run", 2, 0, 2, List.of("v1"), 1L, "5 of 5 ✓"),
                "prod", new ServiceHealth.Badge("◐ Degraded", "status-warn", "1 of 2 tasks run", 1, 1, 2, List.of("v2"), 40L, "4 of 5 ✗")));

        assertThat(mvc.get().uri("/environments")).bodyText()
                .contains("class=\"status status-ok\" title=\"2 of 2 tasks run\">✓ Healthy", "<td class=\"tasks\">2 / 2</td>")
                .contains("class=\"status status-warn\" title=\"1 of 2 tasks run\">◐ Degraded", "<td class=\"tasks\">1 / 2 (1 pending)</td>")
                .contains("<code>v2</code> running,", "<code>v3</code> recorded", "data from 40 s ago")
                .contains("<td class=\"quest-checks\">5 of 5 ✓</td>", "<td class=\"quest-checks\">4 of 5 ✗</td>")
                .contains("href=\"/environments/prod/operations/7\"", "class=\"status status-bad\">✗ apply failed</a>",
                        "datetime=\"2026-11-30T03:12:00Z\"", "none yet")
                .doesNotContain("data from 1 s ago");
    }

    @Test
    void theRowsAloneAreWhatThePageFetchesToStayLive() {
        given(environments.findAllByOrderByNameAsc()).willReturn(List.of(new Environment("dev", null, "eu-west-1", Instant.now())));

        assertThat(mvc.get().uri("/environments?rows")).hasStatusOk().bodyText()
                .startsWith("<tbody id=\"environment-rows\"").contains("hx-trigger=\"every 5s\"", ">dev</a>")
                .doesNotContain("<html", "<thead");
    }

    @Test
    void textFromOperatorsIsRenderedEscaped() {
        given(environments.findAllByOrderByNameAsc()).willReturn(List.of(
                new Environment("prod", "<script>alert('x')</script>", "us-east-1", Instant.now())));

        assertThat(mvc.get().uri("/"))
                .bodyText()
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .doesNotContain("<script>alert");
    }
}
