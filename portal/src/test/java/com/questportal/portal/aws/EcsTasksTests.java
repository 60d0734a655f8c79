package com.questportal.portal.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The image tag a task runs, read from the image reference of its task definition. */
class EcsTasksTests {

    @Test
    void theTagIsWhatFollowsTheLastColonOfTheNameTheDigestWhenPinnedAndLatestWhenNoneIsNamed() {
        assertThat(EcsTasks.imageTag("000000000000.dkr.ecr.eu-west-1.amazonaws.com/quest:v2-crash")).isEqualTo("v2-crash");
        assertThat(EcsTasks.imageTag("registry.local:5000/quest")).as("a registry port is not a tag").isEqualTo("latest");
        assertThat(EcsTasks.imageTag("quest@sha256:abc")).isEqualTo("sha256:abc");
        assertThat(EcsTasks.imageTag(null)).isNull();
        assertThat(EcsTasks.idOf("arn:aws:ecs:eu-west-1:000000000000:task/dev-quest_ecs/0123abcd")).isEqualTo("0123abcd");
    }
}
