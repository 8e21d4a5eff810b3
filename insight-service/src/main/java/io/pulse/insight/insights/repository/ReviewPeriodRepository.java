package io.pulse.insight.insights.repository;

import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads the caller's review periods (owned by evidence-service) to generate insights for one of them. */
@ApplicationScoped
public class ReviewPeriodRepository {

    /** A period's first and last day. */
    public record Days(LocalDate start, LocalDate end) {}

    private static final String FIND_SQL =
            "select start_date, end_date from review_periods where id = $1 and user_id = $2";

    public Uni<Optional<Days>> find(SqlConnection conn, UUID userId, UUID periodId) {
        return conn.preparedQuery(FIND_SQL).execute(Tuple.of(periodId, userId)).map(rows -> {
            var it = rows.iterator();
            if (!it.hasNext()) {
                return Optional.empty();
            }
            Row row = it.next();
            return Optional.of(new Days(row.getLocalDate("start_date"), row.getLocalDate("end_date")));
        });
    }
}
