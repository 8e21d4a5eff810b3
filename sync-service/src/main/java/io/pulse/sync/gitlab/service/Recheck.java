package io.pulse.sync.gitlab.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.pulse.common.evidence.SourceItem;
import io.pulse.sync.ingest.PageSink;

/**
 * What looking up one unlisted item found: it is still the user's ({@code item}), the source confirmed it gone or no
 * longer theirs ({@code gone}), or neither (kept as stored: skipped, or nothing to decide on).
 */
record Recheck(SourceItem item, boolean confirmedGone) {

    static Recheck of(Optional<SourceItem> item) {
        return new Recheck(item.orElse(null), false);
    }

    static Recheck orGone(Optional<SourceItem> item) {
        return item.map(i -> new Recheck(i, false)).orElseGet(Recheck::goneAtSource);
    }

    static Recheck goneAtSource() {
        return new Recheck(null, true);
    }

    static Recheck keep() {
        return new Recheck(null, false);
    }

    /** Writes the items still the user's as one page and reports the gone ones. */
    static void apply(PageSink sink, List<String> sourceIds, List<Recheck> verdicts) {
        List<SourceItem> present = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        for (int i = 0; i < verdicts.size(); i++) {
            Recheck verdict = verdicts.get(i);
            if (verdict.item() != null) {
                present.add(verdict.item());
            } else if (verdict.confirmedGone()) {
                gone.add(sourceIds.get(i));
            }
        }
        if (!present.isEmpty()) {
            sink.accept(present);
        }
        if (!gone.isEmpty()) {
            sink.gone(gone);
        }
    }
}
