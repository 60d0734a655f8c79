package com.questportal.portal.provisioning;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

import com.questportal.portal.audit.AuditTrail;
import com.questportal.portal.aws.AwsClients;
import com.questportal.portal.environment.EnvironmentDirectory;
import com.questportal.portal.system.BackgroundLease;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import tools.jackson.databind.json.JsonMapper;

/** The watcher's round: one operation that cannot be watched does not stop the others from being watched. */
class OperationWatcherTests {

    @Test
    void oneOperationsDatabaseErrorDoesNotEndTheRoundForTheOthers() {
        OperationLedger ledger = mock(OperationLedger.class);
        EnvironmentDirectory environments = mock(EnvironmentDirectory.class);
        StackOperation broken = new StackOperation("broken", StackOperation.Type.APPLY, 1L, "quest-broken", 3, "ada", Instant.now());
        StackOperation orphaned = new StackOperation("orphaned", StackOperation.Type.APPLY, 2L, "quest-orphaned", 3, "ada", Instant.now());
        given(ledger.running()).willReturn(List.of(broken, orphaned));
        given(environments.find("broken")).willThrow(new DataAccessResourceFailureException("the connection was lost"));
        given(environments.find("orphaned")).willReturn(Optional.empty());
        given(ledger.finish(isNull(), eq(StackOperation.Status.FAILED), anyString())).willReturn(orphaned);
        OperationWatcher watcher = new OperationWatcher(ledger, environments, mock(AwsClients.class), JsonMapper.builder().build(),
                mock(AuditTrail.class), mock(OperationStream.class), Duration.ofMinutes(2), mock(FailureEvidence.class), holding());

        watcher.watchAll();

        then(ledger).should().finish(isNull(), eq(StackOperation.Status.FAILED),
                eq("The environment's record is gone; the portal stopped watching."));
    }

    /** This instance holds the background lease, as the only one on H2 always does. */
    private static BackgroundLease holding() {
        BackgroundLease lease = mock(BackgroundLease.class);
        given(lease.held()).willReturn(true);
        return lease;
    }
}
