package com.questportal.portal.security;

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
}
