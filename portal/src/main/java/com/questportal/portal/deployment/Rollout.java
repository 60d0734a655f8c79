package com.questportal.portal.deployment;

import com.questportal.portal.provisioning.StackOperation;
import com.questportal.portal.status.EnvironmentStatus;
import com.questportal.portal.status.QuestCheckRound;
import com.questportal.portal.status.ServiceSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A deploy, rollback or redeploy as it rolls out, from the status poller's newest snapshot (never a call to AWS of its
 * own): the new tasks and the old, each with its target's state at the load balancer, the steps done and to do, the service
 * events since it began, the time it has taken, and the quest's checks — green only once they pass with {@code /version}
 * answering the new tag.
 */
record Rollout(long operationId, String kind, String fromTag, String toTag, StackOperation.Status status, long elapsedSeconds,
               int desired, List<TaskRow> tasks, List<Step> steps, List<ServiceSnapshot.Event> events, QuestCheckRound checks,
               boolean checksPassOnNewTag, boolean watching, Instant readAt) {

    /** How long after the rollout ended the view keeps following it: the old tasks' stop, the checks turning green on the new tag. */
    static final Duration WATCHED_AFTER_END = Duration.ofMinutes(2);
    static final int EVENTS_SHOWN = 30;
    private static final Predicate<TaskRow> NEW_SERVING = task -> task.isNew() && task.serving();
    private static final Predicate<TaskRow> OLD_LIVE = task -> !task.isNew() && task.live();

    /** One task of the service: new (the rollout's) or old, and where its target stands at the load balancer. */
    record TaskRow(String id, String imageTag, boolean isNew, String lastStatus, String desiredStatus, String target, String address,
                   Instant startedAt, String stoppedReason) {

        public boolean live() {
            return !"STOPPED".equals(lastStatus);
        }

        public boolean serving() {
            return "RUNNING".equals(lastStatus) && "healthy".equals(target);
        }
    }

    /** A step of the rollout, in words and a symbol. */
    record Step(String name, State state, String detail) {
    }

    enum State {
        DONE("✓", "status-ok"), DOING("◔", "status-warn"), WAITING("·", "muted"), FAILED("✗", "status-bad");

        private final String symbol;
        private final String tone;

        State(String symbol, String tone) {
            this.symbol = symbol;
            this.tone = tone;
        }

        public String symbol() {
            return symbol;
        }

        public String tone() {
            return tone;
        }
    }

    /** What a rollout view needs of its operation. */
    record Deploy(long id, StackOperation.Type type, StackOperation.Status status, String fromTag, String toTag, Instant startedAt,
                  Instant finishedAt) {

        static Deploy of(StackOperation operation) {
            return new Deploy(operation.getId(), operation.getType(), operation.getStatus(), operation.getImageTagFrom(),
                    operation.getImageTagTo(), operation.getStartedAt(), operation.getFinishedAt());
        }
    }

    static Rollout of(Deploy operation, EnvironmentStatus status, Instant now) {
        Instant started = operation.startedAt();
        Instant ended = operation.finishedAt();
        String toTag = operation.toTag();
        List<TaskRow> tasks = status.tasks().stream()
                .filter(task -> task.stoppedAt() == null || !task.stoppedAt().isBefore(started))
                .map(task -> new TaskRow(task.id(), task.imageTag(), isNew(task, toTag, started), task.lastStatus(), task.desiredStatus(),
                        targetOf(task, status.targets()), task.address(), task.startedAt(), task.stoppedReason()))
                .sorted(Comparator.comparing(TaskRow::isNew).reversed().thenComparing(TaskRow::id))
                .toList();
        QuestCheckRound round = status.questChecks();
        boolean checksOnNew = round != null && !round.at().isBefore(started) && round.allPassedOn(toTag);
        boolean running = operation.status() == StackOperation.Status.RUNNING;
        long oldLive = count(tasks, OLD_LIVE);
        long newServing = count(tasks, NEW_SERVING);
        // After the end the view still follows what the poller has yet to see — the old tasks' stop, the checks on the new tag —
        // for a while, so that it never rests on a reading taken before the rollout settled.
        boolean settled = checksOnNew && oldLive == 0 && newServing >= status.desired();
        boolean watching = running || !settled && ended != null && ended.plus(WATCHED_AFTER_END).isAfter(now);
        List<ServiceSnapshot.Event> events = status.events().stream().filter(event -> !event.at().isBefore(started))
                .limit(EVENTS_SHOWN).toList();
        return new Rollout(operation.id(), kind(operation.type()), operation.fromTag(), toTag, operation.status(),
                Duration.between(started, ended != null ? ended : now).toSeconds(), status.desired(), tasks,
                steps(operation, status.desired(), tasks, round, checksOnNew), events, round, checksOnNew, watching, status.takenAt());
    }

    public long newServing() {
        return count(tasks, NEW_SERVING);
    }

    public long oldLive() {
        return count(tasks, OLD_LIVE);
    }

    /** "42 s", "3 min 5 s", as the history shows how long a deploy took. */
    public String elapsed() {
        return DeploymentHistory.duration(elapsedSeconds);
    }

    private static long count(List<TaskRow> tasks, Predicate<TaskRow> which) {
        return tasks.stream().filter(which).count();
    }

    private static List<Step> steps(Deploy operation, int desired, List<TaskRow> tasks, QuestCheckRound round, boolean checksOnNew) {
        boolean failed = operation.status() == StackOperation.Status.FAILED;
        boolean succeeded = operation.status() == StackOperation.Status.SUCCEEDED;
        String toTag = operation.toTag();
        long started = tasks.stream().filter(task -> task.isNew() && "RUNNING".equals(task.lastStatus())).count();
        long serving = count(tasks, NEW_SERVING);
        long oldLive = count(tasks, OLD_LIVE);
        long draining = tasks.stream().filter(task -> !task.isNew() && task.live() && "draining".equals(task.target())).count();
        Step newTasks = new Step("New tasks of " + toTag + " running", progress(started, desired, failed),
                started + " of " + desired);
        Step healthy = new Step("New targets healthy at the load balancer", progress(serving, desired, failed), serving + " of " + desired);
        Step drained = new Step("Old tasks drained and stopped", oldLive == 0 && serving >= desired ? State.DONE
                : failed ? State.FAILED : serving > 0 || draining > 0 ? State.DOING : State.WAITING,
                oldLive == 0 ? "none left" : oldLive + " left" + (draining > 0 ? ", " + draining + " draining" : ""));
        Step checks = new Step("Quest checks pass on " + toTag, checksOnNew ? State.DONE : failed ? State.FAILED
                : round == null || serving == 0 ? State.WAITING : State.DOING, checksDetail(round));
        Step end = new Step("Stack and service settled", succeeded ? State.DONE : failed ? State.FAILED : State.DOING,
                succeeded ? "succeeded" : failed ? "failed" : "in progress");
        return List.of(newTasks, healthy, drained, checks, end);
    }

    private static State progress(long done, int desired, boolean failed) {
        return desired > 0 && done >= desired ? State.DONE : failed ? State.FAILED : done > 0 ? State.DOING : State.WAITING;
    }

    private static String checksDetail(QuestCheckRound round) {
        if (round == null) {
            return "not asked yet";
        }
        return round.passed() + " of " + round.checks().size() + " passing, /version answered "
                + (round.version() == null ? "nothing" : round.version());
    }

    /** New: of the rollout's tag, and started since it began (a redeploy's old tasks have the same tag). */
    private static boolean isNew(ServiceSnapshot.Task task, String toTag, Instant started) {
        return toTag != null && toTag.equals(task.imageTag()) && (task.startedAt() == null || !task.startedAt().isBefore(started));
    }

    private static String targetOf(ServiceSnapshot.Task task, List<ServiceSnapshot.Target> targets) {
        return targets.stream().filter(target -> target.id().equals(task.address())).map(ServiceSnapshot.Target::state).findFirst()
                .orElse(task.address() == null || "STOPPED".equals(task.lastStatus()) ? "—" : "not registered");
    }

    private static String kind(StackOperation.Type type) {
        return switch (type) {
            case ROLLBACK -> "Rollback";
            case REDEPLOY -> "Redeploy";
            default -> "Deploy";
        };
    }
}
