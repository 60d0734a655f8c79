package com.questportal.portal.system;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The portal run as a task of the sandbox's ECS (infra-templates/portal.yaml deployed there) listens on the address the
 * sandbox gave the task ({@code BIND_ADDRESS}), as Fargate gives each task its own network interface: two tasks on one
 * machine then share the container port without clashing. {@code server.address} still wins when set; on Fargate and
 * everywhere else nothing sets {@code BIND_ADDRESS} and the portal listens on every interface.
 */
@Component
class TaskAddress implements WebServerFactoryCustomizer<ConfigurableWebServerFactory>, Ordered {

    private final Environment environment;

    TaskAddress(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void customize(ConfigurableWebServerFactory factory) {
        String task = environment.getProperty("BIND_ADDRESS");
        if (task == null || task.isBlank() || environment.containsProperty("server.address")) {
            return;
        }
        try {
            factory.setAddress(InetAddress.getByName(task));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("BIND_ADDRESS is not an address: " + task, e);
        }
    }

    /** After Spring Boot's own customizer, which sets server.address. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
