package com.questportal.sandbox.autoscaling;

import com.questportal.sandbox.protocol.JsonCodec;
import com.questportal.sandbox.state.StateFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalableTargetsResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalingActivitiesResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalingPoliciesResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingActivity;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;

/**
 * The scalable targets, scaling policies and scaling activities of each account and region, kept in files of their own under
 * the data directory in the API's own JSON, so that they survive a restart of the sandbox.
 */
final class ScalingStore {

    /** How many activities a scope keeps, newest first (AWS keeps six weeks of them). */
    static final int KEPT_ACTIVITIES = 1_000;

    /** One account and region's state; callers hold its monitor while they read or change it. */
    static final class Scope {
        final List<ScalableTarget> targets = new ArrayList<>();
        final List<ScalingPolicy> policies = new ArrayList<>();
        /** Newest first. */
        final List<ScalingActivity> activities = new ArrayList<>();
        private final Path directory;

        private Scope(Path directory) {
            this.directory = directory;
        }

        /** Writes the scope's state; called after each change, under the scope's monitor. */
        void save() {
            while (activities.size() > KEPT_ACTIVITIES) {
                activities.remove(activities.size() - 1);
            }
            new StateFile(directory.resolve("targets.json")).write(JsonCodec.write(
                    DescribeScalableTargetsResponse.builder().scalableTargets(targets).build()));
            new StateFile(directory.resolve("policies.json")).write(JsonCodec.write(
                    DescribeScalingPoliciesResponse.builder().scalingPolicies(policies).build()));
            new StateFile(directory.resolve("activities.json")).write(JsonCodec.write(
                    DescribeScalingActivitiesResponse.builder().scalingActivities(activities).build()));
        }
    }

    private final Path directory;
    private final Map<String, Scope> scopes = new ConcurrentHashMap<>();

    ScalingStore(Path directory) {
        this.directory = directory;
    }

    /** A scope with the account and region it is of. */
    record Located(String account, String region, Scope scope) {

        /** A target's key among every scope's. */
        String key(String resourceId) {
            return account + "/" + region + "/" + resourceId;
        }
    }

    /** Every scope that holds something: those on disk (from before a restart) and those made since. */
    List<Located> all() {
        if (Files.isDirectory(directory)) {
            try (var accounts = Files.list(directory)) {
                for (Path account : accounts.filter(Files::isDirectory).toList()) {
                    try (var regions = Files.list(account)) {
                        regions.filter(Files::isDirectory).forEach(region -> scope(account.getFileName().toString(),
                                region.getFileName().toString()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the scaling state under " + directory, e);
            }
        }
        List<Located> all = new ArrayList<>();
        scopes.forEach((key, scope) -> all.add(new Located(key.substring(0, key.indexOf('/')), key.substring(key.indexOf('/') + 1), scope)));
        return all;
    }

    Scope scope(String account, String region) {
        return scopes.computeIfAbsent(account + "/" + region, key -> load(directory.resolve(account).resolve(region)));
    }

    private static Scope load(Path directory) {
        Scope scope = new Scope(directory);
        new StateFile(directory.resolve("targets.json")).read().ifPresent(bytes -> scope.targets.addAll(
                ((DescribeScalableTargetsResponse) JsonCodec.read(bytes, DescribeScalableTargetsResponse::builder)).scalableTargets()));
        new StateFile(directory.resolve("policies.json")).read().ifPresent(bytes -> scope.policies.addAll(
                ((DescribeScalingPoliciesResponse) JsonCodec.read(bytes, DescribeScalingPoliciesResponse::builder)).scalingPolicies()));
        new StateFile(directory.resolve("activities.json")).read().ifPresent(bytes -> scope.activities.addAll(
                ((DescribeScalingActivitiesResponse) JsonCodec.read(bytes, DescribeScalingActivitiesResponse::builder)).scalingActivities()));
        return scope;
    }
}
