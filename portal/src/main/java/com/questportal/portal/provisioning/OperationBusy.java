package com.questportal.portal.provisioning;

/** Another operation runs on the environment: the database's unique active-operation row refused a second one. */
public final class OperationBusy extends RuntimeException {

    private final StackOperation running;

    OperationBusy(StackOperation running) {
        super(running == null ? "Another operation on this environment has just started; watch it on the environment's page."
                : (running.getType() == StackOperation.Type.APPLY ? "An apply" : "A destroy") + " by " + running.getStartedBy()
                + " is in progress since " + running.getStartedAt() + " — watch it.");
        this.running = running;
    }

    /** The operation in progress, or null when it finished in the meantime. */
    public StackOperation running() {
        return running;
    }
}
