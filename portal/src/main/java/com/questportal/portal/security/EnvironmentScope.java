package com.questportal.portal.security;

import com.questportal.portal.api.ApiProblems;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;

/**
 * Which environments a caller may act on: people, every one their role allows; an API token, only
 * those it was issued for.
 */
public final class EnvironmentScope {

    private EnvironmentScope() {
    }

    public static boolean permits(Authentication caller, String environment) {
        return !(caller instanceof ApiTokenAuthentication token) || token.covers(environment);
    }

    /** Refuses, with a 403 problem document, a caller whose API token was not issued for this environment. */
    public static void require(Authentication caller, String environment) {
        if (environment != null && !permits(caller, environment)) {
            throw ApiProblems.problem(HttpStatus.FORBIDDEN, "Not allowed", "This token is not issued for the environment " + environment + ".");
        }
    }
}
