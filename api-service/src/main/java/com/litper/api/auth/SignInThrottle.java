package com.litper.api.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Locks an account name after too many failed sign-ins in a row, for a while, on this instance.
 * Used for operators, whose accounts live in configuration rather than the database.
 */
final class SignInThrottle {

    private record Attempts(int failures, Instant lockedUntil) {
    }

    private final ConcurrentHashMap<String, Attempts> attempts = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final java.time.Duration lockout;
    private final Clock clock;

    SignInThrottle(int maxFailures, java.time.Duration lockout, Clock clock) {
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.clock = clock;
    }

    boolean isLocked(String name) {
        Attempts current = attempts.get(name);
        return current != null && current.lockedUntil() != null && clock.instant().isBefore(current.lockedUntil());
    }

    void failed(String name) {
        attempts.compute(name, (key, current) -> {
            int failures = (current == null || current.lockedUntil() != null && !clock.instant().isBefore(current.lockedUntil()))
                    ? 1 : current.failures() + 1;
            return new Attempts(failures, failures >= maxFailures ? clock.instant().plus(lockout) : null);
        });
    }

    void succeeded(String name) {
        attempts.remove(name);
    }
}
