package com.questportal.portal.security;

import java.util.Optional;
import org.springframework.data.repository.Repository;

public interface PortalUserRepository extends Repository<PortalUser, Long> {

    Optional<PortalUser> findByUsername(String username);

    long count();

    PortalUser save(PortalUser user);
}
