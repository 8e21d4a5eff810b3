package io.pulse.insight.enrichment.analysis;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The work categories enrichment suggests, and the vocabulary that signals each. */
public final class Categories {

    public static final List<String> ALL = List.of(
            "feature",
            "bugfix",
            "code-review",
            "documentation",
            "incident",
            "planning",
            "mentoring",
            "performance",
            "testing",
            "infrastructure");

    /** Stems (prefix match on lower-case words) or phrases that signal a category, with their weight. */
    static final Map<String, Map<String, Double>> SIGNALS = Map.of(
            "feature",
                    Map.ofEntries(
                            Map.entry("feature", 2.0),
                            Map.entry("implement", 1.5),
                            Map.entry("launch", 1.5),
                            Map.entry("ship", 1.2),
                            Map.entry("endpoint", 1.0),
                            Map.entry("new ", 0.5),
                            Map.entry("add", 0.8),
                            Map.entry("build", 0.6),
                            Map.entry("user-facing", 1.2),
                            Map.entry("release", 0.8),
                            Map.entry("api", 0.6),
                            Map.entry("support for", 1.0)),
            "bugfix",
                    Map.ofEntries(
                            Map.entry("bug", 2.0),
                            Map.entry("fix", 1.8),
                            Map.entry("defect", 1.8),
                            Map.entry("regression", 1.5),
                            Map.entry("crash", 1.5),
                            Map.entry("null pointer", 1.5),
                            Map.entry("root cause", 1.0),
                            Map.entry("broken", 1.2),
                            Map.entry("error", 0.6),
                            Map.entry("patch", 1.0),
                            Map.entry("hotfix", 2.0),
                            Map.entry("wrong", 0.8)),
            "code-review",
                    Map.ofEntries(
                            Map.entry("review", 2.0),
                            Map.entry("merge request", 1.2),
                            Map.entry("pull request", 1.2),
                            Map.entry("approv", 1.2),
                            Map.entry("feedback on", 1.0),
                            Map.entry("comment", 0.6),
                            Map.entry("reviewer", 2.0),
                            Map.entry("suggest", 0.6)),
            "documentation",
                    Map.ofEntries(
                            Map.entry("document", 2.0),
                            Map.entry("docs", 2.0),
                            Map.entry("readme", 2.0),
                            Map.entry("runbook", 1.8),
                            Map.entry("guide", 1.5),
                            Map.entry("wiki", 1.5),
                            Map.entry("adr", 1.5),
                            Map.entry("write-up", 1.2),
                            Map.entry("tutorial", 1.5),
                            Map.entry("onboarding doc", 1.5)),
            "incident",
                    Map.ofEntries(
                            Map.entry("incident", 2.5),
                            Map.entry("outage", 2.5),
                            Map.entry("on-call", 2.0),
                            Map.entry("oncall", 2.0),
                            Map.entry("postmortem", 2.0),
                            Map.entry("post-mortem", 2.0),
                            Map.entry("page", 0.8),
                            Map.entry("sev", 1.5),
                            Map.entry("mitigat", 1.5),
                            Map.entry("downtime", 2.0),
                            Map.entry("rollback", 1.2),
                            Map.entry("degrad", 1.0)),
            "planning",
                    Map.ofEntries(
                            Map.entry("plan", 2.0),
                            Map.entry("roadmap", 2.0),
                            Map.entry("estimat", 1.5),
                            Map.entry("sprint", 1.2),
                            Map.entry("design doc", 1.5),
                            Map.entry("proposal", 1.5),
                            Map.entry("rfc", 1.5),
                            Map.entry("scope", 1.0),
                            Map.entry("milestone", 1.2),
                            Map.entry("prioriti", 1.5),
                            Map.entry("okr", 1.5),
                            Map.entry("backlog", 1.2)),
            "mentoring",
                    Map.ofEntries(
                            Map.entry("mentor", 2.5),
                            Map.entry("coach", 2.0),
                            Map.entry("pair", 1.5),
                            Map.entry("onboard", 1.8),
                            Map.entry("taught", 1.5),
                            Map.entry("teach", 1.5),
                            Map.entry("junior", 1.5),
                            Map.entry("intern", 1.5),
                            Map.entry("new hire", 1.8),
                            Map.entry("workshop", 1.2),
                            Map.entry("knowledge shar", 1.5),
                            Map.entry("helped", 0.8)),
            "performance",
                    Map.ofEntries(
                            Map.entry("performance", 2.0),
                            Map.entry("latency", 2.0),
                            Map.entry("throughput", 2.0),
                            Map.entry("faster", 1.5),
                            Map.entry("slow", 1.2),
                            Map.entry("optimi", 1.8),
                            Map.entry("cache", 1.2),
                            Map.entry("p99", 2.0),
                            Map.entry("p95", 2.0),
                            Map.entry("memory", 1.0),
                            Map.entry("cpu", 1.0),
                            Map.entry("query plan", 1.5),
                            Map.entry("index", 0.8)),
            "testing",
                    Map.ofEntries(
                            Map.entry("test", 2.0),
                            Map.entry("coverage", 2.0),
                            Map.entry("flaky", 2.0),
                            Map.entry("qa", 1.2),
                            Map.entry("assert", 1.2),
                            Map.entry("e2e", 1.5),
                            Map.entry("end-to-end", 1.5),
                            Map.entry("unit", 1.0),
                            Map.entry("fixture", 1.2),
                            Map.entry("mock", 1.2)),
            "infrastructure",
                    Map.ofEntries(
                            Map.entry("infrastructure", 2.0),
                            Map.entry("kubernetes", 2.0),
                            Map.entry("k8s", 2.0),
                            Map.entry("terraform", 2.0),
                            Map.entry("pipeline", 1.5),
                            Map.entry("ci", 1.0),
                            Map.entry("deploy", 1.5),
                            Map.entry("docker", 1.8),
                            Map.entry("helm", 1.8),
                            Map.entry("cluster", 1.5),
                            Map.entry("monitoring", 1.5),
                            Map.entry("alert", 1.0),
                            Map.entry("migrat", 1.0),
                            Map.entry("upgrade", 1.0)));

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
