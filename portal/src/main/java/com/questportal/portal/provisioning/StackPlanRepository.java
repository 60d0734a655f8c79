package com.questportal.portal.provisioning;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface StackPlanRepository extends JpaRepository<StackPlan, Long> {

    Optional<StackPlan> findByIdAndEnvironmentName(Long id, String environmentName);

    List<StackPlan> findTop5ByEnvironmentNameOrderByIdDesc(String environmentName);

    List<StackPlan> findByEnvironmentNameAndStatusAndIdNot(String environmentName, StackPlan.Status status, Long id);

    List<StackPlan> findByStatusAndCreatedAtBefore(StackPlan.Status status, java.time.Instant before);
}
