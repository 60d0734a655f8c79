package com.questportal.sandbox.logs;

import java.util.ArrayList;
import java.util.List;

/** Recursive descent over a JSON pattern's inside: {@code or := and ('||' and)*, and := unary ('&&' unary)*}. */
final class JsonPatternParser {

    private final String text;
    private int at;

    JsonPatternParser(String text) {
        this.text = text;
    }

    FilterPattern.Condition parseWhole() {
        FilterPattern.Condition condition = or();
        skipSpace();
        if (at != text.length()) {
            throw FilterPattern.invalid("unexpected '" + text.substring(at) + "'");
        }
        return condition;
    }

    private FilterPattern.Condition or() {
        FilterPattern.Condition left = and();
        while (consume("||")) {
            left = new FilterPattern.Or(left, and());
        }
        return left;
    }

    private FilterPattern.Condition and() {
        FilterPattern.Condition left = unary();
        while (consume("&&")) {
            left = new FilterPattern.And(left, unary());
        }
        return left;
    }

    private FilterPattern.Condition unary() {
        if (consume("(")) {
            FilterPattern.Condition inner = or();
            if (!consume(")")) {
                throw FilterPattern.invalid("missing )");
            }
            return inner;
        }
        return comparison();
    }

    private FilterPattern.Condition comparison() {
        List<Object> path = selector();
        for (String keyword : List.of("NOT EXISTS", "EXISTS", "IS NULL", "IS TRUE", "IS FALSE")) {
            if (consumeWord(keyword)) {
                return new FilterPattern.Comparison(path, keyword, null, false);
            }
        }
        String operator = null;
        for (String candidate : List.of("!=", "<=", ">=", "=", "<", ">")) {
            if (consume(candidate)) {
                operator = candidate;
                break;
            }
        }
        if (operator == null) {
            throw FilterPattern.invalid("expected a comparison after the selector at " + at);
        }
        skipSpace();
        if (at < text.length() && text.charAt(at) == '"') {
            int end = text.indexOf('"', at + 1);
            if (end < 0) {
                throw FilterPattern.invalid("unclosed quote");
            }
            String literal = text.substring(at + 1, end);
            at = end + 1;
            return new FilterPattern.Comparison(path, operator, literal, true);
        }
        int start = at;
        while (at < text.length() && !Character.isWhitespace(text.charAt(at)) && text.charAt(at) != ')'
                && !text.startsWith("&&", at) && !text.startsWith("||", at)) {
            at++;
        }
        if (start == at) {
            throw FilterPattern.invalid("expected a value after " + operator);
        }
        return new FilterPattern.Comparison(path, operator, text.substring(start, at), false);
    }

    private List<Object> selector() {
        skipSpace();
        if (!consume("$")) {
            throw FilterPattern.invalid("a JSON pattern compares selectors that start with $, at " + at);
        }
        List<Object> path = new ArrayList<>();
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '.') {
                int start = ++at;
                while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_' || text.charAt(at) == '-')) {
                    at++;
                }
                if (start == at) {
                    throw FilterPattern.invalid("an empty field name in the selector");
                }
                path.add(text.substring(start, at));
            } else if (c == '[') {
                int end = text.indexOf(']', at);
                if (end < 0) {
                    throw FilterPattern.invalid("missing ]");
                }
                try {
                    path.add(Integer.parseInt(text.substring(at + 1, end).trim()));
                } catch (NumberFormatException e) {
                    throw FilterPattern.invalid("an array index must be a number");
                }
                at = end + 1;
            } else {
                break;
            }
        }
        if (path.isEmpty()) {
            throw FilterPattern.invalid("the selector names no field");
        }
        return path;
    }

    private boolean consume(String token) {
        skipSpace();
        if (text.startsWith(token, at)) {
            at += token.length();
            return true;
        }
        return false;
    }

    private boolean consumeWord(String words) {
        skipSpace();
        String[] parts = words.split(" ");
        int position = at;
        for (String part : parts) {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
            if (!text.regionMatches(true, position, part, 0, part.length())) {
                return false;
            }
            position += part.length();
        }
        at = position;
        return true;
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }
}
