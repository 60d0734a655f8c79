package com.questportal.portal.environment;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A new secret word, given through the API. */
record SecretWordRequest(
        @NotBlank(message = "Give the new secret word.")
        @Size(max = 4096, message = "A secret word is at most 4096 characters.")
        String secretWord) {

    @Override
    public String toString() {
        return "SecretWordRequest[secretWord=(hidden)]";
    }
}
