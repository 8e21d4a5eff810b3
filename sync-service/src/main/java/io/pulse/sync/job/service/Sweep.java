package io.pulse.sync.job.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pulse.common.evidence.SourceItem;

/**
 * What a run saw, skipped and was told is gone, and therefore what it may delete: only items the source positively
 * confirmed gone (404/410) or no longer the user's, and never one the run also stored or skipped. Absence from a
 * listing deletes nothing (pages shift while they are read). Only committed pages count; a failed run deletes nothing.
 * Thread-safe: fetchers report from the fetch pool.
 */
final class Sweep {

    /** How many skipped items the job's result names (the count is always complete). */
    static final int MAX_NOTED = 20;

    private final Set<String> seen = new LinkedHashSet<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();
    private final Set<String> gone = new LinkedHashSet<>();

    /** Records the items of a committed page. */
    synchronized void record(List<SourceItem> page) {
        page.forEach(item -> seen.add(item.sourceId()));
    }

    synchronized void skipped(String sourceId, String reason) {
        skipped.putIfAbsent(sourceId, reason);
    }

    synchronized void gone(Collection<String> sourceIds) {
        gone.addAll(sourceIds);
    }

    /** The ids stored or skipped so far: not candidates for a re-check. */
    synchronized List<String> accounted() {
        List<String> ids = new ArrayList<>(seen);
        ids.addAll(skipped.keySet());
        return ids;
    }

    /** The items to delete. */
    synchronized List<String> deletions() {
        return gone.stream()
                .filter(id -> !seen.contains(id) && !skipped.containsKey(id))
                .toList();
    }

    synchronized int skippedCount() {
        return skipped.size();
    }

    /** The first skipped items with their reasons, for the job's result. */
    synchronized Map<String, String> skippedNotes() {
        Map<String, String> notes = new LinkedHashMap<>();
        skipped.entrySet().stream().limit(MAX_NOTED).forEach(e -> notes.put(e.getKey(), e.getValue()));
        return notes;
    }
}
