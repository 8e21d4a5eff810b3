package io.pulse.evidence.mcp.service;

import java.util.List;

import io.pulse.evidence.mcp.api.PeriodSummary.Tally;

/** What a period's evidence consists of: the total and three breakdowns, largest first. */
public record PeriodCounts(long total, List<Tally> bySource, List<Tally> byCategory, List<Tally> bySuggestedCategory) {}
