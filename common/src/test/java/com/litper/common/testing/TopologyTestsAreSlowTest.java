package com.litper.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.embedded.Slow;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.RegexPatternTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Every test that starts a Sentinel or Cluster topology or a replica carries {@link Slow}, so a new
 * one cannot slip into the fast inner loop ({@code ./mvnw verify -Pfast}) unnoticed.
 */
class TopologyTestsAreSlowTest {

    private static final Pattern TOPOLOGY_TESTS = Pattern.compile(".*(OnSentinelTest|OnClusterTest|OnReplicaTest|FailoverTest|DatabaseRoutingTest)");

    @Test
    void sentinelClusterAndReplicaTestsAreTaggedSlow() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(org.springframework.beans.factory.annotation.AnnotatedBeanDefinition definition) {
                return definition.getMetadata().isIndependent() && !definition.getMetadata().isAbstract();
            }
        };
        scanner.addIncludeFilter(new RegexPatternTypeFilter(TOPOLOGY_TESTS));
        List<Class<?>> tests = scanner.findCandidateComponents("com.litper.common").stream()
                .map(BeanDefinition::getBeanClassName)
                .<Class<?>>map(name -> ClassUtils.resolveClassName(name, getClass().getClassLoader()))
                .toList();

        assertThat(tests).hasSizeGreaterThan(18);
        assertThat(tests).allSatisfy(test -> assertThat(test.isAnnotationPresent(Slow.class)).as(test.getName()).isTrue());
    }
}
