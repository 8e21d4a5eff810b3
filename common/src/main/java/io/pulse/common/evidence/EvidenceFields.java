package io.pulse.common.evidence;

import java.time.Instant;
import java.util.List;

/** The fields a person may write on an evidence item, validated and normalised. */
public record EvidenceFields(
        String title, String content, String category, List<String> tags, String sourceUrl, Instant occurredAt) {

    public EvidenceFields {
        tags = List.copyOf(tags);
    }
}
