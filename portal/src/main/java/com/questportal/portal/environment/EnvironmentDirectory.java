package com.questportal.portal.environment;

import com.questportal.portal.security.EnvironmentNames;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The recorded environments as other features read them: by name, and the list of names. */
@Component
public class EnvironmentDirectory implements EnvironmentNames {

    private final EnvironmentRepository environments;
    private final SecretWords secretWords;

    EnvironmentDirectory(EnvironmentRepository environments, SecretWords secretWords) {
        this.environments = environments;
        this.secretWords = secretWords;
    }

    @Transactional(readOnly = true)
    @Override
    public List<String> names() {
        return environments.findAllByOrderByNameAsc().stream().map(Environment::getName).toList();
    }

    /** Every recorded environment, by name, in one query. */
    @Transactional(readOnly = true)
    public List<Environment> all() {
        return environments.findAllByOrderByNameAsc();
    }

    @Transactional(readOnly = true)
    public Optional<Environment> find(String name) {
        return environments.findByName(name);
    }

    /** Records the image tag a deploy put on the environment's stack; the record's other settings stay as they are. */
    @Transactional
    public void recordDeployedTag(String name, String tag, String by) {
        environments.findByName(name).ifPresent(environment -> {
            environment.deployed(tag, by, java.time.Instant.now());
            environments.save(environment);
        });
    }

    /** Whether the environment's secret word is in SSM, asked now; empty when SSM could not be asked. */
    public Optional<Boolean> secretWordSet(Environment environment) {
        SecretWords.State state = secretWords.check(environment);
        return state.known() ? Optional.of(state.set()) : Optional.empty();
    }

    /** Removes the environment's secret word from SSM (its stack is gone, so nothing reads it any more). */
    public void forgetSecretWord(Environment environment) {
        secretWords.delete(environment);
    }
}
