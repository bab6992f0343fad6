package com.litper.api.auth;

import com.litper.common.security.LitperPrincipal;
import com.litper.common.security.Role;
import java.util.Set;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Checks an operator's configured password; the throttle stops guessing. */
final class Operators {

    /** Compared against when the name is unknown, so a wrong name costs as long as a wrong password. */
    private final String dummyHash;
    private final OperatorProperties properties;
    private final PasswordEncoder passwords;
    private final SignInThrottle throttle;

    Operators(OperatorProperties properties, PasswordEncoder passwords, SignInThrottle throttle) {
        this.properties = properties;
        this.passwords = passwords;
        this.throttle = throttle;
        this.dummyHash = passwords.encode("not-a-password-" + System.nanoTime());
    }

    static boolean isOperatorName(String username) {
        return !username.contains("@");
    }

    /** The operator, if the name and password match and the name is not locked. */
    LitperPrincipal signIn(String name, String password) {
        if (throttle.isLocked(name)) {
            throw TokenError.invalidGrant("Too many failed sign-ins: this account is locked for a while.");
        }
        OperatorProperties.Operator operator = properties.operators().get(name);
        String hash = operator == null || operator.passwordHash() == null ? dummyHash : operator.passwordHash();
        boolean matches = passwords.matches(password, hash) && operator != null;
        if (!matches) {
            throw failed(name);
        }
        throttle.succeeded(name);
        return new LitperPrincipal("operator:" + name, null, Set.of(Role.OPERATOR));
    }

    private TokenError failed(String name) {
        throttle.failed(name);
        return TokenError.invalidGrant("Unknown user or wrong password.");
    }
}
