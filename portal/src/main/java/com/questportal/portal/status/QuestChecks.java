package com.questportal.portal.status;

import com.questportal.portal.aws.LoadBalancerHttp;
import com.questportal.portal.environment.EnvironmentDirectory;
import com.questportal.portal.environment.StackSummaries;
import com.questportal.portal.system.BackgroundLease;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The quest's checks of every provisioned environment, asked through its load balancer's URL (the stack's
 * {@code AlbUrl}) every {@code portal.status.quest-check-interval} and on demand. A round on demand within a few
 * seconds of the last one answers with that one, and a round asked for while one runs joins it: however many people
 * press the button, an environment gets at most one round at a time.
 */
@Component
class QuestChecks {

    static final Duration FRESH_ENOUGH = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(QuestChecks.class);

    private final EnvironmentDirectory environments;
    private final StackSummaries stacks;
    private final LoadBalancerHttp http;
    private final Clock clock = Clock.systemUTC();
    private final QuestCheckRunner runner = new QuestCheckRunner(clock);
    private final Map<String, QuestCheckRound> rounds = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<QuestCheckRound>> running = new ConcurrentHashMap<>();

    private final EnvironmentGauges passing;
    private final BackgroundLease lease;
    private final SharedStatus shared;

    QuestChecks(EnvironmentDirectory environments, StackSummaries stacks, LoadBalancerHttp http, MeterRegistry meters,
                BackgroundLease lease, SharedStatus shared) {
        this.lease = lease;
        this.shared = shared;
        this.environments = environments;
        this.stacks = stacks;
        this.http = http;
        this.passing = new EnvironmentGauges(meters, "portal.quest.checks.passing",
                "How many of the quest's five checks passed in the environment's last round", this::passed);
    }

    private double passed(String name) {
        QuestCheckRound round = rounds.get(name);
        return round == null ? Double.NaN : round.passed();
    }

    @Scheduled(initialDelayString = "${portal.status.quest-check-first-delay:PT5S}",
            fixedDelayString = "${portal.status.quest-check-interval:PT1M}")
    void checkAll() {
        Map<String, String> urls = urls();
        rounds.keySet().retainAll(urls.keySet());
        if (!lease.held()) {
            // The lease holder asks the checks; this instance shows its rounds, or its own on-demand round when newer.
            shared.questChecks().forEach((name, round) -> {
                if (urls.containsKey(name) && round.url().startsWith(urls.get(name))) {
                    rounds.merge(name, round, (mine, theirs) -> theirs.at().isAfter(mine.at()) ? theirs : mine);
                }
            });
            passing.keep(rounds.keySet());
            return;
        }
        List<CompletableFuture<QuestCheckRound>> started = urls.entrySet().stream().map(entry -> start(entry.getKey(), entry.getValue())).toList();
        started.forEach(CompletableFuture::join);
        passing.keep(rounds.keySet());
    }

    /** A round now, or the last one when it is only a few seconds old; empty when the environment has no load balancer up. */
    Optional<QuestCheckRound> checkNow(String name) {
        String url = url(name);
        if (url == null) {
            return Optional.empty();
        }
        QuestCheckRound last = rounds.get(name);
        return Optional.of(isFresh(last, url) ? last : start(name, url).join());
    }

    /**
     * Starts a round unless one runs or the last is only a few seconds old, without waiting for it: what a page that
     * refreshes itself asks for while a rollout is watched, so that however many watch, the checks run at most every few seconds.
     */
    void askSoon(String name) {
        String url = url(name);
        if (url != null && !isFresh(rounds.get(name), url)) {
            // A round already running is joined, not started again.
            start(name, url);
        }
    }

    /** Whether a round answers for this URL and is only a few seconds old. */
    private boolean isFresh(QuestCheckRound round, String url) {
        return round != null && round.url().startsWith(url) && round.at().isAfter(clock.instant().minus(FRESH_ENOUGH));
    }

    Optional<QuestCheckRound> latest(String name) {
        return Optional.ofNullable(rounds.get(name));
    }

    private CompletableFuture<QuestCheckRound> start(String name, String url) {
        CompletableFuture<QuestCheckRound> round = running.computeIfAbsent(name, key -> round(url));
        return round.whenComplete((done, failure) -> {
            running.remove(name, round);
            if (done != null) {
                keep(name, done);
            }
        });
    }

    private CompletableFuture<QuestCheckRound> round(String url) {
        HttpClient client;
        try {
            client = http.client();
        } catch (IOException e) {
            String why = "The portal cannot reach the load balancer over HTTPS: " + e.getMessage();
            return CompletableFuture.completedFuture(new QuestCheckRound(url, QuestCheckRunner.CHECKS.stream()
                    .map(check -> new QuestCheckRound.QuestCheck(check, false, why)).toList(), clock.instant(), null));
        }
        return runner.run(client, url);
    }

    private void keep(String name, QuestCheckRound round) {
        QuestCheckRound before = rounds.put(name, round);
        shared.recordQuestChecks(name, round);
        List<String> failing = round.checks().stream().filter(check -> !check.passed()).map(QuestCheckRound.QuestCheck::name).toList();
        if (before == null || before.passed() != round.passed()) {
            // When the outcome changes, not every round: a check failing all night is one line.
            log.info("event=quest_checks environment=\"{}\" passed={}/{} failing={}", name, round.passed(), round.checks().size(), failing);
        }
    }

    /** Each environment whose stack is up with a load balancer URL in its outputs, by name. */
    private Map<String, String> urls() {
        Map<String, StackSummaries.StackSummary> all = stacks.all();
        Map<String, String> urls = new LinkedHashMap<>();
        for (String name : environments.names()) {
            String url = urlOf(all.get(name));
            if (url != null) {
                urls.put(name, url);
            }
        }
        return urls;
    }

    /** One environment's load balancer URL, or null: read for that environment alone, as a page asks many times a minute. */
    private String url(String name) {
        return stacks.of(name).map(QuestChecks::urlOf).orElse(null);
    }

    private static String urlOf(StackSummaries.StackSummary stack) {
        return StatusPoller.hasService(stack) ? stack.outputs().get("AlbUrl") : null;
    }
}
