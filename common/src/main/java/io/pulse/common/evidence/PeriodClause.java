package io.pulse.common.evidence;

/**
 * The one SQL definition of "in a review period": evidence is in a period when it happened on one of the period's
 * days, in UTC; an insight is in it when the span it was generated for overlaps the period. The period must be the
 * same user's, so another user's period id matches nothing. Used by every list and search that takes
 * {@code period_id}.
 */
public final class PeriodClause {

    private PeriodClause() {}

    /** {@code " and exists (...)"}: the evidence row aliased {@code alias} happened within period {@code $param}. */
    public static String evidenceWithin(String alias, int param) {
        return " and exists (select 1 from review_periods rp where rp.id = $" + param + " and rp.user_id = " + alias
                + ".user_id and " + alias + ".occurred_at >= (rp.start_date::timestamp at time zone 'UTC') and "
                + alias + ".occurred_at < ((rp.end_date + 1)::timestamp at time zone 'UTC'))";
    }

    /** {@code " and exists (...)"}: the insight row aliased {@code alias} was generated for a span overlapping it. */
    public static String insightWithin(String alias, int param) {
        return " and exists (select 1 from review_periods rp where rp.id = $" + param + " and rp.user_id = " + alias
                + ".user_id and (" + alias + ".period_start is null or " + alias + ".period_start <= rp.end_date)"
                + " and (" + alias + ".period_end is null or " + alias + ".period_end >= rp.start_date))";
    }
}
