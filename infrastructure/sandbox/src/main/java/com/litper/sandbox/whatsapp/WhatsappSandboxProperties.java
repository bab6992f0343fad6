package com.litper.sandbox.whatsapp;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the WhatsApp Cloud API sandbox behaves (docs/sandboxes.md). Secrets never reach a log line:
 * {@link #toString} leaves them out.
 *
 * @param accessToken the bearer token senders must use; blank: any bearer token is accepted
 * @param appSecret the Meta app's secret, key of the status webhooks' {@code X-Hub-Signature-256};
 *     blank: no status webhooks (Meta never sends them unsigned)
 * @param verifyToken the token of the webhook subscription handshake ({@code POST /sandbox/whatsapp/subscribe})
 * @param webhookUrl where status notifications go, e.g. {@code http://127.0.0.1:8000/webhooks/whatsapp}; blank: none
 * @param phoneNumberId the business number's id; when set, sends through any other id are refused (error 100)
 * @param pairInterval least time between two messages to one number (WhatsApp's pair rate limit,
 *     error 131056); zero switches the limit off
 * @param statusDelay time before each status notification: sent, then delivered, then read
 * @param templates approved templates besides the four built-in ones, by name
 * @param unreachableNumbers numbers (E.164) that are not on WhatsApp: their messages are accepted and
 *     then reported {@code failed} with error 131026, as Meta does
 * @param businessAccountId the WhatsApp Business Account id in notifications ({@code entry[].id})
 * @param displayPhoneNumber the business number in notifications ({@code metadata.display_phone_number})
 * @param serviceWindow WhatsApp's customer-service window: free text ({@code type: text}) reaches a
 *     buyer only this long after the buyer's last message ({@code POST /sandbox/whatsapp/inbound});
 *     later it is accepted and then reported {@code failed} with error 131047, as Meta does. Zero
 *     switches the check off
 */
@Validated
@ConfigurationProperties("sandbox.whatsapp")
public record WhatsappSandboxProperties(
        String accessToken,
        String appSecret,
        String verifyToken,
        String webhookUrl,
        String phoneNumberId,
        @DefaultValue("6s") @NotNull Duration pairInterval,
        @DefaultValue("1s") @NotNull Duration statusDelay,
        Map<String, Template> templates,
        List<String> unreachableNumbers,
        @DefaultValue("102290129340398") @NotBlank String businessAccountId,
        @DefaultValue("15550783881") @NotBlank String displayPhoneNumber,
        @DefaultValue("24h") @NotNull Duration serviceWindow) {

    public WhatsappSandboxProperties {
        templates = templates == null ? Map.of() : Map.copyOf(templates);
        unreachableNumbers = unreachableNumbers == null ? List.of() : List.copyOf(unreachableNumbers);
        if (pairInterval.isNegative() || statusDelay.isNegative() || serviceWindow.isNegative()) {
            throw new IllegalArgumentException("sandbox.whatsapp.pair-interval, status-delay and service-window must not be negative");
        }
    }

    /**
     * An approved template.
     *
     * @param parameters how many body parameters it takes
     * @param languages the language codes it is approved in
     * @param text its body with {@code {{1}}}, {@code {{2}}}… for the parameters, for the messages list
     */
    public record Template(@DefaultValue("0") @Min(0) int parameters, @DefaultValue("es") List<String> languages, String text) {
    }

    boolean sendsStatuses() {
        return !blank(webhookUrl) && !blank(appSecret);
    }

    @Override
    public String toString() {
        return "WhatsappSandboxProperties[accessToken=" + (blank(accessToken) ? "<any>" : "<redacted>") + ", appSecret="
                + (blank(appSecret) ? "<none>" : "<redacted>") + ", verifyToken=" + (blank(verifyToken) ? "<none>" : "<redacted>")
                + ", webhookUrl=" + webhookUrl + ", phoneNumberId=" + phoneNumberId + ", pairInterval=" + pairInterval
                + ", statusDelay=" + statusDelay + ", serviceWindow=" + serviceWindow + ", templates=" + templates.keySet() + ", unreachableNumbers=" + unreachableNumbers + "]";
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
