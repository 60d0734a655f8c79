package com.questportal.portal.environment;

import com.questportal.portal.aws.AwsClients;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The secret word of each environment, kept only in SSM Parameter Store as a SecureString at the
 * parameter the stack's task definition reads. The portal writes it and asks whether it is set; it
 * never reads the value back, stores it, renders it or logs it.
 *
 * <p>Whether it is set is asked once per environment and shared (see {@link SecretWordSettings}):
 * people opening pages at the same time wait for the one question in flight, so SSM is asked as
 * often as there are environments, not viewers.
 */
@Component
class SecretWords {

    /** Whether an environment's secret word is set, or why that is not known right now. */
    record State(boolean known, boolean set, String problem) {
        static State of(boolean set) {
            return new State(true, set, null);
        }
    }

    private record Parameter(AwsClients.Target target, String name) {
        static Parameter of(Environment environment) {
            return new Parameter(environment.awsTarget(), environment.getSecretWordParameter());
        }
    }

    private record Answer(State state, Instant at) {
    }

    private final AwsClients aws;
    private final SecretWordSettings settings;
    private final Clock clock = Clock.systemUTC();
    private final Map<Parameter, CompletableFuture<Answer>> answers = new ConcurrentHashMap<>();

    SecretWords(AwsClients aws, SecretWordSettings settings) {
        this.aws = aws;
        this.settings = settings;
    }

    State state(Environment environment) {
        Parameter parameter = Parameter.of(environment);
        CompletableFuture<Answer> mine = new CompletableFuture<>();
        CompletableFuture<Answer> shared = answers.compute(parameter, (key, known) -> known == null || outdated(known) ? mine : known);
        if (shared == mine) {
            try {
                mine.complete(new Answer(ask(environment), clock.instant()));
            } catch (RuntimeException unexpected) {
                answers.remove(parameter, mine);
                mine.completeExceptionally(unexpected);
                throw unexpected;
            }
        }
        return shared.join().state();
    }

    /** Asks SSM now, for an action about to depend on the answer, and shares what it learns. */
    State check(Environment environment) {
        State state = ask(environment);
        share(environment, state);
        return state;
    }

    /** Drops what is known of the environment's parameter: a new environment of an old name starts from SSM's answer. */
    void forget(Environment environment) {
        answers.remove(Parameter.of(environment));
    }

    private State ask(Environment environment) {
        try {
            aws.ssm(environment.awsTarget()).getParameter(r -> r.name(environment.getSecretWordParameter()).withDecryption(false));
            return State.of(true);
        } catch (ParameterNotFoundException missing) {
            return State.of(false);
        } catch (SdkException unreachable) {
            return new State(false, false, unreachable.getMessage());
        }
    }

    private boolean outdated(CompletableFuture<Answer> answer) {
        if (!answer.isDone()) {
            return false;
        }
        if (answer.isCompletedExceptionally()) {
            return true;
        }
        Answer known = answer.join();
        return known.at().plus(known.state().known() ? settings.recheckAfter() : settings.recheckFailedAfter()).isBefore(clock.instant());
    }

    void put(Environment environment, String secretWord) {
        aws.ssm(environment.awsTarget()).putParameter(r -> r.name(environment.getSecretWordParameter()).value(secretWord)
                .type(ParameterType.SECURE_STRING).overwrite(true)
                .description("The quest's secret word for environment " + environment.getName() + ", set from Quest Portal"));
        share(environment, State.of(true));
    }

    void delete(Environment environment) {
        try {
            aws.ssm(environment.awsTarget()).deleteParameter(r -> r.name(environment.getSecretWordParameter()));
        } catch (ParameterNotFoundException alreadyGone) {
            // Deleting what is not there leaves the state wanted.
        }
        share(environment, State.of(false));
    }

    private void share(Environment environment, State state) {
        answers.put(Parameter.of(environment), CompletableFuture.completedFuture(new Answer(state, clock.instant())));
    }
}
