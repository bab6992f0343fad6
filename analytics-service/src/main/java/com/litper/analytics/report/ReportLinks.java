package com.litper.analytics.report;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Short-lived download links: {@code /api/analytics/reports/{id}/file?expires=<epoch s>&signature=<s>}
 * where the signature is HMAC-SHA256 over {@code <id>:<expires>} with
 * {@code litper.reports.signing-secret}, base64url. The link is its own credential (a browser opens
 * it without a token), so it names one report and stops working at {@code expires}.
 */
@Component
class ReportLinks {

    private static final Logger log = LoggerFactory.getLogger(ReportLinks.class);
    private static final String ALGORITHM = "HmacSHA256";

    /** A link as handed out: where to download, until when. */
    record Link(String url, Instant expiresAt) {
    }

    /** Why a link was refused. */
    enum Verdict {
        VALID, EXPIRED, BAD_SIGNATURE
    }

    private final SecretKeySpec key;
    private final ReportProperties properties;
    private final Clock clock;

    ReportLinks(ReportProperties properties, ObjectProvider<Clock> clock) {
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        byte[] secret;
        if (properties.signingSecret() == null || properties.signingSecret().isEmpty()) {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            log.warn("litper.reports.signing-secret is not set: report download links are signed with a random key of this process,"
                    + " so they work only on this replica and until it restarts (docs/configuration.md)");
        } else {
            secret = properties.signingSecret().getBytes(StandardCharsets.UTF_8);
        }
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    /** A link to the report's file valid for {@code litper.reports.link-lifetime} from now. */
    Link linkTo(UUID reportId) {
        Instant expiresAt = clock.instant().plus(properties.linkLifetime()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        long expires = expiresAt.getEpochSecond();
        return new Link("/api/analytics/reports/" + reportId + "/file?expires=" + expires + "&signature=" + signature(reportId, expires),
                expiresAt);
    }

    /** Checks a link's parameters; the signature is compared in constant time. */
    Verdict check(UUID reportId, long expires, String signature) {
        if (signature == null || !MessageDigest.isEqual(signature(reportId, expires).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.BAD_SIGNATURE;
        }
        return clock.instant().getEpochSecond() >= expires ? Verdict.EXPIRED : Verdict.VALID;
    }

    String signature(UUID reportId, long expires) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal((reportId + ":" + expires).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
