package com.questportal.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterChain;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The per-address sign-in throttle at its default: ten attempts a minute from one address, others unaffected. */
class SignInThrottleTests {

    private final SignInThrottle throttle = new SignInThrottle(10);
    private final AtomicInteger checked = new AtomicInteger();
    private final FilterChain signIn = (request, response) -> checked.incrementAndGet();

    @Test
    void theEleventhAttemptInAMinuteFromOneAddressIsA429AndIsNotChecked() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(attempt("203.0.113.9").getStatus()).isEqualTo(200);
        }
        MockHttpServletResponse throttled = attempt("203.0.113.9");

        assertThat(throttled.getStatus()).isEqualTo(429);
        assertThat(Integer.parseInt(throttled.getHeader("Retry-After"))).isBetween(1, 61);
        assertThat(throttled.getContentAsString()).contains("<h1>Too many sign-in attempts</h1>", "<title>");
        assertThat(checked).as("the throttled attempt never reached the password check").hasValue(10);
        assertThat(attempt("198.51.100.7").getStatus()).as("another address").isEqualTo(200);
    }

    @Test
    void onlySignInPostsAreCounted() throws Exception {
        for (int i = 0; i < 20; i++) {
            MockHttpServletRequest page = new MockHttpServletRequest("GET", "/login");
            page.setServletPath("/login");
            page.setRemoteAddr("203.0.113.10");
            MockHttpServletResponse response = new MockHttpServletResponse();
            throttle.doFilter(page, response, signIn);
            assertThat(response.getStatus()).isEqualTo(200);
        }
        assertThat(attempt("203.0.113.10").getStatus()).isEqualTo(200);
    }

    private MockHttpServletResponse attempt(String address) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login");
        request.setServletPath("/login");
        request.setRemoteAddr(address);
        MockHttpServletResponse response = new MockHttpServletResponse();
        throttle.doFilter(request, response, signIn);
        return response;
    }
}
