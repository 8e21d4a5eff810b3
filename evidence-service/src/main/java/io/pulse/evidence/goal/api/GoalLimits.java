package io.pulse.evidence.goal.api;

import java.util.List;

/** Sizes and values a goal may have. */
public final class GoalLimits {

    public static final int MAX_TITLE = 200;
    public static final int MAX_DESCRIPTION = 4000;
    public static final int MAX_UNIT = 40;
    public static final int MAX_GOALS_PER_PERIOD = 50;
    public static final int MAX_EVIDENCE_PER_GOAL = 200;
    public static final int MAX_SUGGESTIONS = 20;
    public static final List<String> STATUSES = List.of("not_started", "in_progress", "achieved", "missed", "dropped");

    private GoalLimits() {}
}
