package io.pulse.evidence.goal.service;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.db.RlsSession;
import io.pulse.common.evidence.EvidenceRow;
import io.pulse.common.security.CurrentUser;
import io.pulse.common.web.ApiException;
import io.pulse.common.web.FieldChecks;
import io.pulse.common.web.Page;
import io.pulse.evidence.evidence.repository.EvidenceRepository;
import io.pulse.evidence.goal.api.GoalInput;
import io.pulse.evidence.goal.api.GoalLimits;
import io.pulse.evidence.goal.api.GoalSuggestion;
import io.pulse.evidence.goal.api.GoalView;
import io.pulse.evidence.goal.repository.GoalRepository;
import io.pulse.evidence.goal.repository.GoalRow;
import io.pulse.evidence.insightapi.InsightClient;
import io.pulse.evidence.insightapi.RemoteSearchResult;
import io.pulse.evidence.period.api.PeriodView;
import io.pulse.evidence.period.service.PeriodService;
import io.pulse.evidence.period.service.PeriodWindow;
import io.pulse.evidence.review.api.Citation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/** Goals of the caller's periods and the evidence linked to them; each use case is one transaction bound to the caller. */
@ApplicationScoped
public class GoalService {

    private final Pool pool;
    private final GoalRepository goals;
    private final PeriodService periods;
    private final EvidenceRepository evidence;
    private final InsightClient insight;

    public GoalService(
            Pool pool,
            GoalRepository goals,
            PeriodService periods,
            EvidenceRepository evidence,
            InsightClient insight) {
        this.pool = pool;
        this.goals = goals;
        this.periods = periods;
        this.evidence = evidence;
        this.insight = insight;
    }

    public Uni<GoalView> create(CurrentUser user, UUID periodId, GoalInput input) {
        return Uni.createFrom()
                .item(() -> checked(input))
                .chain(valid -> RlsSession.inTransaction(
                        pool,
                        user.id(),
                        conn -> periods.require(conn, user.id(), periodId)
                                .chain(period -> goals.countOfPeriod(conn, user.id(), periodId))
                                .chain(count -> {
                                    if (count >= GoalLimits.MAX_GOALS_PER_PERIOD) {
                                        throw ApiException.conflict(
                                                "A period has at most " + GoalLimits.MAX_GOALS_PER_PERIOD + " goals");
                                    }
                                    return goals.insert(conn, user.id(), row(UUID.randomUUID(), periodId, valid));
                                })
                                .map(row -> view(row, List.of()))));
    }

    public Uni<Page<GoalView>> ofPeriod(CurrentUser user, UUID periodId) {
        return RlsSession.inTransaction(
                        pool,
                        user.id(),
                        conn -> periods.require(conn, user.id(), periodId)
                                .chain(period -> goals.ofPeriod(conn, user.id(), periodId))
                                .chain(rows -> withEvidence(conn, user.id(), rows)))
                .map(views -> new Page<>(views, null));
    }

    /** The period's goals with their evidence, on a connection already bound to the owner. */
    public Uni<List<GoalView>> goalsOf(SqlConnection conn, UUID userId, UUID periodId) {
        return goals.ofPeriod(conn, userId, periodId).chain(rows -> withEvidence(conn, userId, rows));
    }

    public Uni<GoalView> get(CurrentUser user, UUID id) {
        return RlsSession.inTransaction(
                pool,
                user.id(),
                conn -> require(conn, user.id(), id)
                        .chain(row -> withEvidence(conn, user.id(), List.of(row)))
                        .map(views -> views.get(0)));
    }

    public Uni<GoalView> replace(CurrentUser user, UUID id, GoalInput input) {
        return Uni.createFrom()
                .item(() -> checked(input))
                .chain(valid -> RlsSession.inTransaction(
                        pool,
                        user.id(),
                        conn -> require(conn, user.id(), id)
                                .chain(current -> goals.replace(conn, user.id(), row(id, current.periodId(), valid)))
                                .chain(row -> withEvidence(conn, user.id(), List.of(row)))
                                .map(views -> views.get(0))));
    }

