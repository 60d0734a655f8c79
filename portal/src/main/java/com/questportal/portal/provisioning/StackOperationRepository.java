package com.questportal.portal.provisioning;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface StackOperationRepository extends JpaRepository<StackOperation, Long> {

    List<StackOperation> findByStatus(StackOperation.Status status);

    Optional<StackOperation> findByActiveEnvironment(String environmentName);

    List<StackOperation> findTop10ByEnvironmentNameOrderByIdDesc(String environmentName);
}
