package com.questportal.portal.aws;

import com.questportal.portal.system.PortalProperties;
import com.questportal.sandbox.Sandbox;
import com.questportal.sandbox.SandboxConfig;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * In sandbox mode, the default, the portal runs the sandbox in-process, its state beside the portal's;
 * unless {@code portal.sandbox.endpoint} names one already running, which then outlives the portal as AWS would.
 */
@Configuration(proxyBeanMethods = false)
class SandboxConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${portal.mode:sandbox}' == 'sandbox' and '${portal.sandbox.endpoint:}' == ''")
    Sandbox sandbox(PortalProperties properties) throws IOException {
        return Sandbox.start(SandboxConfig.defaults(properties.dataDir().resolve("sandbox"))
                .withPort(properties.sandbox().port()).withScalingPeriod(properties.sandbox().scalingPeriod()));
    }
}
