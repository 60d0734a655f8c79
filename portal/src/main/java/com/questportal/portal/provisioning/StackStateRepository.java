package com.questportal.portal.provisioning;

import org.springframework.data.jpa.repository.JpaRepository;

interface StackStateRepository extends JpaRepository<StackStateRecord, String> {
}
