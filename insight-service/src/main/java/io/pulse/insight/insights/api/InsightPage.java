package io.pulse.insight.insights.api;

import java.util.List;

/** One page of insights, newest first. */
public record InsightPage(List<InsightView> items, int page, int size, long total) {}
