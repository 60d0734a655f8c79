package com.questportal.portal.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An API call whose Content-Type is no media type a body can have (a wildcard such as {@code *}{@code /*}, or
 * nothing that parses) is a 415 problem. Spring would otherwise meet it while choosing the controller, before any
 * error handler of the API can answer, and answer 500.
 */
class ReadableContentType extends OncePerRequestFilter {

    private final ApiProblemWriter problems;

    ReadableContentType(ApiProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && !readable(contentType)) {
            problems.unsupportedMediaType(request, response, "Send the request body as JSON (Content-Type: application/json).");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean readable(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException notAMediaType) {
            return false;
        }
    }
}
