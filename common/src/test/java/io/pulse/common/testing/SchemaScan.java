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

    /** Each {@code table.column} whose text holds one of the needles, with the number of such rows. */
    public static Map<String, Long> rowsCarrying(List<String> needles) {
        Map<String, Long> found = new LinkedHashMap<>();
        try (Connection c = TestDatabase.connect(TestDatabase.Role.OWNER)) {
            List<String[]> columns = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select c.table_name, c.column_name from"
                            + " information_schema.columns c join information_schema.tables t"
                            + " on t.table_schema = c.table_schema and t.table_name = c.table_name"
                            + " where c.table_schema = 'public' and t.table_type = 'BASE TABLE'"
                            + " and c.table_name <> 'flyway_schema_history'");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            for (String[] column : columns) {
                String sql =
                        "select count(*) from \"" + column[0] + "\" where \"" + column[1] + "\"::text like any (?)";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setArray(
                            1,
                            c.createArrayOf(
                                    "text",
                                    needles.stream().map(n -> "%" + n + "%").toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            found.put(column[0] + "." + column[1], rs.getLong(1));
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
