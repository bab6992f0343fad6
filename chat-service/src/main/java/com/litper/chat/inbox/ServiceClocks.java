package com.litper.chat.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The service-level clocks of one conversation: the time until a person first replied and the time
 * until it was resolved, both counted only while a person controls the conversation and it is not
 * resolved (time the AI agent handled it does not count against the team). A conversation the buyer
 * reopens after its resolution starts both again. Plain state; every time is passed in.
 */
final class ServiceClocks {

    private Instant humanSince;
    private long humanMillis;
    private Instant firstHumanResponseAt;
    private Long firstResponseMillis;
    private Instant resolvedAt;
    private Long resolutionMillis;

    ServiceClocks(Instant humanSince, long humanMillis, Instant firstHumanResponseAt, Long firstResponseMillis, Instant resolvedAt,
            Long resolutionMillis) {
        this.humanSince = humanSince;
        this.humanMillis = humanMillis;
        this.firstHumanResponseAt = firstHumanResponseAt;
        this.firstResponseMillis = firstResponseMillis;
        this.resolvedAt = resolvedAt;
        this.resolutionMillis = resolutionMillis;
    }

    static ServiceClocks stopped() {
        return new ServiceClocks(null, 0, null, null, null, null);
    }

    /** A person took control of an unresolved conversation: the clocks run (already running: nothing changes). */
    void start(Instant now) {
        if (humanSince == null) {
            humanSince = now;
        }
    }

    /** Control went back to the AI agent, or the conversation was resolved: the time so far is kept. */
    void stop(Instant now) {
        if (humanSince != null) {
            humanMillis += millisBetween(humanSince, now);
            humanSince = null;
        }
    }

    /** A person replied; the first reply since the conversation (re)opened answers how long it took. */
    Optional<Duration> replied(Instant now) {
        if (firstHumanResponseAt != null) {
            return Optional.empty();
        }
        firstHumanResponseAt = now;
        firstResponseMillis = humanMillis(now);
        return Optional.of(Duration.ofMillis(firstResponseMillis));
    }

    /** The conversation was resolved: answers the human time it took, when a person handled it at all. */
    Optional<Duration> resolved(Instant now) {
        boolean handled = humanSince != null || humanMillis > 0 || firstHumanResponseAt != null;
        stop(now);
        resolvedAt = now;
        resolutionMillis = handled ? humanMillis : null;
        return handled ? Optional.of(Duration.ofMillis(humanMillis)) : Optional.empty();
    }

    /** The buyer (or the team) reopened a resolved conversation: a new round of both clocks. */
    void restart() {
        humanSince = null;
        humanMillis = 0;
        firstHumanResponseAt = null;
        firstResponseMillis = null;
        resolvedAt = null;
        resolutionMillis = null;
    }

    /** Human time so far, the running stretch included. */
    long humanMillis(Instant now) {
        return humanMillis + (humanSince == null ? 0 : millisBetween(humanSince, now));
    }

    Instant humanSince() {
        return humanSince;
    }

    /** Human time of the stretches that ended, as stored. */
    long storedHumanMillis() {
        return humanMillis;
    }

    Instant firstHumanResponseAt() {
        return firstHumanResponseAt;
    }

    Long firstResponseMillis() {
        return firstResponseMillis;
    }

    Instant resolvedAt() {
        return resolvedAt;
    }

    Long resolutionMillis() {
        return resolutionMillis;
    }

    private static long millisBetween(Instant from, Instant to) {
        // A clock that stepped back counts as no time rather than negative time.
        return Math.max(0, Duration.between(from, to).toMillis());
    }
}
