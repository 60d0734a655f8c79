package com.questportal.portal.provisioning;

import com.questportal.portal.system.DaemonThreads;
import java.util.concurrent.ExecutorService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The background work of provisioning: making change sets, and the scheduled watch over running operations. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ProvisioningConfiguration {

    /** Change sets are made aside from the request that asks for them; two at once is plenty for a team's portal. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService provisioningExecutor() {
        return DaemonThreads.fixedPool(2, "provisioning");
    }
}
