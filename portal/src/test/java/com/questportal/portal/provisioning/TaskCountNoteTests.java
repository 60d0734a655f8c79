package com.questportal.portal.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskCountNoteTests {

    private static final ParameterChange SCALING_OFF = new ParameterChange("EnableAutoScaling", "true", "false");
    private static final ParameterChange SCALING_ON = new ParameterChange("EnableAutoScaling", "false", "true");

    @Test
    void turningScalingOffKeepsTheScaledCountUnlessTheRecordedCountChanges() {
        assertThat(TaskCountNote.sentence(List.of(SCALING_OFF), 2, null, null, 5)).isEqualTo("Auto scaling goes off, and the service"
                + " keeps the 5 tasks auto scaling set last: CloudFormation sends the recorded count (2) only when it changes. After"
                + " the apply, the drift check shows the difference and can put 2 back; or record another count and make a new plan.");
        assertThat(TaskCountNote.sentence(List.of(SCALING_OFF, new ParameterChange("DesiredCount", "2", "3")), 3, null, null, 5))
                .isEqualTo("Auto scaling goes off, and CloudFormation sets the service to 3 tasks, the number recorded.");
        assertThat(TaskCountNote.sentence(List.of(SCALING_OFF), 1, null, null, 1))
                .isEqualTo("Auto scaling goes off; the service stays at 1 task.");
        assertThat(TaskCountNote.sentence(List.of(SCALING_OFF), 2, null, null, null)).as("not read yet")
                .isEqualTo("Auto scaling goes off; the service stays at 2 tasks.");
    }

    @Test
    void turningScalingOnSaysWhereItStartsAndWhereTheBoundsTakeIt() {
        assertThat(TaskCountNote.sentence(List.of(SCALING_ON), 2, 1, 4, 2))
                .isEqualTo("Auto scaling starts with the service at 2 tasks and keeps it between 1 and 4 as the load asks.");
        assertThat(TaskCountNote.sentence(List.of(SCALING_ON), 1, 2, 4, 1)).endsWith(
                "Application Auto Scaling first raises it to the minimum, 2.");
        assertThat(TaskCountNote.sentence(List.of(SCALING_ON), 6, 1, 4, 6)).endsWith(
                "Application Auto Scaling first lowers it to the maximum, 4.");
    }

    @Test
    void whileScalingAnUnchangedCountIsLeftAloneAndAChangedOneIsSet() {
        assertThat(TaskCountNote.sentence(List.of(new ParameterChange("ImageTag", "v1", "v2")), 2, 1, 6, 5))
                .isEqualTo("The service keeps the 5 tasks it runs now (CloudFormation leaves an unchanged count alone), and auto"
                        + " scaling then keeps it between 1 and 6 as the load asks.");
        assertThat(TaskCountNote.sentence(List.of(new ParameterChange("DesiredCount", "2", "3")), 3, 1, 6, 5))
                .isEqualTo("CloudFormation sets the service to 3 tasks, the number recorded, and auto scaling then keeps it between"
                        + " 1 and 6 as the load asks.");
        assertThat(TaskCountNote.sentence(List.of(new ParameterChange("AutoScalingMaxCapacity", "6", "3")), 2, 1, 3, 5))
                .endsWith("Application Auto Scaling first lowers it to the maximum, 3.");
    }

    @Test
    void withoutScalingBeforeOrAfterThereIsNothingToSay() {
        assertThat(TaskCountNote.sentence(List.of(new ParameterChange("DesiredCount", "2", "3")), 3, null, null, 2)).isNull();
    }
}
