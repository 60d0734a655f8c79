package com.questportal.portal.system;

import org.springframework.security.core.Authentication;

/**
 * What the signed-in caller's role lets it do, read from its authorities: a person's role or an API token's. (The role
 * hierarchy applies to URL rules; a person holds one role, so an admin is not also an operator by authority.)
 */
public final class SignedIn {

    private SignedIn() {
    }

    public static boolean isAdmin(Authentication caller) {
        return has(caller, "ROLE_ADMIN");
    }

    /** Operators and admins: who deploys, checks connections and reads logs. */
    public static boolean isOperator(Authentication caller) {
        return isAdmin(caller) || has(caller, "ROLE_OPERATOR");
    }

    private static boolean has(Authentication caller, String role) {
        return caller != null && caller.getAuthorities().stream().anyMatch(authority -> role.equals(authority.getAuthority()));
    }
}
