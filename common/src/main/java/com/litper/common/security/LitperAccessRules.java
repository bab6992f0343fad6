package com.litper.common.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's own role rules (e.g. "only owners manage keys"), applied after the public paths and
 * before the shared rules, so a service can narrow access but never open a path the shared rules
 * protect by leaving it out.
 */
@FunctionalInterface
public interface LitperAccessRules {

    void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules);
}