    public Uni<Void> delete(CurrentUser user, UUID id) {
        return RlsSession.inTransaction(pool, user.id(), conn -> goals.delete(conn, user.id(), id))
                .map(deleted -> {
                    if (!deleted) {
                        throw ApiException.notFound("Goal");
                    }
                    return null;
                });
    }

    /**
     * Links one of the caller's items to the goal. Only work of the goal's period counts towards it: an item from
     * outside the period is refused (422), another user's item is not found (404).
     */
    public Uni<GoalView> link(CurrentUser user, UUID goalId, UUID evidenceId) {
        return RlsSession.inTransaction(
                pool,
                user.id(),
                conn -> require(conn, user.id(), goalId)
                        .chain(goal -> periods.require(conn, user.id(), goal.periodId())
                                .chain(period -> evidence.find(conn, evidenceId, user.id())
                                        .chain(item -> {
                                            checkLinkable(item, period);
                                            return goals.countLinked(conn, user.id(), goalId);
                                        }))
                                .chain(count -> {
                                    if (count >= GoalLimits.MAX_EVIDENCE_PER_GOAL) {
                                        throw ApiException.conflict("A goal links at most "
                                                + GoalLimits.MAX_EVIDENCE_PER_GOAL + " evidence items");
                                    }
                                    return goals.link(conn, user.id(), goalId, evidenceId);
                                })
                                .chain(() -> withEvidence(conn, user.id(), List.of(goal)))
                                .map(views -> views.get(0))));
    }

    public Uni<GoalView> unlink(CurrentUser user, UUID goalId, UUID evidenceId) {
        return RlsSession.inTransaction(
                pool,
                user.id(),
                conn -> require(conn, user.id(), goalId)
                        .chain(goal -> goals.unlink(conn, user.id(), goalId, evidenceId)
                                .chain(() -> withEvidence(conn, user.id(), List.of(goal)))
                                .map(views -> views.get(0))));
    }

    /**
     * Evidence of the goal's period that reads like work towards it, found by the product's own search (insight-service,
     * called with the caller's token) against the goal's title and description; items already linked are left out.
     */
    public Uni<List<GoalSuggestion>> suggestions(CurrentUser user, String bearer, UUID goalId, int limit) {
        return RlsSession.inTransaction(
                        pool,
                        user.id(),
                        conn -> require(conn, user.id(), goalId)
                                .chain(goal -> periods.require(conn, user.id(), goal.periodId())
                                        .chain(period -> goals.linked(conn, user.id(), List.of(goalId))
                                                .map(linked -> new SuggestionQuery(
                                                        goal, period, linked.getOrDefault(goalId, List.of()))))))
                .chain(query -> insight.search(
                                bearer,
                                query.text(),
                                Math.min(
                                        GoalLimits.MAX_SUGGESTIONS,
                                        limit + query.linked().size()),
                                null,
                                query.period().startDate(),
                                query.period().endDate())
                        .map(answer -> query.suggestions(answer, limit)));
    }

    private record SuggestionQuery(GoalRow goal, PeriodView period, List<Citation> linked) {
        String text() {
            String text = goal.title() + (goal.description().isBlank() ? "" : ". " + goal.description());
            return text.length() > 1000 ? text.substring(0, 1000) : text;
        }

        List<GoalSuggestion> suggestions(List<RemoteSearchResult.Hit> hits, int limit) {
            Set<UUID> taken = new HashSet<>();
            linked.forEach(c -> taken.add(c.evidenceId()));
            PeriodWindow window = PeriodWindow.of(period);
            return hits.stream()
                    .filter(hit -> hit.occurredAt() != null && window.covers(hit.occurredAt()))
                    .filter(hit -> taken.add(hit.id()))
                    .limit(limit)
                    .map(hit -> new GoalSuggestion(
                            new Citation(hit.id(), hit.title(), hit.source(), null, hit.occurredAt()),
                            hit.similarity(),
                            hit.confidence()))
                    .toList();
        }
    }

