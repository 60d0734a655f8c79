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
                .contains(">dev</a></td>", "<td>eu-west-1</td>", "<td>Team sandbox</td>", "<td>Sandbox — not AWS</td>", "○ not provisioned")
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
    void textFromOperatorsIsRenderedEscaped() {
        given(environments.findAllByOrderByNameAsc()).willReturn(List.of(
                new Environment("prod", "<script>alert('x')</script>", "us-east-1", Instant.now())));

        assertThat(mvc.get().uri("/"))
                .bodyText()
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .doesNotContain("<script>alert");
    }
}
