package io.pulse.common.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Looks for values anywhere in the schema: every column of every table, read from the catalogue, so a table or column
 * added later is covered without changing the callers (erasure tests).
 */
public final class SchemaScan {

    private SchemaScan() {}

    /**
     * Each {@code table.column} whose text holds one of the needles, with the number of such rows. One pass over each
     * table (a filtered count per column), so a test database that has grown over many runs is still read quickly.
     * Binary columns are left out: their text form is hexadecimal ({@code \\x...}), where no needle (an id with
     * dashes, a name) can appear.
     */
    public static Map<String, Long> rowsCarrying(List<String> needles) {
        Map<String, Long> found = new LinkedHashMap<>();
        try (Connection c = TestDatabase.connect(TestDatabase.Role.OWNER)) {
            Map<String, List<String>> columns = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("select c.table_name, c.column_name from"
                            + " information_schema.columns c join information_schema.tables t"
                            + " on t.table_schema = c.table_schema and t.table_name = c.table_name"
                            + " where c.table_schema = 'public' and t.table_type = 'BASE TABLE'"
                            + " and c.table_name <> 'flyway_schema_history' and c.data_type <> 'bytea'"
                            + " order by c.table_name, c.ordinal_position");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                            .add(rs.getString(2));
                }
            }
            for (Map.Entry<String, List<String>> table : columns.entrySet()) {
                List<String> names = table.getValue();
                StringBuilder sql = new StringBuilder("select ");
                for (int i = 0; i < names.size(); i++) {
                    sql.append(i == 0 ? "" : ", ")
                            .append("count(*) filter (where \"")
                            .append(names.get(i))
                            .append("\"::text like any ($1))");
                }
                sql.append(" from \"").append(table.getKey()).append('"');
                try (PreparedStatement ps = c.prepareStatement(sql.toString().replace("$1", "?::text[]"))) {
                    for (int i = 0; i < names.size(); i++) {
                        ps.setArray(
                                i + 1,
                                c.createArrayOf(
                                        "text",
                                        needles.stream().map(n -> "%" + n + "%").toArray()));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        for (int i = 0; i < names.size(); i++) {
                            if (rs.getLong(i + 1) > 0) {
                                found.put(table.getKey() + "." + names.get(i), rs.getLong(i + 1));
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }
}
