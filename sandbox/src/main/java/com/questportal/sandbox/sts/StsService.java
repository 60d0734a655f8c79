package com.questportal.sandbox.sts;

import com.questportal.sandbox.protocol.AwsService;
import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.protocol.CallContext;
import com.questportal.sandbox.protocol.Operation;
import com.questportal.sandbox.protocol.Principal;
import com.questportal.sandbox.protocol.Principals;
import com.questportal.sandbox.protocol.Validation;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.AssumedRoleUser;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** STS: who am I, and sessions for roles, which the endpoint then accepts as signing keys. */
public final class StsService {

    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/(?:[\\w+=,.@-]+/)*([\\w+=,.@-]{1,64})");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");
    private static final String KEY_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final Principals principals;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public StsService(Principals principals, Clock clock) {
        this.principals = principals;
        this.clock = clock;
    }

    public AwsService api() {
        return AwsService.query("sts", "https://sts.amazonaws.com/doc/2011-06-15/", List.of(
                Operation.of("GetCallerIdentity", GetCallerIdentityRequest::builder, this::getCallerIdentity),
                Operation.of("AssumeRole", AssumeRoleRequest::builder, this::assumeRole)));
    }

    private GetCallerIdentityResponse getCallerIdentity(GetCallerIdentityRequest request, CallContext caller) {
        return GetCallerIdentityResponse.builder()
                .account(caller.accountId()).arn(caller.callerArn()).userId(caller.callerUserId()).build();
    }

    private AssumeRoleResponse assumeRole(AssumeRoleRequest request, CallContext caller) {
        Validation.query()
                .required("roleArn", request.roleArn())
                .length("roleArn", request.roleArn(), 20, 2048)
                .required("roleSessionName", request.roleSessionName())
                .length("roleSessionName", request.roleSessionName(), 2, 64)
                .pattern("roleSessionName", request.roleSessionName(), SESSION_NAME)
                .range("durationSeconds", request.durationSeconds(), 900, 43200)
                .check();
        Matcher role = ROLE_ARN.matcher(request.roleArn());
        if (!role.matches()) {
            throw AwsServiceException.badRequest("ValidationError", "'" + request.roleArn() + "' is not a valid role ARN.");
        }
        String account = role.group(1);
        String roleName = role.group(2);
        String roleId = "AROA" + randomKey(17);
        Instant expiration = clock.instant().plusSeconds(request.durationSeconds() == null ? 3600 : request.durationSeconds());
        String assumedArn = "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + request.roleSessionName();
        Principal session = new Principal("ASIA" + randomKey(16), randomSecret(), randomSecret() + randomSecret(), account,
                assumedArn, roleId + ":" + request.roleSessionName(), expiration);
        principals.add(session);
        return AssumeRoleResponse.builder()
                .credentials(Credentials.builder().accessKeyId(session.accessKeyId()).secretAccessKey(session.secretAccessKey())
                        .sessionToken(session.sessionToken()).expiration(expiration).build())
                .assumedRoleUser(AssumedRoleUser.builder().arn(assumedArn).assumedRoleId(session.userId()).build())
                .packedPolicySize(0)
                .build();
    }

    private String randomKey(int length) {
        StringBuilder key = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            key.append(KEY_CHARACTERS.charAt(random.nextInt(KEY_CHARACTERS.length())));
        }
        return key.toString();
    }

    private String randomSecret() {
        byte[] bytes = new byte[30];
        random.nextBytes(bytes);
        return java.util.Base64.getEncoder().encodeToString(bytes);
    }
}
