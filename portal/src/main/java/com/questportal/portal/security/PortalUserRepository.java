package com.questportal.portal.security;

import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.Repository;

public interface PortalUserRepository extends Repository<PortalUser, Long> {

    Optional<PortalUser> findByUsername(String username);

    long count();

    long countByRole(Role role);

    long countByRoleAndDisabledFalse(Role role);

    List<PortalUser> findAllByOrderByUsernameAsc();

    PortalUser save(PortalUser user);
}
