package io.pulse.common.db;

import io.vertx.pgclient.PgException;

/** The PostgreSQL error states services turn into answers (a constraint the caller broke is a 4xx, not a 500). */
public final class SqlStates {

    public static final String UNIQUE_VIOLATION = "23505";
    public static final String FOREIGN_KEY_VIOLATION = "23503";
    public static final String CHECK_VIOLATION = "23514";
    /** A row-level security WITH CHECK refused the row. */
    public static final String POLICY_VIOLATION = "42501";

    private SqlStates() {}

    /** Whether {@code failure} is a PostgreSQL error with this state. */
    public static boolean is(Throwable failure, String state) {
        return failure instanceof PgException pg && state.equals(pg.getSqlState());
    }

    /** The name of the constraint {@code failure} broke, or "" when it names none. */
    public static String constraint(Throwable failure) {
        return failure instanceof PgException pg && pg.getConstraint() != null ? pg.getConstraint() : "";
    }
}
