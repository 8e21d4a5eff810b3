package io.pulse.common.db;

/** Names of the configured datasources. */
public final class Datasources {

    /**
     * Background work (enrichment, insight generation, sync, outbox relay) connects as the service role through this
     * reactive datasource. The default datasource is the request role, which row-level security confines to the
     * user bound by {@link RlsSession}.
     */
    public static final String SERVICE = "service";

    /** JDBC datasource of the schema owner, used only to apply Flyway migrations. */
    public static final String MIGRATIONS = "migrations";

    private Datasources() {}
}
