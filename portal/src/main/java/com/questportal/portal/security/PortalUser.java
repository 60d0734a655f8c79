package com.questportal.portal.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/** A person who signs in: a password hash, a role, and the state of their failed sign-ins. */
@Entity
@Table(name = "portal_user")
public class PortalUser {

    /** Consecutive failed sign-ins after which the account waits {@link #LOCK}. */
    static final int MAX_FAILURES = 5;
    static final Duration LOCK = Duration.ofMinutes(15);

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 64)
    private String username;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Role role;

    @Column(name = "must_change_password", nullable = false)
    private boolean mustChangePassword;

    @Column(name = "failed_sign_ins", nullable = false)
    private int failedSignIns;

    @Column(name = "locked_until")
    private Instant lockedUntil;

    /** The address the failures counted in {@code failedSignIns}, and so the lock, came from. */
    @Column(name = "failed_from", length = 64)
    private String failedFrom;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private boolean disabled;

    protected PortalUser() {
    }

    PortalUser(String username, String passwordHash, Role role, boolean mustChangePassword, Instant now) {
        this.username = username;
        this.passwordHash = passwordHash;
        this.role = role;
        this.mustChangePassword = mustChangePassword;
        this.createdAt = now;
    }

    void signedIn() {
        failedSignIns = 0;
        lockedUntil = null;
        failedFrom = null;
    }

    /**
     * Counts a failed sign-in from an address; the fifth in a row from that address locks the account, for that
     * address only, for a while. Failures from another address start the count again there.
     */
    void failedToSignIn(Instant now, String address) {
        if (!java.util.Objects.equals(address, failedFrom)) {
            failedFrom = address;
            failedSignIns = 0;
            lockedUntil = null;
        }
        failedSignIns++;
        if (failedSignIns >= MAX_FAILURES) {
            lockedUntil = now.plus(LOCK);
            failedSignIns = 0;
        }
    }

    /** Whether sign-ins from this address are refused now. */
    boolean isLockedAt(Instant now, String address) {
        return lockedUntil != null && lockedUntil.isAfter(now) && java.util.Objects.equals(address, failedFrom);
    }

    void changeRole(Role newRole) {
        role = newRole;
    }

    void changePassword(String newHash) {
        passwordHash = newHash;
        mustChangePassword = false;
    }

    /** An admin's reset: a one-time password to pass on, changed at the next sign-in; a lock from wrong passwords ends. */
    void resetPassword(String oneTimeHash) {
        passwordHash = oneTimeHash;
        mustChangePassword = true;
        failedSignIns = 0;
        lockedUntil = null;
    }

    void disable() {
        disabled = true;
    }

    void enable() {
        disabled = false;
    }

    public boolean isDisabled() {
        return disabled;
    }

    public String getUsername() {
        return username;
    }

    String getPasswordHash() {
        return passwordHash;
    }

    public Role getRole() {
        return role;
    }

    public boolean isMustChangePassword() {
        return mustChangePassword;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getLockedUntil() {
        return lockedUntil;
    }
}
