package com.questportal.quest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;

/**
 * Passes when {@code SECRET_WORD} equals the word built into the image. The value from the
 * environment is never echoed back: the detail says only whether it is set and matches.
 */
final class SecretWordCheck implements Check {

    private final String builtInWord;
    private final Map<String, String> environment;

    SecretWordCheck(String builtInWord, Map<String, String> environment) {
        this.builtInWord = builtInWord;
        this.environment = environment;
    }

    @Override
    public String name() {
        return "secret_word";
    }

    @Override
    public String question() {
        return "Was the secret word handed to this container in its SECRET_WORD environment variable?";
    }

    @Override
    public CheckResult run(HttpFields requestHeaders) {
        String given = environment.get("SECRET_WORD");
        if (given == null || given.isEmpty()) {
            return new CheckResult(name(), false, "SECRET_WORD is not set.");
        }
        boolean matches = MessageDigest.isEqual(
                given.getBytes(StandardCharsets.UTF_8), builtInWord.getBytes(StandardCharsets.UTF_8));
        return matches
                ? new CheckResult(name(), true, "SECRET_WORD is set and matches the secret word.")
                : new CheckResult(name(), false, "SECRET_WORD is set but does not match the secret word.");
    }
}
