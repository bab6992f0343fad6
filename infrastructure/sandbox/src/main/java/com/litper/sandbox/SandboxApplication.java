package com.litper.sandbox;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * Stand-ins for the outside parties Litper talks to — the five carriers and the WhatsApp Cloud API —
 * speaking their wire formats, sending their signed webhooks, and failing on request. Run by the
 * local suite on port 8099 (docs/sandboxes.md); it shares no code with Litper, so it checks the
 * services' side of each contract instead of repeating it.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SandboxApplication {

    public static void main(String[] args) {
        SpringApplication.run(SandboxApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
