package io.pulse.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The public shapes of the original design ({@code shared/seed/original-data-models.md}, or the copy of its field
 * lists in this module's test resources for a clone without it): the TypeScript interfaces a client of that design
 * expects, and the columns and CHECK value sets of its four tables. Checks JSON and schemas against them, field by
 * field.
 */
final class OriginalDesign {

    /** A field of an interface: its name, base type, literal value set (empty if none) and nullability. */
    record Field(String name, String type, Set<String> values, boolean nullable) {}

    /** A column of a table and its CHECK value set (empty if none). */
    record Column(String name, Set<String> values) {}

    private static final Pattern TABLE = Pattern.compile("CREATE TABLE (\\w+) \\((.*?)\\n\\);", Pattern.DOTALL);
    private static final Pattern COLUMN = Pattern.compile(
            "^(\\w+)\\s+(UUID|TEXT|REAL|BOOLEAN|INTEGER|JSONB|TIMESTAMP|VECTOR)", Pattern.CASE_INSENSITIVE);
    private static final Pattern CHECK_IN = Pattern.compile("CHECK \\((\\w+) IN \\(([^)]*)\\)\\)");
    private static final Pattern INTERFACE = Pattern.compile("export interface (\\w+) \\{(.*?)\\n\\}", Pattern.DOTALL);
    private static final Pattern MEMBER = Pattern.compile("^\\s*(\\w+): (.+)$");
    private static final Pattern LITERAL = Pattern.compile("'([^']*)'");

    final Map<String, List<Field>> interfaces = new LinkedHashMap<>();
    final Map<String, List<Column>> tables = new LinkedHashMap<>();
    final String origin;

    private OriginalDesign(String text, String origin) {
        this.origin = origin;
        Matcher table = TABLE.matcher(text);
        while (table.find()) {
            Map<String, Set<String>> checks = new LinkedHashMap<>();
            Matcher check = CHECK_IN.matcher(table.group(2));
            while (check.find()) {
                checks.put(check.group(1), literals(check.group(2)));
            }
            List<Column> columns = new ArrayList<>();
            for (String line : table.group(2).split("\\n")) {
                String code = line.replaceAll("--.*", "").strip();
                Matcher column = COLUMN.matcher(code);
                if (column.find()) {
                    columns.add(new Column(column.group(1), checks.getOrDefault(column.group(1), Set.of())));
                }
            }
            tables.put(table.group(1), columns);
        }
        Matcher type = INTERFACE.matcher(text);
        while (type.find()) {
            List<Field> fields = new ArrayList<>();
            for (String line : type.group(2).split("\\n")) {
                Matcher member = MEMBER.matcher(line);
                if (member.find()) {
                    fields.add(field(member.group(1), member.group(2).strip()));
                }
            }
            interfaces.put(type.group(1), fields);
        }
    }

    /** The seed when present beside the repository, else the test resource. */
    static OriginalDesign load() {
        Path seed = Path.of(System.getProperty("pulse.root", "../.."))
                .resolve("../shared/seed/original-data-models.md")
                .toAbsolutePath()
                .normalize();
        try {
            if (Files.isRegularFile(seed)) {
                return new OriginalDesign(Files.readString(seed), seed.toString());
            }
            try (InputStream in =
                    OriginalDesign.class.getResourceAsStream("/original-design/original-data-models.md")) {
                return new OriginalDesign(
                        new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        "test resource original-design/original-data-models.md");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What differs between an API object and the design's interface: a missing field, a value of another type, a
     * value outside the design's set; {@code skipped} names fields the API may leave out (the vector).
     */
    List<String> differences(String interfaceName, JsonNode json, Set<String> skipped) {
        List<String> differences = new ArrayList<>();
        for (Field field : interfaces.get(interfaceName)) {
            if (skipped.contains(field.name())) {
                continue;
            }
            String at = interfaceName + "." + field.name();
            if (!json.has(field.name())) {
                differences.add(at + " is missing");
                continue;
            }
            JsonNode value = json.get(field.name());
            if (value.isNull()) {
                if (!field.nullable()) {
                    differences.add(at + " is null, the design never has it null");
                }
                continue;
            }
            boolean typed = switch (field.type()) {
                case "string" -> value.isTextual();
                case "number" -> value.isNumber();
                case "boolean" -> value.isBoolean();
                case "string[]" -> value.isArray();
                case "Record<string, any>" -> value.isObject();
                default -> true;
            };
            if (!typed) {
                differences.add(at + " is " + value.getNodeType() + ", the design has " + field.type());
            } else if (!field.values().isEmpty() && !field.values().contains(value.asText())) {
                differences.add(at + " = " + value.asText() + " is outside " + field.values());
            }
        }
        return differences;
    }

    /** Where an OpenAPI schema's enum for a design field with a value set differs from that set. */
    List<String> enumDifferences(String interfaceName, JsonNode schema) {
        List<String> differences = new ArrayList<>();
        for (Field field : interfaces.get(interfaceName)) {
            if (field.values().isEmpty()) {
                continue;
            }
            Set<String> documented = new LinkedHashSet<>();
            schema.path("properties").path(field.name()).path("enum").forEach(v -> documented.add(v.asText()));
            if (!documented.equals(field.values())) {
                differences.add(interfaceName + "." + field.name() + " documents " + documented + ", the design "
                        + field.values());
            }
        }
        return differences;
    }

    private static Field field(String name, String declaration) {
        Set<String> values = literals(declaration);
        boolean nullable = false;
        String type = null;
        for (String part : declaration.split("\\|")) {
            String p = part.strip();
            if (p.equals("null")) {
                nullable = true;
            } else if (p.startsWith("'")) {
                type = "string";
            } else {
                type = p;
            }
        }
        return new Field(name, type, values, nullable);
    }

    private static Set<String> literals(String text) {
        Set<String> values = new LinkedHashSet<>();
        Matcher literal = LITERAL.matcher(text);
        while (literal.find()) {
            values.add(literal.group(1));
        }
        return values;
    }
}
