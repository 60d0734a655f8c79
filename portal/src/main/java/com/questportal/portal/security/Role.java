package com.questportal.portal.security;

/** What a person may do: each role may do everything the ones before it may. */
public enum Role {
    /** Reads environments, their state and the audit trail. */
    VIEWER,
    /** Also deploys, redeploys, rolls back and tails logs. */
    OPERATOR,
    /** Also records and changes environments, provisions stacks, manages users and tokens. */
    ADMIN
}
