package com.questportal.portal.provisioning;

/** Why a plan, an apply or a destroy was refused, in the operator's words, and what kind of refusal it is. */
public final class ProvisioningRefused extends RuntimeException {

    public enum Kind {
        /** The request is wrong (e.g. the confirmation). */
        INVALID,
        /** There is no such environment, plan or stack. */
        NOT_FOUND,
        /** The state does not allow it now (a stack in progress, an expired or used plan). */
        CONFLICT,
        /** AWS could not be asked or refused. */
        AWS
    }

    private final Kind kind;

    public ProvisioningRefused(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
