package com.questportal.portal.environment;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 CIDR block such as {@code 10.0.0.0/16}, parsed strictly: four octets and a prefix without leading zeros (the
 * quest template's pattern refuses {@code 010.0.0.0/16}, and some tools read a leading zero as octal), no host bits set.
 */
record Ipv4Cidr(long network, int prefix) {

    private static final String NUMBER = "(0|[1-9]\\d{0,2})";
    private static final Pattern SHAPE = Pattern.compile(NUMBER + "\\." + NUMBER + "\\." + NUMBER + "\\." + NUMBER + "/(0|[1-9]\\d?)");

    static Optional<Ipv4Cidr> parse(String text) {
        Matcher parts = text == null ? null : SHAPE.matcher(text.trim());
        if (parts == null || !parts.matches()) {
            return Optional.empty();
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(parts.group(i));
            if (octet > 255) {
                return Optional.empty();
            }
            address = (address << 8) | octet;
        }
        int prefix = Integer.parseInt(parts.group(5));
        if (prefix > 32) {
            return Optional.empty();
        }
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return (address & ~mask & 0xFFFFFFFFL) != 0 ? Optional.empty() : Optional.of(new Ipv4Cidr(address, prefix));
    }

    static String format(long network, int prefix) {
        return ((network >>> 24) & 0xFF) + "." + ((network >>> 16) & 0xFF) + "." + ((network >>> 8) & 0xFF) + "." + (network & 0xFF)
                + "/" + prefix;
    }

    /** Inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, as a VPC's block should be. */
    boolean isPrivate() {
        return within(0x0A000000L, 8) || within(0xAC100000L, 12) || within(0xC0A80000L, 16);
    }

    private boolean within(long block, int blockPrefix) {
        return prefix >= blockPrefix && (network >>> (32 - blockPrefix)) == (block >>> (32 - blockPrefix));
    }
}
