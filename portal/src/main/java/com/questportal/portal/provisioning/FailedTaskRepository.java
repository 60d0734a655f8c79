package com.questportal.portal.provisioning;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface FailedTaskRepository extends JpaRepository<FailedTaskRecord, Long> {

    List<FailedTaskRecord> findByOperationIdOrderByStoppedAtAsc(Long operationId);

    boolean existsByOperationIdAndTaskId(Long operationId, String taskId);
}
