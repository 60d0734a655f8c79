package com.questportal.portal.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeploymentHistoryTests {

    @Test
    void csvValuesAreQuotedAsRfc4180AsksAndNeverRunAsFormulas() {
        assertThat(DeploymentHistory.csv(null)).isEmpty();
        assertThat(DeploymentHistory.csv("v2")).isEqualTo("v2");
        assertThat(DeploymentHistory.csv("failed, then \"rolled back\"")).isEqualTo("\"failed, then \"\"rolled back\"\"\"");
        assertThat(DeploymentHistory.csv("line one\nline two")).isEqualTo("\"line one\nline two\"");
        assertThat(DeploymentHistory.csv("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(DeploymentHistory.csv("@token")).isEqualTo("'@token");
    }

    @Test
    void pagesAreBroughtWithinRange() {
        assertThat(DeploymentHistory.page(-3, 0).getPageNumber()).isZero();
        assertThat(DeploymentHistory.page(-3, 0).getPageSize()).isEqualTo(1);
        assertThat(DeploymentHistory.page(2, 5_000).getPageSize()).isEqualTo(DeploymentHistory.LARGEST_PAGE);
    }
}
