package io.pulse.evidence.period.service;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.db.RlsSession;
import io.pulse.common.db.SqlStates;
import io.pulse.common.security.CurrentUser;
import io.pulse.common.web.ApiException;
import io.pulse.common.web.FieldChecks;
import io.pulse.common.web.Page;
import io.pulse.common.web.PageRequest;
import io.pulse.evidence.period.api.NewPeriod;
import io.pulse.evidence.period.api.PeriodChange;
import io.pulse.evidence.period.api.PeriodLimits;
import io.pulse.evidence.period.api.PeriodView;
import io.pulse.evidence.period.repository.PeriodRepository;
import io.pulse.evidence.share.service.ShareEvents;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/** The caller's review periods; each use case is one transaction bound to the caller. */
@ApplicationScoped
public class PeriodService {

    private final Pool pool;
    private final PeriodRepository repository;
    private final ShareEvents shares;

    public PeriodService(Pool pool, PeriodRepository repository, ShareEvents shares) {
        this.pool = pool;
        this.repository = repository;
        this.shares = shares;
    }

    public Uni<PeriodView> create(CurrentUser user, NewPeriod input) {
        return Uni.createFrom()
                .item(() -> checked(
                        input == null ? null : input.name(),
                        input == null ? null : input.startDate(),
                        input == null ? null : input.endDate(),
                        input == null))
                .chain(p -> RlsSession.inTransaction(
                                pool,
                                user.id(),
                                conn -> repository.insert(conn, user.id(), UUID.randomUUID(), p.name, p.start, p.end))
                        .onFailure(e -> SqlStates.is(e, SqlStates.UNIQUE_VIOLATION))
                        .transform(e -> duplicateName(p.name)));
    }

    public Uni<PeriodView> get(CurrentUser user, UUID id) {
        return RlsSession.inTransaction(pool, user.id(), conn -> require(conn, user.id(), id));
    }

    public Uni<Page<PeriodView>> list(CurrentUser user, PageRequest page) {
        return RlsSession.inTransaction(
                        pool, user.id(), conn -> repository.list(conn, user.id(), page.after(), page.limit()))
                .map(rows -> page.slice(rows, PeriodRepository::position, view -> view));
    }

    public Uni<PeriodView> update(CurrentUser user, UUID id, PeriodChange change) {
        if (change == null) {
            return Uni.createFrom().failure(ApiException.badRequest("A JSON object body is required"));
        }
        return RlsSession.inTransaction(
                pool,
                user.id(),
                conn -> require(conn, user.id(), id).chain(current -> {
                    Checked p = checked(
                            change.name() == null ? current.name() : change.name(),
                            change.startDate() == null ? current.startDate() : change.startDate(),
                            change.endDate() == null ? current.endDate() : change.endDate(),
                            false);
                    return repository
                            .update(conn, user.id(), id, p.name, p.start, p.end)
                            .onFailure(e -> SqlStates.is(e, SqlStates.UNIQUE_VIOLATION))
                            .transform(e -> duplicateName(p.name));
                }));
    }

    public Uni<Void> delete(CurrentUser user, UUID id) {
        // The packet goes with the period: its shares are revoked first, so the manager's stream hears of it.
        return RlsSession.inTransaction(
                        pool,
                        user.id(),
                        conn -> shares.revokePeriodPacket(conn, user.id(), id)
                                .chain(() -> repository.delete(conn, user.id(), id)))
                .map(deleted -> {
                    if (!deleted) {
                        throw ApiException.notFound("Period");
                    }
                    return null;
                });
    }

    /** The caller's period named by its id or by its name (case-insensitive); 404 when none matches. */
    public Uni<PeriodView> resolve(CurrentUser user, String idOrName) {
        String ref = idOrName == null ? "" : idOrName.strip();
        return RlsSession.inTransaction(pool, user.id(), conn -> {
            UUID id = null;
            try {
                id = UUID.fromString(ref);
            } catch (IllegalArgumentException e) {
                // not an id: a name
            }
            Uni<PeriodView> found =
                    id != null ? repository.find(conn, user.id(), id) : repository.findByName(conn, user.id(), ref);
            return found.map(period -> {
                if (period == null) {
                    throw ApiException.notFound("Period");
                }
                return period;
            });
        });
    }

    /** The caller's period on a connection already bound to them; 404 when they have none with this id. */
    public Uni<PeriodView> require(SqlConnection conn, UUID userId, UUID id) {
        return repository.find(conn, userId, id).map(period -> {
            if (period == null) {
                throw ApiException.notFound("Period");
            }
            return period;
        });
    }

    private static ApiException duplicateName(String name) {
        return ApiException.conflict("A period named '" + name + "' already exists");
    }

    private record Checked(String name, LocalDate start, LocalDate end) {}

    private static Checked checked(String name, LocalDate start, LocalDate end, boolean noBody) {
        if (noBody) {
            throw ApiException.badRequest("A JSON object body is required");
        }
        FieldChecks checks = FieldChecks.forBody();
        String stripped = name == null ? null : name.strip();
        checks.requiredText("name", stripped, PeriodLimits.MAX_NAME);
        if (start == null) {
            checks.error("start_date", "is required");
        } else {
            start = checks.date("start_date", start.toString());
        }
        if (end == null) {
            checks.error("end_date", "is required");
        } else {
            end = checks.date("end_date", end.toString());
        }
        if (start != null && end != null) {
            if (end.isBefore(start)) {
                checks.error("end_date", "must not be before start_date");
            } else if (ChronoUnit.DAYS.between(start, end) >= PeriodLimits.MAX_DAYS) {
                checks.error("end_date", "a period spans at most " + PeriodLimits.MAX_DAYS + " days");
            }
        }
        checks.throwIfInvalid();
        return new Checked(stripped, start, end);
    }
}
