package com.questportal.portal.environment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CIDR blocks as the quest template reads them: strictly. */
class Ipv4CidrTests {

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/16", "0.0.0.0/0", "192.168.10.0/24", "203.0.113.7/32", " 10.1.0.0/16 "})
    void blocksTheTemplateTakesParse(String text) {
        assertThat(Ipv4Cidr.parse(text)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"010.0.0.0/16", "10.00.0.0/16", "10.0.0.0/016", "10.0.0.1/16", "256.0.0.0/8", "10.0.0.0/33", "10.0.0/16",
            "10.0.0.0", "ten.0.0.0/8", ""})
    void anythingElseIsNoBlock(String text) {
        assertThat(Ipv4Cidr.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/16", "172.20.0.0/16", "192.168.0.0/24"})
    void privateRangesArePrivate(String text) {
        assertThat(Ipv4Cidr.parse(text)).hasValueSatisfying(block -> assertThat(block.isPrivate()).isTrue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.0.0/16", "172.32.0.0/16", "0.0.0.0/0"})
    void publicRangesAreNot(String text) {
        assertThat(Ipv4Cidr.parse(text)).hasValueSatisfying(block -> assertThat(block.isPrivate()).isFalse());
    }
}
