package com.questportal.sandbox.logs;

import java.util.ArrayList;
import java.util.List;

/** Terms, phrases, exclusions and alternatives, matched case-sensitively anywhere in the message. */
record TermPattern(List<String> required, List<String> excluded, List<String> alternatives) implements FilterPattern {

    static TermPattern parse(String pattern) {
        List<String> required = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        List<String> alternatives = new ArrayList<>();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            List<String> into = required;
            if (c == '-' || c == '?') {
                into = c == '-' ? excluded : alternatives;
                i++;
            }
            String term;
            if (i < pattern.length() && pattern.charAt(i) == '"') {
                // A quoted term may hold a quote or a backslash escaped with a backslash: "\"status\":500".
                StringBuilder quoted = new StringBuilder();
                int end = i + 1;
                while (end < pattern.length() && pattern.charAt(end) != '"') {
                    if (pattern.charAt(end) == '\\' && end + 1 < pattern.length()) {
                        end++;
                    }
                    quoted.append(pattern.charAt(end));
                    end++;
                }
                if (end >= pattern.length()) {
                    throw FilterPattern.invalid("unclosed quote in " + pattern);
                }
                term = quoted.toString();
                i = end + 1;
            } else {
                int end = i;
                while (end < pattern.length() && !Character.isWhitespace(pattern.charAt(end))) {
                    end++;
                }
                term = pattern.substring(i, end);
                i = end;
            }
            if (term.isEmpty()) {
                throw FilterPattern.invalid("an empty term in " + pattern);
            }
            into.add(term);
        }
        return new TermPattern(List.copyOf(required), List.copyOf(excluded), List.copyOf(alternatives));
    }

    @Override
    public boolean matches(String message) {
        for (String term : required) {
            if (!message.contains(term)) {
                return false;
            }
        }
        for (String term : excluded) {
            if (message.contains(term)) {
                return false;
            }
        }
        if (alternatives.isEmpty()) {
            return true;
        }
        for (String term : alternatives) {
            if (message.contains(term)) {
                return true;
            }
        }
        return false;
    }
}
