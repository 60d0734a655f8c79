package com.questportal.portal.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * At most {@code portal.sign-in.attempts-per-minute} (default 10) sign-in attempts a minute from one address, whatever
 * names they try: guessing
 * is slowed for everyone at once, while the per-user lock holds only for the address the failures came from. A
 * throttled attempt is a 429 with Retry-After and is not checked at all (no password compared, no lock counted). The
 * buckets live in this portal's memory: several instances each allow that many.
 */
class SignInThrottle extends OncePerRequestFilter {

    private final int attemptsPerMinute;
    private final Cache<String, Bucket> byAddress = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();

    SignInThrottle(int attemptsPerMinute) {
        this.attemptsPerMinute = attemptsPerMinute;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Bucket bucket = byAddress.get(request.getRemoteAddr(), address -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(attemptsPerMinute).refillGreedy(attemptsPerMinute, Duration.ofMinutes(1))
                        .build()).build());
        ConsumptionProbe attempt = bucket.tryConsumeAndReturnRemaining(1);
        if (attempt.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(attempt.getNanosToWaitForRefill()) + 1);
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader("Retry-After", String.valueOf(seconds));
        response.setContentType("text/html;charset=UTF-8");
        response.getOutputStream().write(("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too many sign-in attempts"
                + " · Quest Portal</title><link rel=\"stylesheet\" href=\"/css/portal.css\"></head><body><main><h1>Too many sign-in"
                + " attempts</h1><p role=\"alert\">This address has tried to sign in " + attemptsPerMinute + " times in the last minute."
                + " Wait " + seconds + " seconds, then <a href=\"/login\">sign in</a> again.</p></main></body></html>")
                .getBytes(StandardCharsets.UTF_8));
    }
}
