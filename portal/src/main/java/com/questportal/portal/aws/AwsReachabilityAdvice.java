package com.questportal.portal.aws;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Every page says so while an AWS endpoint cannot be reached. */
@ControllerAdvice
class AwsReachabilityAdvice {

    private final AwsClients aws;

    AwsReachabilityAdvice(AwsClients aws) {
        this.aws = aws;
    }

    @ModelAttribute("awsUnreachable")
    AwsReachability.Unreachable awsUnreachable() {
        return aws.reachability().unreachable().orElse(null);
    }
}
