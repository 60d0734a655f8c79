package com.questportal.portal.environment;

import com.questportal.portal.aws.Stacks;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
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

    /** What kind of refusal it is: the pages and the API each answer every kind with their own status. */
    enum Why {
        /** The request itself is wrong (e.g. the delete confirmation). */
        INVALID,
        /** Another environment has the name. */
        DUPLICATE,
        /** Someone else changed the environment since the caller read it. */
        STALE,
        /** The environment was deleted meanwhile. */
        GONE,
        /** Its stack still exists: deleting the record would orphan running, billed resources. */
        STACK_EXISTS,
        /** AWS (SSM) did not take the change; nothing was saved. */
        AWS
    }

    /** Why a change was refused, in the operator's words; {@code field} is the form field it is about, or null. */
    static final class Refused extends RuntimeException {
        final String field;
        final Why why;

        Refused(String field, String message, Why why) {
            super(message);
            this.field = field;
            this.why = why;
        }
    }

    private final EnvironmentRepository environments;
    private final SecretWords secretWords;
    private final Stacks stacks;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    EnvironmentEditor(EnvironmentRepository environments, SecretWords secretWords, Stacks stacks, ApplicationEventPublisher events) {
        this.environments = environments;
        this.secretWords = secretWords;
        this.stacks = stacks;
        this.events = events;
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
        secretWords.forget(environment);
        storeSecretWord(environment, form.secretWord());
        return environment;
    }

    @Transactional
    Environment update(String name, EnvironmentForm form, String by) {
        Environment environment = environments.findByName(name).orElseThrow(() -> new Refused(null,
                "The environment " + name + " was deleted while you edited it.", Why.GONE));
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

    /** Deletes the environment when {@code confirmation} is its name and, if {@code version} is given, it is still that version. */
    @Transactional
    void delete(String name, String confirmation, Long version) {
        Environment environment = environments.findByName(name).orElseThrow(() -> new Refused(null,
                "There is no environment " + name + " any more.", Why.GONE));
        if (!name.equals(confirmation == null ? null : confirmation.trim())) {
            throw new Refused("confirm", "Type the environment's name, " + name + ", to delete it.", Why.INVALID);
        }
        if (version != null && version != environment.getVersion()) {
            throw stale(environment);
        }
        Optional<String> stack;
        try {
            stack = stacks.liveStatus(environment.awsTarget(), environment.getStackName());
        } catch (SdkException e) {
            throw new Refused(null, "Could not ask CloudFormation whether the stack " + environment.getStackName() + " exists ("
                    + e.getMessage() + "); nothing was deleted.", Why.AWS);
        }
        if (stack.isPresent()) {
            throw new Refused(null, "The stack " + environment.getStackName() + " still exists (" + stack.get() + "). Destroy it first:"
                    + " deleting only the record would leave its resources running and billed.", Why.STACK_EXISTS);
        }
        environments.delete(environment);
        events.publishEvent(new EnvironmentDeleted(name));
        try {
            secretWords.delete(environment);
        } catch (SdkException e) {
            throw new Refused(null, "The secret word could not be removed from SSM (" + e.getMessage() + "); nothing was deleted.",
                    Why.AWS);
        }
    }

    /** Writes a new secret word for an environment; its record does not change. */
    void replaceSecretWord(Environment environment, String secretWord) {
        storeSecretWord(environment, secretWord);
    }

    @Transactional(readOnly = true)
    List<Environment> all() {
        return environments.findAllByOrderByNameAsc();
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
                    Why.AWS);
        }
    }

    private static Refused duplicate(String name) {
        return new Refused("name", "An environment named " + name + " exists already; choose another name.", Why.DUPLICATE);
    }

    private static Refused stale(Environment environment) {
        return new Refused(null, "Someone changed this environment (" + environment.getUpdatedBy() + ", " + environment.getUpdatedAt()
                + ") since you opened it. Reload to see their change, then make yours again.", Why.STALE);
    }
}
