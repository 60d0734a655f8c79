package com.questportal.sandbox.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.questportal.sandbox.protocol.AwsServiceException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FilterPatternTests {

    private static final String REQUEST = "{\"event\":\"request\",\"method\":\"GET\",\"path\":\"/api/tls\",\"status\":500,"
            + "\"durationMs\":12.5,\"forwardedFor\":null,\"secure\":true,\"tags\":[\"a\",\"b\"],\"user\":{\"id\":7}}";

    @ParameterizedTest(name = "{0} on \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
            "ERROR | 2026 ERROR disk full | true",
            "ERROR | 2026 error disk full | false",
            "ERROR disk | ERROR: disk full | true",
            "ERROR disk | ERROR: memory | false",
            "'\"disk full\"' | ERROR: disk full | true",
            "'\"disk full\"' | ERROR: full disk | false",
            "ERROR -Exiting | ERROR: Exiting now | false",
            "ERROR -Exiting | ERROR: stay | true",
            "?ERROR ?WARN | WARN: slow | true",
            "?ERROR ?WARN | INFO: fine | false",
            "'' | anything at all | true",
            "'\"\\\"status\\\":500\"' | {\"status\":500} | true",
            "'\"\\\"status\\\":500\"' | {\"status\":200} | false",
            "'\"C:\\\\temp\"' | saved in C:\\temp | true",
    })
    void termPatterns(String pattern, String message, boolean matches) {
        assertThat(FilterPattern.parse(pattern).matches(message)).isEqualTo(matches);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
            "{ $.status = 500 } ; true",
            "{ $.status = 404 } ; false",
            "{ $.status >= 500 } ; true",
            "{ $.status < 500 } ; false",
            "{ $.durationMs > 12 } ; true",
            "{ $.durationMs <= 12 } ; false",
            "{ $.method = \"GET\" } ; true",
            "{ $.method != \"GET\" } ; false",
            "{ $.path = \"/api/*\" } ; true",
            "{ $.path = \"/web/*\" } ; false",
            "{ $.status = 500 && $.method = \"GET\" } ; true",
            "{ $.status = 404 || $.method = \"GET\" } ; true",
            "{ ($.status = 404 || $.status = 500) && $.path = \"*tls\" } ; true",
            "{ $.user.id = 7 } ; true",
            "{ $.tags[1] = \"b\" } ; true",
            "{ $.tags[5] = \"b\" } ; false",
            "{ $.forwardedFor IS NULL } ; true",
            "{ $.secure IS TRUE } ; true",
            "{ $.secure IS FALSE } ; false",
            "{ $.missing NOT EXISTS } ; true",
            "{ $.status EXISTS } ; true",
            "{ $.durationMs = 12.50 } ; true",
            "{ $.status = 500.0 } ; true",
            "{ ($.status = 404) || $.missing NOT EXISTS } ; true",
    })
    void jsonPatterns(String pattern, boolean matches) {
        assertThat(FilterPattern.parse(pattern).matches(REQUEST)).isEqualTo(matches);
    }

    @ParameterizedTest(name = "{0} on {1} -> may match {2}")
    @CsvSource(delimiter = ';', value = {
            "{ $.status = 500 } ; '{\"status\":200}' ; false",
            "{ $.status = 500 } ; '{\"status\": 500.0}' ; true",
            "{ $.status = 500 } ; '{\"a\":{\"status\":500}}' ; true",
            "{ $.status >= 500 } ; '{\"status\":503}' ; true",
            "{ $.path = \"/api*\" } ; '{\"path\":\"/web\"}' ; false",
            "{ $.path = \"/api*\" } ; '{\"path\":\"\\/api\"}' ; true",
            "{ $.status = 500 || $.path = \"/web\" } ; '{\"status\":200,\"path\":\"/web\"}' ; true",
            "{ $.status = 500 && $.path = \"/web\" } ; '{\"status\":200,\"path\":\"/web\"}' ; false",
            "{ $.gone NOT EXISTS } ; '{\"status\":200}' ; true",
            "{ $.status EXISTS } ; '{\"code\":200}' ; false",
            "{ $.tags[0] = \"a\" } ; '{\"tags\":[\"b\"]}' ; true",
    })
    void theTextLookNeverRulesOutAMatch(String pattern, String message, boolean mayMatch) {
        FilterPattern.JsonPattern json = (FilterPattern.JsonPattern) FilterPattern.parse(pattern);

        assertThat(json.mayMatch(message)).isEqualTo(mayMatch);
        if (json.matches(message)) {
            assertThat(json.mayMatch(message)).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain text, not JSON", "{\"broken\": ", "[1, 2]"})
    void aJsonPatternNeverMatchesWhatIsNotAJsonObject(String message) {
        assertThat(FilterPattern.parse("{ $.status = 500 }").matches(message)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{ $.status = 500", "{ status = 500 }", "{ $.status ~ 500 }", "{ $.status = }", "{ ($.a = 1 }",
            "\"unclosed", "[ip, user]"})
    void malformedPatternsAreInvalidParameters(String pattern) {
        assertThatExceptionOfType(AwsServiceException.class).isThrownBy(() -> FilterPattern.parse(pattern))
                .satisfies(e -> assertThat(e.code()).isEqualTo("InvalidParameterException"))
                .withMessageStartingWith("Invalid filter pattern");
    }
}
