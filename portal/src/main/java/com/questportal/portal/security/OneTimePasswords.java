package com.questportal.portal.security;

import java.security.SecureRandom;

/** Passwords the portal makes for someone to use once: the first admin's, and those of people an admin adds. */
final class OneTimePasswords {

    /** Letters and digits that cannot be mistaken for one another when read out or copied by hand. */
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int LENGTH = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private OneTimePasswords() {
    }

    static String generate() {
        StringBuilder password = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
