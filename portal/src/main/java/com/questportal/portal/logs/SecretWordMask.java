package com.questportal.portal.logs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.questportal.portal.aws.AwsClients;
import com.questportal.portal.environment.Environment;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * Masks an environment's secret word wherever it appears in a log line, so that a task that logs it does not put it on a
 * page. The word is read from SSM (decrypted) and held in memory only, for {@link #HELD_FOR}; it is never stored, rendered or
 * logged — the one place the portal reads it back.
 */
@Component
class SecretWordMask {

    static final Duration HELD_FOR = Duration.ofMinutes(5);
    static final String MASKED = "••••••";

    /** Replaces the word in a line; {@link #NONE} when there is no word to hide. */
    record Mask(Pattern word) {

        static final Mask NONE = new Mask(null);

        String apply(String message) {
            return word == null ? message : word.matcher(message).replaceAll(Matcher.quoteReplacement(MASKED));
        }
    }

    private final AwsClients aws;
    private final Cache<String, Mask> masks = Caffeine.newBuilder().expireAfterWrite(HELD_FOR).maximumSize(1_000).build();

    SecretWordMask(AwsClients aws) {
        this.aws = aws;
    }

    /**
     * The environment's mask. A word SSM cannot give now is refused rather than shown unmasked: lines are not shown without
     * their mask.
     */
    Mask of(Environment environment) {
        return masks.get(environment.getName() + "|" + environment.getSecretWordParameter(), key -> read(environment));
    }

    private Mask read(Environment environment) {
        try {
            String word = aws.ssm(environment.awsTarget()).getParameter(r -> r.name(environment.getSecretWordParameter())
                    .withDecryption(true)).parameter().value();
            return word == null || word.isEmpty() ? Mask.NONE : new Mask(Pattern.compile(Pattern.quote(word)));
        } catch (ParameterNotFoundException none) {
            return Mask.NONE;
        } catch (SdkException e) {
            throw new LogsRefused(LogsRefused.Kind.AWS, "The portal could not read the environment's secret word from SSM to mask it "
                    + "in the lines, so it shows none: " + com.questportal.portal.aws.AwsFailure.of(e, "ssm:GetParameter").message());
        }
    }
}
