package com.litper.analytics.report;

import java.util.Map;

/** The Spanish words reports use for Litper's statuses and novedad causes. */
final class ReportLabels {

    private static final Map<String, String> STATUSES = Map.of(
            "CREATED", "Creado",
            "PICKED_UP", "Recogido",
            "IN_TRANSIT", "En tránsito",
            "OUT_FOR_DELIVERY", "En reparto",
            "DELIVERED", "Entregado",
            "EXCEPTION", "Novedad",
            "RETURNED", "Devuelto",
            "CANCELLED", "Anulado");

    private static final Map<String, String> CAUSES = Map.of(
            "BUYER_ABSENT", "Destinatario ausente",
            "WRONG_ADDRESS", "Dirección errada",
            "REFUSED", "Rechazado",
            "BUYER_RESCHEDULED", "Reprogramado por el destinatario",
            "DAMAGED", "Averiado",
            "OTHER", "Otra");

    private static final Map<String, String> COD_FLAGS = Map.of(
            "MISSING", "Sin liquidar",
            "SHORT", "Giro incompleto",
            "DUPLICATE", "Guía repetida en la liquidación",
            "UNKNOWN_GUIDE", "Guía desconocida");

    private ReportLabels() {
    }

    /** The status in Spanish; a status this release does not know is shown as it came. */
    static String status(String status) {
        return status == null ? null : STATUSES.getOrDefault(status, status);
    }

    static String cause(String cause) {
        return cause == null ? null : CAUSES.getOrDefault(cause, cause);
    }

    /** A COD reconciliation flag (MISSING, SHORT…) in Spanish; one this release does not know is shown as it came. */
    static String codFlag(String flag) {
        return flag == null ? null : COD_FLAGS.getOrDefault(flag, flag);
    }
}
