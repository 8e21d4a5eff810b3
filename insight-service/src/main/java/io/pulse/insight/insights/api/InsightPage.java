package io.pulse.insight.insights.api;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One page of insights, newest first. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InsightPage(List<InsightView> items, int page, int size, long total) {}
