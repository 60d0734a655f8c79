package com.questportal.portal.security;

/** What a person may do: each role may do everything the ones before it may. */
public enum Role {
    /** Reads environments, their state and the audit trail. */
    VIEWER,
    /** Also deploys, redeploys, rolls back and tails logs. */
    OPERATOR,
    /** Also records and changes environments, provisions stacks, manages users and tokens. */
    ADMIN;

    /** The role of that exact name, or null: a form's value is checked, not trusted. */
    static Role named(String name) {
        for (Role role : values()) {
            if (role.name().equals(name)) {
                return role;
            }
        }
        return null;
    }
}
