package com.questportal.portal.provisioning;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface ServiceEventRepository extends JpaRepository<ServiceEventRecord, Long> {

    List<ServiceEventRecord> findByOperationIdOrderByOccurredAtAscIdAsc(Long operationId);
}
