package com.questportal.sandbox.cloudformation;

import java.util.ArrayList;
import java.util.List;

/** IPv4 CIDR arithmetic: parsing, containment and {@code Fn::Cidr}'s subnet split. */
public final class Cidr {

    private Cidr() {
    }

    /** The network address and prefix length, or an error in AWS's words. */
    public static long[] parse(String block) {
        String[] parts = block.split("/");
        if (parts.length != 2) {
            throw Template.templateError("'" + block + "' is not a valid CIDR block");
        }
        String[] octets = parts[0].split("\\.");
        if (octets.length != 4) {
            throw Template.templateError("'" + block + "' is not a valid CIDR block");
        }
        long address = 0;
        try {
            for (String octet : octets) {
                int value = Integer.parseInt(octet);
                if (value < 0 || value > 255) {
                    throw Template.templateError("'" + block + "' is not a valid CIDR block");
                }
                address = (address << 8) | value;
            }
            int prefix = Integer.parseInt(parts[1]);
            if (prefix < 0 || prefix > 32) {
                throw Template.templateError("'" + block + "' is not a valid CIDR block");
            }
            return new long[] {address, prefix};
        } catch (NumberFormatException e) {
            throw Template.templateError("'" + block + "' is not a valid CIDR block");
        }
    }

    static List<String> subnets(String block, int count, int hostBits) {
        long[] network = parse(block);
        int prefix = 32 - hostBits;
        if (hostBits < 0 || prefix < network[1] || count < 1 || count > 256) {
            throw Template.templateError("Fn::Cidr cannot make " + count + " /" + prefix + " subnets of " + block);
        }
        long size = 1L << hostBits;
        if ((long) count * size > (1L << (32 - network[1]))) {
            throw Template.templateError("Fn::Cidr: " + block + " has no room for " + count + " /" + prefix + " subnets");
        }
        long base = network[0] & ~((1L << (32 - network[1])) - 1);
        List<String> subnets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = base + i * size;
            subnets.add(((start >> 24) & 255) + "." + ((start >> 16) & 255) + "." + ((start >> 8) & 255) + "." + (start & 255) + "/" + prefix);
        }
        return subnets;
    }
}
