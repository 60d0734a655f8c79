package com.questportal.portal.provisioning;

/** Another operation runs on the environment: the database's unique active-operation row refused a second one. */
public final class OperationBusy extends RuntimeException {

    private final StackOperation running;

    OperationBusy(StackOperation running) {
        super(running == null ? "Another operation on this environment has just started; watch it on the environment's page."
                : switch (running.getType()) {
                    case APPLY -> "An apply";
                    case DEPLOY -> "A deploy";
                    case ROLLBACK -> "A rollback";
                    case REDEPLOY -> "A redeploy";
                    case DESTROY -> "A destroy";
                    case RESTORE -> "A drift restore";
                } + " by " + running.getStartedBy()
                + " is in progress since " + running.getStartedAt() + " — watch it.");
        this.running = running;
    }

    /** The operation in progress, or null when it finished in the meantime. */
    public StackOperation running() {
        return running;
    }
}
