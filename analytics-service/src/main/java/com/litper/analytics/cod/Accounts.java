package com.litper.analytics.cod;

import java.util.UUID;

/**
 * The COD ledger's chart of accounts (docs/analytics.md, "Chart of accounts"). A line's amount
 * debits its account when positive and credits it when negative.
 */
final class Accounts {

    /** Money in Litper's bank: carriers' remittances in, payouts to stores out. */
    static final String CASH = "cash";
    /** Clearing account of freight the carriers deducted: debited when a carrier keeps it, credited when it is charged to the store. */
    static final String FREIGHT_EXPENSE = "freight_expense";
    /** Clearing account of the carriers' commission for collecting cash, charged on to the store the same way. */
    static final String COD_COMMISSION = "cod_commission";
    /** Clearing account of the freight carriers charge for bringing a refused or undelivered parcel back. */
    static final String RETURN_FREIGHT = "return_freight";

    private Accounts() {
    }

    /** What a carrier owes Litper: debited with the cash it collects, credited with what it remits or deducts. */
    static String carrierReceivable(String carrier) {
        return "carrier_receivable:" + carrier;
    }

    /** What Litper owes a store: credited with its buyers' cash, debited with the carriers' charges and the payouts. */
    static String storePayable(UUID storeId) {
        return "store_payable:" + storeId;
    }
}
