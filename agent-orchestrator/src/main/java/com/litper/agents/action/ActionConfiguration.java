package com.litper.agents.action;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The default {@link ActionPolicy}: every store's agent may propose every action. */
@Configuration(proxyBeanMethods = false)
class ActionConfiguration {

    @Bean
    @ConditionalOnMissingBean(ActionPolicy.class)
    ActionPolicy allowEveryAction() {
        return (store, kind) -> true;
    }
}
