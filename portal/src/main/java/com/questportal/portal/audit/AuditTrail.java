package com.questportal.portal.audit;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records state-changing actions in their own transaction, so that a refused or failed action is on
 * the trail even though its own changes were rolled back. Callers pass details that never hold a
 * secret value.
 */
@Service
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    /** The most rows the audit page shows at once. */
    static final int PAGE = 200;

    private final AuditEventRepository events;
    private final Clock clock = Clock.systemUTC();

    AuditTrail(AuditEventRepository events) {
        this.events = events;
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void record(HttpServletRequest request, String actor, String action, String environment, AuditEvent.Outcome outcome,
                       String detail) {
        record(request.getRemoteAddr(), actor, action, environment, outcome, detail);
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void record(String address, String actor, String action, String environment, AuditEvent.Outcome outcome, String detail) {
        events.save(new AuditEvent(clock.instant(), actor, address, action, environment, outcome, detail));
        log.info("event=audit action={} environment={} actor={} outcome={}", action, quoted(environment), quoted(actor), outcome);
    }

    /**
     * A value a person typed (a user name, an environment name), quoted with its line breaks, quotes and
     * other control characters escaped, so that it cannot end the log line and forge another.
     */
    static String quoted(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder quoted = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                        quoted.append(String.format("\\u%04x", c));
                    } else {
                        quoted.appendCodePoint(c);
                    }
                }
            }
        });
        return quoted.append('"').toString();
    }

    @Transactional(readOnly = true)
    List<AuditEvent> search(String environment, String actor, String action) {
        return events.search(blankToNull(environment), blankToNull(actor), blankToNull(action), Limit.of(PAGE));
    }

    @Transactional(readOnly = true)
    List<String> actions() {
        return events.actions();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
