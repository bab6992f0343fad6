package com.litper.common.carrier.autoconfigure;

import com.litper.common.carrier.CarrierRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Gives every service the one {@link CarrierRegistry}, bound and validated at start-up, so a wrong
 * carrier definition stops each service the same way instead of surfacing as a refused order in one
 * of them.
 */
@AutoConfiguration
@EnableConfigurationProperties(CarrierRegistry.class)
public class CarrierRegistryAutoConfiguration {
}
