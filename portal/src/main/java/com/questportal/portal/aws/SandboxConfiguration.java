package com.questportal.portal.aws;

import com.questportal.portal.system.PortalProperties;
import com.questportal.sandbox.Sandbox;
import com.questportal.sandbox.SandboxConfig;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** In sandbox mode, the default, the portal runs the sandbox in-process; its state lives beside the portal's. */
@Configuration(proxyBeanMethods = false)
class SandboxConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "portal.mode", havingValue = "sandbox", matchIfMissing = true)
    Sandbox sandbox(PortalProperties properties) throws IOException {
        return Sandbox.start(SandboxConfig.defaults(properties.dataDir().resolve("sandbox"))
                .withPort(properties.sandbox().port()));
    }
}
