package com.questportal.portal.environment;

import com.questportal.portal.aws.AwsClients;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The secret word of each environment, kept only in SSM Parameter Store as a SecureString at the
 * parameter the stack's task definition reads. The portal writes it and asks whether it is set; it
 * never reads the value back, stores it, renders it or logs it.
 */
@Component
class SecretWords {

    /** Whether an environment's secret word is set, or why that is not known right now. */
    record State(boolean known, boolean set, String problem) {
        static State of(boolean set) {
            return new State(true, set, null);
        }
    }

    private final AwsClients aws;

    SecretWords(AwsClients aws) {
        this.aws = aws;
    }

    State state(Environment environment) {
        try {
            aws.ssm(environment.awsTarget()).getParameter(r -> r.name(environment.getSecretWordParameter()).withDecryption(false));
            return State.of(true);
        } catch (ParameterNotFoundException missing) {
            return State.of(false);
        } catch (SdkException unreachable) {
            return new State(false, false, unreachable.getMessage());
        }
    }

    void put(Environment environment, String secretWord) {
        aws.ssm(environment.awsTarget()).putParameter(r -> r.name(environment.getSecretWordParameter()).value(secretWord)
                .type(ParameterType.SECURE_STRING).overwrite(true)
                .description("The quest's secret word for environment " + environment.getName() + ", set from Quest Portal"));
    }

    void delete(Environment environment) {
        try {
            aws.ssm(environment.awsTarget()).deleteParameter(r -> r.name(environment.getSecretWordParameter()));
        } catch (ParameterNotFoundException alreadyGone) {
            // Deleting what is not there leaves the state wanted.
        }
    }
}
