package com.litper.api.dane;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads the municipality list once at startup: a broken file stops the service instead of every order. */
@Configuration(proxyBeanMethods = false)
class DaneConfiguration {

    @Bean
    Divipola divipola() {
        return Divipola.load();
    }
}
