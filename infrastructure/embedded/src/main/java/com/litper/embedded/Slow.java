package com.litper.embedded;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that starts a topology of its own (Redis Sentinel or Cluster, a PostgreSQL replica) and
 * takes tens of seconds: tagged {@value #TAG}, so the fast inner loop
 * ({@code ./mvnw verify -Pfast}) leaves it out while a plain {@code ./mvnw verify} runs it.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(Slow.TAG)
public @interface Slow {

    /** The JUnit tag, for {@code -Dgroups} and {@code -DexcludedGroups}. */
    String TAG = "slow";
}
