package com.questportal.portal.environment;

import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.Repository;

interface EnvironmentRepository extends Repository<Environment, Long> {

    List<Environment> findAllByOrderByNameAsc();

    Optional<Environment> findByName(String name);

    boolean existsByName(String name);

    Environment save(Environment environment);

    Environment saveAndFlush(Environment environment);

    void delete(Environment environment);
}
