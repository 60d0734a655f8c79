package com.questportal.portal.system;

/** Where the portal's AWS calls go. */
public enum PortalMode {

    /** The built-in sandbox, started in-process: a development and test double of AWS. */
    SANDBOX("Sandbox — not AWS"),

    /** Real AWS accounts, through the default credential chain and per-environment roles. */
    AWS("AWS");

    private final String label;

    PortalMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isSandbox() {
        return this == SANDBOX;
    }
}
