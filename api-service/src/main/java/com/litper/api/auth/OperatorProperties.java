package com.litper.api.auth;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Litper's operators, who sign in at the token endpoint with their name and password and get the
 * {@code OPERATOR} role (platform endpoints: store creation, dead letters).
 *
 * @param operators operators by name; each from a Kubernetes Secret in production
 */
@ConfigurationProperties("litper.security")
public record OperatorProperties(@DefaultValue Map<String, Operator> operators) {

    /**
     * One operator.
     *
     * @param passwordHash the password as Spring Security's delegating encoder stores it, e.g.
     *     {@code {bcrypt}$2a$10$…}; never the password itself
     */
    public record Operator(String passwordHash) {
    }
}
