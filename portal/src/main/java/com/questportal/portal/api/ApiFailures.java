package com.questportal.portal.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's last word on a failure nobody handled — in a controller or in a filter before it: a 500 problem
 * document that gives an incident id to quote, never a stack trace, a class name or the container's own page.
 * The failure itself is logged, with its id, at error level.
 */
@Configuration(proxyBeanMethods = false)
class ApiFailures {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> apiFailureFilter(JsonMapper json) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new LastWord(json));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    static final class LastWord extends OncePerRequestFilter {

        private static final Logger log = LoggerFactory.getLogger(ApiFailures.class);
        private final JsonMapper json;

        LastWord(JsonMapper json) {
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException {
            try {
                chain.doFilter(request, response);
            } catch (ServletException | IOException | RuntimeException failure) {
                String incident = UUID.randomUUID().toString().substring(0, 8);
                log.error("event=api_failure incident={} method={} path={}", incident, request.getMethod(), request.getRequestURI(), failure);
                if (response.isCommitted()) {
                    return;
                }
                response.reset();
                Map<String, Object> problem = new LinkedHashMap<>();
                problem.put("type", "about:blank");
                problem.put("title", "Internal error");
                problem.put("status", HttpStatus.INTERNAL_SERVER_ERROR.value());
                problem.put("detail", "The portal could not answer this request; it logged the failure as incident " + incident
                        + ". Try again; if it persists, give the incident id to the portal's administrators.");
                problem.put("instance", request.getRequestURI());
                problem.put("incident", incident);
                response.setStatus(HttpStatus.INTERNAL_SERVER_ERROR.value());
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                json.writeValue(response.getOutputStream(), problem);
            }
        }
    }
}
