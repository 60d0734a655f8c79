package com.questportal.portal.status;

/** An environment's health in the operator's words, with a symbol so that it never rests on colour alone. */
public enum Health {
    HEALTHY("✓", "Healthy", "status-ok"),
    DEPLOYING("◔", "Deploying", "status-warn"),
    DEGRADED("◐", "Degraded", "status-warn"),
    DOWN("✗", "Down", "status-bad"),
    NOT_PROVISIONED("○", "Not provisioned", "status-none"),
    UNKNOWN("?", "Unknown", "status-none");

    private final String symbol;
    private final String word;
    private final String tone;

    Health(String symbol, String word, String tone) {
        this.symbol = symbol;
        this.word = word;
        this.tone = tone;
    }

    static Health ofWord(String word) {
        for (Health health : values()) {
            if (health.word.equals(word)) {
                return health;
            }
        }
        throw new IllegalArgumentException("no health is called " + word);
    }

    /** The badge's style class; the symbol and the word carry the meaning without it. */
    public String tone() {
        return tone;
    }

    public String label() {
        return symbol + " " + word;
    }

    public String word() {
        return word;
    }
}
