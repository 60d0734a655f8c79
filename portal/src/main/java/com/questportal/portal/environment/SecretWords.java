package com.questportal.portal.environment;

import com.questportal.portal.aws.AwsClients;
import com.questportal.portal.system.DaemonThreads;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.springframework.scheduling.annotation.Scheduled;
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
 * people opening pages at the same time wait for the one question in flight, then the answer is
 * renewed in the background every recheck period, so SSM is asked as often as there are
 * environments, not viewers, and a slow SSM does not slow pages.
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
    private final EnvironmentRepository environments;
    private final Clock clock = Clock.systemUTC();
    private final Map<Parameter, CompletableFuture<Answer>> answers = new ConcurrentHashMap<>();
    /** The parameters being asked again in the background: at most one question each. */
    private final Set<Parameter> refreshing = ConcurrentHashMap.newKeySet();
    private final ExecutorService refresher = DaemonThreads.fixedPool(2, "secret-word-refresh");

    SecretWords(AwsClients aws, SecretWordSettings settings, EnvironmentRepository environments) {
        this.aws = aws;
        this.settings = settings;
        this.environments = environments;
    }

    /**
     * Whether the secret word is set. The first question about an environment waits for SSM (shared by everyone asking
     * at once); after that a page gets what is known at once, and an outdated answer is asked again in the background,
     * so that a slow SSM never holds a page up.
     */
    State state(Environment environment) {
        Parameter parameter = Parameter.of(environment);
        CompletableFuture<Answer> question = answers.get(parameter);
        Answer known = answerOf(question);
        if (known != null) {
            if (outdated(question)) {
                refreshSoon(environment);
            }
            return known.state();
        }
        CompletableFuture<Answer> mine = new CompletableFuture<>();
        CompletableFuture<Answer> shared = answers.compute(parameter, (key, current) -> current == null || outdated(current) ? mine : current);
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

    /** Every recheck period, each environment's outdated answer is asked again before a page needs it. */
    @Scheduled(initialDelayString = "${portal.secret-words.recheck-after:PT1M}", fixedDelayString = "${portal.secret-words.recheck-after:PT1M}")
    void refreshOutdated() {
        for (Environment environment : environments.findAllByOrderByNameAsc()) {
            CompletableFuture<Answer> known = answers.get(Parameter.of(environment));
            if (known == null || outdated(known)) {
                refreshSoon(environment);
            }
        }
    }

    private void refreshSoon(Environment environment) {
        Parameter parameter = Parameter.of(environment);
        if (!refreshing.add(parameter)) {
            return;
        }
        Instant asked = clock.instant();
        refresher.execute(() -> {
            try {
                Answer fresh = new Answer(ask(environment), clock.instant());
                // What the portal wrote meanwhile is newer than this answer and stays.
                answers.compute(parameter, (key, current) -> {
                    Answer meanwhile = answerOf(current);
                    return meanwhile != null && meanwhile.at().isAfter(asked) ? current : CompletableFuture.completedFuture(fresh);
                });
            } finally {
                refreshing.remove(parameter);
            }
        });
    }

    @PreDestroy
    void stop() {
        refresher.shutdownNow();
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

    /** The answer a question came to; null while it is still being asked, when it failed, or when there is none. */
    private static Answer answerOf(CompletableFuture<Answer> question) {
        return question != null && question.isDone() && !question.isCompletedExceptionally() ? question.join() : null;
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
