package com.litper.analytics.facts;

import java.time.LocalDate;
import java.util.UUID;

/** A store's day (America/Bogota): the unit {@code daily_rollup} rows are recomputed by. */
public record StoreDay(UUID storeId, LocalDate day) {
}
