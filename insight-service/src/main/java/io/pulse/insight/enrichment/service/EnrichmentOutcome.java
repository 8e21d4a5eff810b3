package io.pulse.insight.enrichment.service;

/** Outcome of handling one evidence event or row. */
public enum EnrichmentOutcome {
    /** The row was enriched. */
    ENRICHED,
    /** The row changed or disappeared since it was read; nothing written. */
    STALE,
    /** The event was already handled; nothing written. */
    DUPLICATE,
    /** The row already carried this model's enrichment of the event's version (the re-embedding worker's); nothing written. */
    ALREADY_ENRICHED,
    /** The row could not be enriched after bounded attempts; parked as a dead letter, its owner told. */
    PARKED
}
