package com.questportal.portal.status;

/** An environment's health in the operator's words, with a symbol so that it never rests on colour alone. */
public enum Health {
    HEALTHY("✓", "Healthy"),
    DEPLOYING("◔", "Deploying"),
    DEGRADED("◐", "Degraded"),
    DOWN("✗", "Down"),
    NOT_PROVISIONED("○", "Not provisioned"),
    UNKNOWN("?", "Unknown");

    private final String symbol;
    private final String word;

    Health(String symbol, String word) {
        this.symbol = symbol;
        this.word = word;
    }

    public String label() {
        return symbol + " " + word;
    }

    public String word() {
        return word;
    }
}
