package com.litper.tracking;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Shipments and tracking events: carrier webhooks, polling and the public tracking lookup. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TrackingApplication {

    public static void main(String[] args) {
        SpringApplication.run(TrackingApplication.class, args);
    }
}
