package io.pulse.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulse.common.testing.TestDatabase;
import io.pulse.common.testing.TestTokens;
import io.pulse.system.PackagedStack.Service;
import io.restassured.http.ContentType;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The original design's public shapes are kept (see {@link OriginalDesign}): every column of its four tables exists
 * under its name with its CHECK value set, and the packaged services' JSON for a profile and an evidence item carries
 * every field of its interfaces under the same name, type and value set (the vector excepted), as do the documents'
 * enums. The insight's JSON is checked on a real insight in {@link GeneratedClientContractTest}.
 */
class OriginalDesignShapesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    private static PackagedStack stack;
    private static OriginalDesign design;

    @BeforeAll
    static void start() {
        stack = PackagedStack.get();
        design = OriginalDesign.load();
    }

    @Test
    void designIsRead() {
        assertThat(design.tables).as(design.origin).containsKeys("profiles", "evidence", "insights", "sync_jobs");
        assertThat(design.interfaces).as(design.origin).containsKeys("Profile", "Evidence", "Insight");
        assertThat(design.tables.get("sync_jobs"))
                .contains(new OriginalDesign.Column("source", Set.of("gitlab", "jira", "manual")));
    }

    @Test
    void everyColumnOfTheDesignExistsWithItsValueSet() throws Exception {
        List<String> differences = new ArrayList<>();
        try (Connection c = TestDatabase.connect(TestDatabase.Role.OWNER)) {
            for (var table : design.tables.entrySet()) {
                Set<String> columns = columns(c, table.getKey());
                List<String> checks = checks(c, table.getKey());
                for (OriginalDesign.Column column : table.getValue()) {
                    if (!columns.contains(column.name())) {
                        differences.add(table.getKey() + "." + column.name() + " is missing");
                    } else if (!column.values().isEmpty()) {
                        Set<String> allowed = allowedValues(checks, column.name());
                        if (!allowed.equals(column.values())) {
                            differences.add(table.getKey() + "." + column.name() + " allows " + allowed
                                    + ", the design " + column.values());
                        }
                    }
                }
            }
        }
        assertThat(differences).as("deviations from " + design.origin).isEmpty();
    }

    @Test
    void profileAndEvidenceJsonCarryTheDesignsFields() throws Exception {
        String token = TestTokens.individual(TestTokens.newSubject());
        String evidence = stack.uri(Service.EVIDENCE).toString();
        JsonNode profile = JSON.readTree(given().baseUri(evidence)
                .auth()
                .oauth2(token)
                .get("/api/v1/profile")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        String id = given().baseUri(evidence)
                .auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body("""
                        {"title": "Wrote the runbook for the payment retries",
                         "content": "Documented how to replay failed payment webhooks safely.", "tags": ["docs"]}""")
                .post("/api/v1/evidence")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        JsonNode item = JSON.readTree(given().baseUri(evidence)
                .auth()
                .oauth2(token)
                .get("/api/v1/evidence/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString());

        assertThat(design.differences("Profile", profile, Set.of())).isEmpty();
        assertThat(design.differences("Evidence", item, Set.of("embedding"))).isEmpty();
        assertThat(item.get("category").asText())
                .as("the design's default category")
                .isEqualTo("general");
        assertThat(item.get("user_id").asText()).isEqualTo(profile.get("id").asText());
    }

    @Test
    void documentedEnumsAreTheDesignsValueSets() throws Exception {
        JsonNode evidence = document(Service.EVIDENCE);
        JsonNode insight = document(Service.INSIGHT);
        assertThat(design.enumDifferences("Profile", evidence.at("/components/schemas/Profile")))
                .isEmpty();
        assertThat(design.enumDifferences("Evidence", evidence.at("/components/schemas/Evidence")))
                .isEmpty();
        assertThat(design.enumDifferences("Insight", insight.at("/components/schemas/Insight")))
                .isEmpty();
    }

    private static JsonNode document(Service service) throws Exception {
        return JSON.readTree(given().baseUri(stack.uri(service).toString())
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    private static Set<String> columns(Connection c, String table) throws Exception {
        Set<String> names = new LinkedHashSet<>();
        try (PreparedStatement s = c.prepareStatement(
                "select column_name from information_schema.columns where table_schema = current_schema()"
                        + " and table_name = ?")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    names.add(r.getString(1));
                }
            }
        }
        return names;
    }

    private static List<String> checks(Connection c, String table) throws Exception {
        List<String> definitions = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "select pg_get_constraintdef(oid) from pg_constraint where conrelid = ?::regclass and contype = 'c'")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    definitions.add(r.getString(1));
                }
            }
        }
        return definitions;
    }

    /** The literals of the CHECK constraint that limits the column to a value set ({@code col = ANY (ARRAY[...])}). */
    private static Set<String> allowedValues(List<String> checks, String column) {
        for (String check : checks) {
            if (check.matches("(?s)CHECK \\(\\(?" + column + " = ANY \\(.*")) {
                Set<String> values = new LinkedHashSet<>();
                Matcher quoted = QUOTED.matcher(check);
                while (quoted.find()) {
                    values.add(quoted.group(1));
                }
                return values;
            }
        }
        return Set.of();
    }
}
