package io.pulse.sync.gitlab.service;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.pulse.sync.gitlab.client.GitLabEvent;

/**
 * Push events grouped per project and UTC day. Left out: pushes already covered by the user's merged MRs (their head
 * commit is one of the MRs' commits), tag pushes, branch deletions, pushes without commits, and days before the
 * first complete day of the window.
 */
final class PushDays {

    private final LocalDate firstDay;
    private final Set<String> covered;
    private final Map<String, Day> days = new TreeMap<>();
    private final Set<String> coveredDays = new HashSet<>();

    /**
     * @param firstDay the first UTC day the events feed covers completely, or null for no limit
     * @param covered commit SHAs of the user's merged MRs seen in this run
     */
    PushDays(LocalDate firstDay, Set<String> covered) {
        this.firstDay = firstDay;
        this.covered = covered;
    }

    void add(GitLabEvent event) {
        GitLabEvent.PushData push = event.pushData();
        if (push == null
                || event.projectId() == null
                || event.createdAt() == null
                || push.commitCount() <= 0
                || "removed".equals(push.action())
                || "tag".equals(push.refType())) {
            return;
        }
        LocalDate day = event.createdAt().atOffset(ZoneOffset.UTC).toLocalDate();
        if (firstDay != null && day.isBefore(firstDay)) {
            return;
        }
        String key = event.projectId() + ":" + day;
        if (covered.contains(push.commitTo() == null ? "" : push.commitTo())) {
            coveredDays.add(key);
            return;
        }
        days.computeIfAbsent(key, k -> new Day(event.projectId(), day, new ArrayList<>()))
                .pushes()
                .add(event);
    }

    /** Whether the project's day had pushes in the feed and every one of them is now part of a merged MR. */
    boolean onlyCovered(String projectId, String day) {
        String key = projectId + ":" + day;
        return coveredDays.contains(key) && !days.containsKey(key);
    }

    List<Day> days() {
        return List.copyOf(days.values());
    }

    /** One project's pushes on one UTC day. */
    record Day(String projectId, LocalDate day, List<GitLabEvent> pushes) {}
}
