package com.litper.common.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds {@code litper-defaults.properties} (port 8000, probes, graceful shutdown, JSON logs,
 * timeouts…) as the lowest-priority property source, so every service starts from the same
 * settings and can still override any of them in its own {@code application.yml}, environment
 * variables or arguments.
 */
public class LitperDefaults implements EnvironmentPostProcessor {

    static final String SOURCE = "litper-defaults.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment.getPropertySources().addLast(new ResourcePropertySource("litperDefaults", new ClassPathResource(SOURCE)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + SOURCE + " from litper-common", e);
        }
    }
}
