package com.litper.sandbox.anthropic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AnthropicSandboxConfiguration {

    @Bean
    ReceivedRequests anthropicReceivedRequests(AnthropicSandboxProperties properties) {
        return new ReceivedRequests(properties.keptRequests());
    }
}
