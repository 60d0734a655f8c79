package com.questportal.quest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTests {

    @Test
    void quotesAndEscapesEverythingJsonRequires() {
        assertThat(Json.quote("a\"b\\c\nd\re\tf\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001\"");
    }

    @Test
    void nullIsTheJsonNull() {
        assertThat(Json.quote(null)).isEqualTo("null");
    }

    @Test
    void checkResultIsTheDocumentedShape() {
        assertThat(new CheckResult("tls", true, "X-Forwarded-Proto: https").toJson())
                .isEqualTo("{\"check\":\"tls\",\"passed\":true,\"detail\":\"X-Forwarded-Proto: https\"}");
    }

    @Test
    void htmlEscapesMarkup() {
        assertThat(Html.escape("<script>alert('x')</script>&\"")).isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;");
    }
}
