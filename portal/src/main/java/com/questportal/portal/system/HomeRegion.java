package com.questportal.portal.system;

import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;

/**
 * The portal's own AWS region in AWS mode, where new environments start: found as the SDK finds one, without asking the
 * network (AWS_REGION, the {@code aws.region} system property, the AWS_PROFILE's region in ~/.aws/config). The sandbox's
 * region is eu-west-1.
 */
public final class HomeRegion {

    public static final String SANDBOX = "eu-west-1";

    private HomeRegion() {
    }

    public static Optional<String> configured() {
        try {
            return Optional.ofNullable(new AwsRegionProviderChain(new SystemSettingsRegionProvider(), new AwsProfileRegionProvider())
                    .getRegion()).map(Object::toString);
        } catch (SdkClientException none) {
            return Optional.empty();
        }
    }
}
