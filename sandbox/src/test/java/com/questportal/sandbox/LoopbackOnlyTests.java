package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class LoopbackOnlyTests {

    @Test
    void loopbackCallersAndThisMachinesOwnAddressesAreOnThisMachine() throws Exception {
        assertThat(LoopbackOnly.onThisMachine(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(LoopbackOnly.onThisMachine(InetAddress.getByName("::1"))).isTrue();
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress own : Collections.list(network.getInetAddresses())) {
                assertThat(LoopbackOnly.onThisMachine(own)).as(own.toString()).isTrue();
            }
        }
    }

    @Test
    void anotherMachineIsNot() throws Exception {
        // TEST-NET-3 (RFC 5737): never an address of this machine.
        assertThat(LoopbackOnly.onThisMachine(InetAddress.getByName("203.0.113.9"))).isFalse();
    }
}
