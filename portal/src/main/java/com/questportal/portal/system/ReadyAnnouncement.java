package com.questportal.portal.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/** Says where to point a browser once the portal is ready. */
@Component
class ReadyAnnouncement implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(ReadyAnnouncement.class);

    private final PortalProperties properties;

    ReadyAnnouncement(PortalProperties properties) {
        this.properties = properties;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port");
        if (port == null) {
            return;
        }
        log.info("Quest Portal is ready at http://localhost:{}/ mode={} dataDir={}",
                port, properties.mode().name().toLowerCase(), properties.dataDir().toAbsolutePath().normalize());
    }
}
