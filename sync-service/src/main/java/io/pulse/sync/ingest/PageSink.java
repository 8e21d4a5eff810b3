package io.pulse.sync.ingest;

import java.util.List;

/** Receives the items of one source page; each call is stored in one transaction (all or nothing). */
@FunctionalInterface
public interface PageSink {

    void accept(List<EvidenceItem> page);
}
