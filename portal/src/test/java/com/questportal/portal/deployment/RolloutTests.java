package com.questportal.portal.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.questportal.portal.provisioning.StackOperation.Status;
import com.questportal.portal.provisioning.StackOperation.Type;
import com.questportal.portal.status.EnvironmentStatus;
import com.questportal.portal.status.QuestCheckRound;
import com.questportal.portal.status.ServiceSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RolloutTests {

    private static final Instant START = Instant.parse("2026-11-30T03:00:00Z");

    @Test
    void midwayTheNewTasksAndTheOldAreToldApartAndEachStepSaysWhereItStands() {
        EnvironmentStatus status = status(List.of(
                        task("old1", "RUNNING", "RUNNING", "v1", START.minusSeconds(600), null, "10.0.1.1"),
                        task("old2", "RUNNING", "STOPPED", "v1", START.minusSeconds(600), null, "10.0.1.2"),
                        task("gone", "STOPPED", "STOPPED", "v1", START.minusSeconds(900), START.minusSeconds(300), "10.0.1.9"),
                        task("new1", "RUNNING", "RUNNING", "v2", START.plusSeconds(20), null, "10.0.1.3"),
                        task("new2", "PENDING", "RUNNING", "v2", null, null, "10.0.1.4")),
                List.of(target("10.0.1.1", "healthy"), target("10.0.1.2", "draining"), target("10.0.1.3", "healthy"),
                        target("10.0.1.4", "initial")),
                new QuestCheckRound("http://lb/", passing(), START.plusSeconds(25), "v1"));

        Rollout rollout = Rollout.of(deploy(Type.DEPLOY, Status.RUNNING, "v1", "v2", null), status, START.plusSeconds(42));

        assertThat(rollout.tasks()).extracting(task -> task.id() + " " + (task.isNew() ? "new" : "old") + " " + task.target())
                .as("a task that stopped before the deploy is not the deploy's")
                .containsExactly("new1 new healthy", "new2 new initial", "old1 old healthy", "old2 old draining");
        assertThat(rollout.elapsedSeconds()).isEqualTo(42);
        assertThat(rollout.newServing()).isEqualTo(1);
        assertThat(rollout.oldLive()).isEqualTo(2);
        assertThat(rollout.steps()).extracting(step -> step.state() + " " + step.name() + " — " + step.detail()).containsExactly(
                "DOING New tasks of v2 running — 1 of 2",
                "DOING New targets healthy at the load balancer — 1 of 2",
                "DOING Old tasks drained and stopped — 2 left, 1 draining",
                "DOING Quest checks pass on v2 — 5 of 5 passing, /version answered v1",
                "DOING Stack and service settled — in progress");
        assertThat(rollout.checksPassOnNewTag()).as("the old version answered").isFalse();
        assertThat(rollout.watching()).isTrue();
    }

    @Test
    void theChecksTurnGreenOnlyWhenTheyPassWithTheNewTagAnsweringAndThenTheViewStopsWatching() {
        List<ServiceSnapshot.Task> tasks = List.of(task("new1", "RUNNING", "RUNNING", "v2", START.plusSeconds(20), null, "10.0.1.3"),
                task("new2", "RUNNING", "RUNNING", "v2", START.plusSeconds(21), null, "10.0.1.4"),
                task("old1", "STOPPED", "STOPPED", "v1", START.minusSeconds(600), START.plusSeconds(50), "10.0.1.1"));
        List<ServiceSnapshot.Target> targets = List.of(target("10.0.1.3", "healthy"), target("10.0.1.4", "healthy"));
        Rollout.Deploy done = deploy(Type.DEPLOY, Status.SUCCEEDED, "v1", "v2", START.plusSeconds(61));

        Rollout before = Rollout.of(done, status(tasks, targets, new QuestCheckRound("http://lb/", passing(), START.minusSeconds(5), "v2")),
                START.plusSeconds(70));
        assertThat(before.checksPassOnNewTag()).as("a round from before the deploy says nothing of it").isFalse();
        assertThat(before.watching()).as("still within the time the view waits for the checks").isTrue();
        assertThat(before.elapsedSeconds()).as("a finished rollout's time stops at its end").isEqualTo(61);

        Rollout after = Rollout.of(done, status(tasks, targets, new QuestCheckRound("http://lb/", passing(), START.plusSeconds(66), "v2")),
                START.plusSeconds(70));
        assertThat(after.checksPassOnNewTag()).isTrue();
        assertThat(after.watching()).isFalse();
        assertThat(after.steps()).allSatisfy(step -> assertThat(step.state()).isEqualTo(Rollout.State.DONE));
        assertThat(after.tasks()).extracting(Rollout.TaskRow::id).as("the old task that stopped during the deploy stays in view")
                .contains("old1");

        List<ServiceSnapshot.Task> oldStillStopping = List.of(tasks.get(0), tasks.get(1),
                task("old1", "DEACTIVATING", "STOPPED", "v1", START.minusSeconds(600), null, "10.0.1.1"));
        assertThat(Rollout.of(done, status(oldStillStopping, targets, new QuestCheckRound("http://lb/", passing(), START.plusSeconds(66),
                "v2")), START.plusSeconds(70)).watching()).as("a reading from before the old tasks stopped is followed until they have")
                .isTrue();

        Rollout tooLate = Rollout.of(done, status(tasks, targets, null), START.plusSeconds(61).plus(Rollout.WATCHED_AFTER_END));
        assertThat(tooLate.watching()).as("the view gives up waiting for the checks after a while").isFalse();
        assertThat(tooLate.steps().get(3).state()).isEqualTo(Rollout.State.WAITING);
    }

    @Test
    void aRedeploysNewTasksAreTheOnesStartedSinceItBeganOfTheSameTag() {
        EnvironmentStatus status = status(List.of(task("old", "RUNNING", "RUNNING", "v2", START.minusSeconds(60), null, "10.0.1.1"),
                task("new", "RUNNING", "RUNNING", "v2", START.plusSeconds(9), null, "10.0.1.2")), List.of(), null);
        Rollout rollout = Rollout.of(deploy(Type.REDEPLOY, Status.RUNNING, "v2", "v2", null), status, START.plusSeconds(10));
        assertThat(rollout.kind()).isEqualTo("Redeploy");
        assertThat(rollout.tasks()).extracting(task -> task.id() + " " + task.isNew() + " " + task.target())
                .containsExactly("new true not registered", "old false not registered");
    }

    @Test
    void aFailedRolloutMarksWhatItDidNotReachAsFailed() {
        EnvironmentStatus status = status(List.of(task("old1", "RUNNING", "RUNNING", "v1", START.minusSeconds(600), null, "10.0.1.1"),
                task("bad", "STOPPED", "STOPPED", "v9", START.plusSeconds(10), START.plusSeconds(30), "10.0.1.5")),
                List.of(target("10.0.1.1", "healthy")), null);
        Rollout rollout = Rollout.of(deploy(Type.DEPLOY, Status.FAILED, "v1", "v9", START.plusSeconds(90)), status, START.plusSeconds(95));
        assertThat(rollout.steps()).extracting(Rollout.Step::state).containsExactly(Rollout.State.FAILED, Rollout.State.FAILED,
                Rollout.State.FAILED, Rollout.State.FAILED, Rollout.State.FAILED);
    }

    private static Rollout.Deploy deploy(Type type, Status status, String from, String to, Instant finished) {
        return new Rollout.Deploy(7, type, status, from, to, START, finished);
    }

    private static EnvironmentStatus status(List<ServiceSnapshot.Task> tasks, List<ServiceSnapshot.Target> targets, QuestCheckRound round) {
        return new EnvironmentStatus("shop", "deploying", "◔ Deploying", "a deployment is rolling out", "ACTIVE", null, 2, 2, 0,
                tasks.stream().map(ServiceSnapshot.Task::imageTag).distinct().toList(), "v1", List.of(), tasks, targets, List.of(),
                START.plusSeconds(40), 1L, null, round);
    }

    private static ServiceSnapshot.Task task(String id, String last, String desired, String tag, Instant started, Instant stopped,
                                             String address) {
        return new ServiceSnapshot.Task(id, last, desired, null, tag, started, stopped, null, stopped == null ? null : "stopped", null,
                address);
    }

    private static ServiceSnapshot.Target target(String address, String state) {
        return new ServiceSnapshot.Target(address, 3000, state, null, null);
    }

    private static List<QuestCheckRound.QuestCheck> passing() {
        return Stream.of("index", "docker", "secret_word", "loadbalanced", "tls")
                .map(name -> new QuestCheckRound.QuestCheck(name, true, "ok")).toList();
    }
}
