package com.questportal.portal.environment;

import java.time.Clock;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Records, changes and deletes environments, with their secret word in SSM, all or nothing: the
 * secret word is written inside the database transaction, so a refused write leaves no row behind
 * and a refused row leaves the other environment's secret word alone.
 */
@Service
class EnvironmentEditor {

    /** Why a change was refused, in the operator's words; {@code field} is the form field it is about, or null. */
    static final class Refused extends RuntimeException {
        final String field;
        final boolean stale;

        Refused(String field, String message, boolean stale) {
            super(message);
            this.field = field;
            this.stale = stale;
        }
    }

    private final EnvironmentRepository environments;
    private final SecretWords secretWords;
    private final Clock clock;

    EnvironmentEditor(EnvironmentRepository environments, SecretWords secretWords) {
        this.environments = environments;
        this.secretWords = secretWords;
        this.clock = Clock.systemUTC();
    }

    @Transactional
    Environment create(EnvironmentForm form, String by) {
        String name = form.name().trim();
        if (environments.existsByName(name)) {
            throw duplicate(name);
        }
        Environment environment;
        try {
            environment = environments.saveAndFlush(Environment.create(form, by, clock.instant()));
        } catch (DataIntegrityViolationException race) {
            throw duplicate(name);
        }
        storeSecretWord(environment, form.secretWord());
        return environment;
    }

    @Transactional
    Environment update(String name, EnvironmentForm form, String by) {
        Environment environment = environments.findByName(name).orElseThrow(() -> new Refused(null,
                "The environment " + name + " was deleted while you edited it.", true));
        if (form.version() == null || form.version() != environment.getVersion()) {
            throw stale(environment);
        }
        environment.apply(form, by, clock.instant());
        try {
            environments.saveAndFlush(environment);
        } catch (ObjectOptimisticLockingFailureException race) {
            throw stale(environment);
        }
        storeSecretWord(environment, form.secretWord());
        return environment;
    }

    @Transactional
    void delete(String name, String confirmation) {
        Environment environment = environments.findByName(name).orElseThrow(() -> new Refused(null,
                "There is no environment " + name + " any more.", true));
        if (!name.equals(confirmation == null ? null : confirmation.trim())) {
            throw new Refused("confirm", "Type the environment's name, " + name + ", to delete it.", false);
        }
        environments.delete(environment);
        try {
            secretWords.delete(environment);
        } catch (SdkException e) {
            throw new Refused(null, "The secret word could not be removed from SSM (" + e.getMessage() + "); nothing was deleted.",
                    false);
        }
    }

    @Transactional(readOnly = true)
    Optional<Environment> find(String name) {
        return environments.findByName(name);
    }

    private void storeSecretWord(Environment environment, String secretWord) {
        if (secretWord == null || secretWord.isBlank()) {
            return;
        }
        try {
            secretWords.put(environment, secretWord);
        } catch (SdkException e) {
            throw new Refused("secretWord", "The secret word could not be stored in SSM (" + e.getMessage() + "); nothing was saved.",
                    false);
        }
    }

    private static Refused duplicate(String name) {
        return new Refused("name", "An environment named " + name + " exists already; choose another name.", false);
    }

    private static Refused stale(Environment environment) {
        return new Refused(null, "Someone changed this environment (" + environment.getUpdatedBy() + ", " + environment.getUpdatedAt()
                + ") since you opened it. Reload to see their change, then make yours again.", true);
    }
}
