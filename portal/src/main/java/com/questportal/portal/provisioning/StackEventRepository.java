package com.questportal.portal.provisioning;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface StackEventRepository extends JpaRepository<StackEventRecord, Long> {

    List<StackEventRecord> findByOperationIdOrderByIdAsc(Long operationId);

    boolean existsByOperationIdAndEventId(Long operationId, String eventId);
}
