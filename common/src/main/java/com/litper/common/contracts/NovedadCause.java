package com.litper.common.contracts;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Why a delivery was held up (a novedad), as a closed set that analytics can count: carriers write
 * their reasons in their own words ("Cliente ausente", "DIRECCION ERRADA", "destinatario no se
 * encontraba"), and {@link #classify} maps those words to one of these. Text that matches none of
 * the rules is {@link #OTHER}; no text at all is no cause (null).
 */
public enum NovedadCause {

    /** Nobody was there to receive the parcel. */
    BUYER_ABSENT,
    /** The address is wrong, incomplete or could not be found. */
    WRONG_ADDRESS,
    /** The buyer refused the parcel (or to pay for it). */
    REFUSED,
    /** The buyer asked for another day or time. */
    BUYER_RESCHEDULED,
    /** The parcel was damaged, opened or lost. */
    DAMAGED,
    /** A reason none of the above covers. */
    OTHER;

    /**
     * One rule per cause, tried in this order on the reason without accents, in lower case. Refusal
     * comes before absence ("cliente no recibe" is a refusal), rescheduling before absence ("otro
     * dia, no estaba" is the buyer's request), absence before the address ("cliente ausente en la
     * direccion" is about the buyer, not the address).
     */
    private static final List<Rule> RULES = List.of(
            new Rule(REFUSED, "rechaz|rehus|no (lo )?(quiere|quiso|acepta|acepto|recibe|recibio)|devuelto por (el )?(cliente|destinatario)"
                    + "|no (tiene|tenia) (el )?dinero|no paga|no pago|refus"),
            new Rule(BUYER_RESCHEDULED, "reprogram|nueva fecha|otro dia|otra fecha|aplaz|solicita (entrega|cambio)|cambio de fecha|reagend"),
            new Rule(DAMAGED, "averi|\\bdan(o|ad)|\\brot[oa]\\b|saque|perdid|extravi|mal estado|abiert[oa]|siniestr"),
            new Rule(BUYER_ABSENT, "ausente|nadie|cerrad[oa]|no contesta|no responde|no atiende|sin contacto|no hay quien"
                    + "|no (se )?encontraba|no estaba"),
            new Rule(WRONG_ADDRESS, "direcci|\\bdir\\b|no existe|no se encuentra|nomenclatura|barrio|zona (roja|de dificil|peligrosa)"
                    + "|fuera de (cobertura|zona)|no ubica|inubicable"));

    private static final Pattern ACCENTS = Pattern.compile("\\p{M}+");

    /** The cause of a novedad from the carrier's words; null when there are none. */
    public static NovedadCause classify(String reason) {
        if (reason == null || reason.isBlank()) {
            return null;
        }
        String text = ACCENTS.matcher(Normalizer.normalize(reason, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
        for (Rule rule : RULES) {
            if (rule.pattern().matcher(text).find()) {
                return rule.cause();
            }
        }
        return OTHER;
    }

    private record Rule(NovedadCause cause, Pattern pattern) {

        Rule(NovedadCause cause, String regex) {
            this(cause, Pattern.compile(regex));
        }
    }
}
