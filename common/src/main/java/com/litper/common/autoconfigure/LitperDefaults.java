package com.litper.common.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds {@code litper-defaults.properties} (port 8000, probes, graceful shutdown, JSON logs,
 * timeouts…) and {@code litper-carriers.yml} (the carrier registry's defaults) as the
 * lowest-priority property sources, so every service starts from the same settings and can still
 * override any of them in its own {@code application.yml}, environment variables or arguments.
 */
public class LitperDefaults implements EnvironmentPostProcessor {

    static final String SOURCE = "litper-defaults.properties";
    static final String CARRIERS = "litper-carriers.yml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment.getPropertySources().addLast(new ResourcePropertySource("litperDefaults", new ClassPathResource(SOURCE)));
            // YAML rather than properties: it is read as UTF-8, and carriers' names carry accents.
            for (PropertySource<?> source : new YamlPropertySourceLoader().load("litperCarriers", new ClassPathResource(CARRIERS))) {
                environment.getPropertySources().addLast(source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + SOURCE + " or " + CARRIERS + " from litper-common", e);
        }
    }
}
