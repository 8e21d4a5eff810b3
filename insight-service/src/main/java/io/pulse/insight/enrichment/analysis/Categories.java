package io.pulse.insight.enrichment.analysis;

import java.util.List;
import java.util.Locale;

/**
 * The work categories enrichment suggests (listed in {@code analysis/categories.txt}; {@link SemanticLabels} reads
 * them from an item's vector, described in {@code analysis/labels.txt}).
 */
public final class Categories {

    public static final List<String> ALL = WordLists.words("categories");

    private Categories() {}

    /** The category name if known (case-insensitive), else null. */
    public static String normalize(String name) {
        if (name == null) {
            return null;
        }
        String n = name.strip().toLowerCase(Locale.ROOT).replace(' ', '-').replace('_', '-');
        if (n.equals("bug-fix") || n.equals("bug")) {
            n = "bugfix";
        }
        if (n.equals("review") || n.equals("codereview")) {
            n = "code-review";
        }
        return ALL.contains(n) ? n : null;
    }
}