    private Uni<GoalRow> require(SqlConnection conn, UUID userId, UUID id) {
        return goals.find(conn, userId, id).map(goal -> {
            if (goal == null) {
                throw ApiException.notFound("Goal");
            }
            return goal;
        });
    }

    private Uni<List<GoalView>> withEvidence(SqlConnection conn, UUID userId, List<GoalRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return goals.linked(conn, userId, rows.stream().map(GoalRow::id).toList())
                .map(linked -> rows.stream()
                        .map(row -> view(row, linked.getOrDefault(row.id(), List.of())))
                        .toList());
    }

    private static void checkLinkable(EvidenceRow item, PeriodView period) {
        if (item == null) {
            throw ApiException.notFound("Evidence");
        }
        if (!PeriodWindow.of(period).covers(item.occurredAt())) {
            FieldChecks.forBody()
                    .error(
                            "evidence_id",
                            "happened on " + item.occurredAt() + ", outside the goal's period (" + period.startDate()
                                    + " to " + period.endDate() + ")")
                    .throwIfInvalid();
        }
    }

    static GoalView view(GoalRow row, List<Citation> linked) {
        Double progress = null;
        if (row.targetValue() != null && row.currentValue() != null) {
            progress = Math.min(
                    1.0,
                    row.currentValue()
                            .divide(row.targetValue(), MathContext.DECIMAL64)
                            .doubleValue());
        }
        return new GoalView(
                row.id(),
                row.periodId(),
                row.title(),
                row.description(),
                row.status(),
                row.targetValue(),
                row.currentValue(),
                row.targetUnit(),
                progress,
                linked,
                row.createdAt(),
                row.updatedAt());
    }

    private static GoalRow row(UUID id, UUID periodId, GoalInput valid) {
        return new GoalRow(
                id,
                periodId,
                valid.title(),
                valid.description(),
                valid.status(),
                valid.targetValue(),
                valid.currentValue(),
                valid.targetUnit(),
                null,
                null);
    }

    private static final BigDecimal MAX_MEASURE = new BigDecimal("1000000000000");

    /** The input with defaults applied, or a 422 naming every bad field. */
    private static GoalInput checked(GoalInput input) {
        if (input == null) {
            throw ApiException.badRequest("A JSON object body is required");
        }
        FieldChecks checks = FieldChecks.forBody();
        String title = input.title() == null ? null : input.title().strip();
        checks.requiredText("title", title, GoalLimits.MAX_TITLE);
        String description =
                input.description() == null ? "" : input.description().strip();
        checks.text("description", description.isEmpty() ? null : description, GoalLimits.MAX_DESCRIPTION);
        String status = input.status() == null ? "not_started" : input.status();
        if (!GoalLimits.STATUSES.contains(status)) {
            checks.error("status", "must be one of " + String.join(", ", GoalLimits.STATUSES));
        }
        if (input.targetValue() != null
                && (input.targetValue().signum() <= 0 || input.targetValue().compareTo(MAX_MEASURE) > 0)) {
            checks.error("target_value", "must be greater than 0 and at most " + MAX_MEASURE);
        }
        if (input.currentValue() != null
                && (input.currentValue().signum() < 0 || input.currentValue().compareTo(MAX_MEASURE) > 0)) {
            checks.error("current_value", "must be between 0 and " + MAX_MEASURE);
        }
        if (input.currentValue() != null && input.targetValue() == null) {
            checks.error("current_value", "needs a target_value to measure against");
        }
        String unit = input.targetUnit() == null || input.targetUnit().isBlank()
                ? null
                : input.targetUnit().strip();
        checks.text("target_unit", unit, GoalLimits.MAX_UNIT);
        checks.throwIfInvalid();
        return new GoalInput(title, description, status, input.targetValue(), input.currentValue(), unit);
    }
}
