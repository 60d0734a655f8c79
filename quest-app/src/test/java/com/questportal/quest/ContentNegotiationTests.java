package com.questportal.quest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentNegotiationTests {

    @ParameterizedTest(name = "Accept: {0} -> json {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL | false",
            "'' | false",
            "*/* | false",
            "application/json | true",
            "application/problem+json | true",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8 | false",
            "application/json;q=0.5, text/html | false",
            "text/html;q=0.5, application/json | true",
            "application/json;q=0 | false",
            "application/json;q=oops | false",
            "APPLICATION/JSON | true",
    })
    void choosesJsonOnlyWhenRankedAboveHtml(String accept, boolean json) {
        assertThat(ContentNegotiation.wantsJson(accept)).isEqualTo(json);
    }
}
