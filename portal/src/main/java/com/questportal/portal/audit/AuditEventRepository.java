package com.questportal.portal.audit;

import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

/** Insert and read only: the application cannot change or remove what the trail says. */
interface AuditEventRepository extends Repository<AuditEvent, Long> {

    AuditEvent save(AuditEvent event);

    @Query("""
            select e from AuditEvent e
            where (:environment is null or e.environment = :environment)
              and (:actor is null or e.actor = :actor)
              and (:action is null or e.action = :action)
            order by e.occurredAt desc, e.id desc""")
    List<AuditEvent> search(@Param("environment") String environment, @Param("actor") String actor, @Param("action") String action,
                            Limit limit);

    @Query("select distinct e.action from AuditEvent e order by e.action")
    List<String> actions();
}
