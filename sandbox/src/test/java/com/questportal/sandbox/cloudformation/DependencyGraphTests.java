package com.questportal.sandbox.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DependencyGraphTests {

    @Test
    void theQuestStackIsCreatedInDependencyOrderAndDeletedInReverse() throws IOException {
        Template quest = Template.parse(Files.readString(Path.of("..", "infra-templates", "quest-environment.yaml")));
        DependencyGraph graph = DependencyGraph.of(quest);

        List<String> order = graph.creationOrder();

        assertThat(order).hasSize(quest.resources().size());
        assertBefore(order, "QuestVpc", "QuestSubnet1");
        assertBefore(order, "QuestGatewayAttachment", "QuestDefaultRoute");
        assertBefore(order, "AlbSecurityGroup", "EcsSecurityGroup");
        assertBefore(order, "HttpListener", "QuestService");
        assertBefore(order, "TaskExecutionRole", "QuestTaskDefinition");
        assertBefore(order, "QuestService", "QuestScalableTarget");
        assertThat(graph.dependenciesOf("QuestService")).contains("HttpListener", "QuestCluster", "QuestTaskDefinition",
                "QuestTargetGroup", "EcsSecurityGroup", "QuestSubnet1", "QuestSubnet2");
        List<String> reversed = new ArrayList<>(order);
        Collections.reverse(reversed);
        assertThat(graph.deletionOrder()).isEqualTo(reversed);
    }

    private static void assertBefore(List<String> order, String first, String then) {
        assertThat(order.indexOf(first)).as(first + " before " + then).isLessThan(order.indexOf(then));
    }
}
