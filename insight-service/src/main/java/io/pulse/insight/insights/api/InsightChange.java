package io.pulse.insight.insights.api;

/**
 * What a user may change on an insight; null fields are left as they are.
 *
 * @param setFeedback whether {@code feedback} is to be written (null then clears it)
 */
public record InsightChange(Boolean validated, Boolean rejected, boolean setFeedback, String feedback) {}
