package com.questportal.portal.provisioning;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface StackOperationRepository extends JpaRepository<StackOperation, Long> {

    List<StackOperation> findByStatus(StackOperation.Status status);

    Optional<StackOperation> findByActiveEnvironment(String environmentName);

    List<StackOperation> findTop10ByEnvironmentNameOrderByIdDesc(String environmentName);

    /** An environment's deploys and rollbacks, newest first, a page at a time. */
    Page<StackOperation> findByEnvironmentNameAndTypeInOrderByIdDesc(String environmentName, Collection<StackOperation.Type> types,
                                                                      Pageable page);

    Optional<StackOperation> findFirstByEnvironmentNameAndTypeInAndStatusOrderByIdDesc(String environmentName,
                                                                                       Collection<StackOperation.Type> types,
                                                                                       StackOperation.Status status);

    /** Each environment's newest operation, in one query for the environments list. */
    @Query("select o from StackOperation o where o.id in (select max(n.id) from StackOperation n group by n.environmentName)")
    List<StackOperation> findNewestOfEachEnvironment();
}
