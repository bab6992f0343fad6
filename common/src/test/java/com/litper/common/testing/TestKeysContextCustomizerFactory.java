package com.litper.common.testing;

import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.util.ClassUtils;

/**
 * Makes every Spring test context trust {@link TestTokens}' key ({@code litper.security.jwks}) and
 * lets api-service sign with it ({@code litper.api.auth.signing-keys}),
 * at the lowest priority so a test can still set its own keys. Registered in the test jar's
 * {@code META-INF/spring.factories}; one customizer for all contexts, so context caching is unchanged.
 */
public final class TestKeysContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        // A module without the security starters has no token checks to feed (nor the classes TestTokens needs).
        return ClassUtils.isPresent("com.nimbusds.jose.jwk.JWKSet", getClass().getClassLoader()) ? new TestKeys() : null;
    }

    private static final class TestKeys implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
            context.getEnvironment().getPropertySources()
                    .addLast(new MapPropertySource("litperTestKeys", Map.of("litper.security.jwks", TestTokens.jwks(),
                            "litper.api.auth.signing-keys", TestTokens.signingJwks())));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof TestKeys;
        }

        @Override
        public int hashCode() {
            return TestKeys.class.hashCode();
        }
    }
}
