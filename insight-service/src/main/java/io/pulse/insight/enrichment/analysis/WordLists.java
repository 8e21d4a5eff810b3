package io.pulse.insight.enrichment.analysis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the analysis vocabularies from {@code src/main/resources/analysis/}, so that tuning a word list is a data
 * change and the classes keep only the algorithms. Files are UTF-8, one entry a line; blank lines and lines starting
 * with {@code #} are skipped. Callers load each list once, into a constant; a missing or malformed file fails class
 * initialisation, so a broken build never analyses text with an empty vocabulary.
 */
public final class WordLists {

    private static final String ROOT = "/analysis/";

    private WordLists() {}

    /** The entries of {@code analysis/<name>.txt}, stripped, in file order. */
    public static List<String> words(String name) {
        return lines(name).stream().map(String::strip).toList();
    }

    /**
     * The {@code entry = weight} lines of {@code analysis/<name>.txt}, in file order. An entry in double quotes is
     * taken verbatim, for the rare one whose surrounding spaces are part of what it matches.
     */
    public static Map<String, Double> weights(String name) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : lines(name)) {
            int eq = line.lastIndexOf('=');
            if (eq < 0) {
                throw new IllegalStateException("analysis/" + name + ".txt: expected 'entry = weight': " + line);
            }
            String entry = line.substring(0, eq).strip();
            if (entry.length() > 1 && entry.startsWith("\"") && entry.endsWith("\"")) {
                entry = entry.substring(1, entry.length() - 1);
            }
            out.put(entry, Double.parseDouble(line.substring(eq + 1).strip()));
        }
        return Collections.unmodifiableMap(out);
    }

    /** The {@code key = text} lines of {@code analysis/<name>.txt}, in file order. */
    public static Map<String, String> phrases(String name) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines(name)) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalStateException("analysis/" + name + ".txt: expected 'key = text': " + line);
            }
            out.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return Collections.unmodifiableMap(out);
    }

    private static List<String> lines(String name) {
        String path = ROOT + name + ".txt";
        InputStream in = WordLists.class.getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("missing resource " + path);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> out = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
