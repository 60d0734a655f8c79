package com.questportal.portal.startup;

/** A setting the portal cannot start with, said in one sentence that names it. */
public class StartRefused extends RuntimeException {

    private final String action;

    StartRefused(String sentence, String action) {
        super(sentence);
        this.action = action;
    }

    String action() {
        return action;
    }
}
