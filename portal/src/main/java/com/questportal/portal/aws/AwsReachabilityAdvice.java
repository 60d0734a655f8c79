package com.questportal.portal.aws;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Every page says so while an AWS endpoint cannot be reached. */
@ControllerAdvice
class AwsReachabilityAdvice {

    /** A provider: a page test of one controller has no AWS clients, and then nothing to say. */
    private final ObjectProvider<AwsClients> aws;

    AwsReachabilityAdvice(ObjectProvider<AwsClients> aws) {
        this.aws = aws;
    }

    @ModelAttribute("awsUnreachable")
    AwsReachability.Unreachable awsUnreachable() {
        AwsClients clients = aws.getIfAvailable();
        return clients == null ? null : clients.reachability().unreachable().orElse(null);
    }
}
