package io.pulse.evidence.attachment.service;

import java.time.Instant;

/**
 * What text extraction produced.
 *
 * @param text the extracted text, at most the configured number of characters, not yet cleaned
 * @param outcome how extraction ended
 * @param title the document's own title, or null
 * @param created when the document says it was created, or null
 */
record Extraction(String text, Outcome outcome, String title, Instant created) {

    /** How extraction ended. */
    enum Outcome {
        /** All text was read. */
        COMPLETE,
        /** There was more text than the limit. */
        TRUNCATED,
        /** The time limit ended it; the text is what was read by then. */
        TIMED_OUT,
        /** Nothing to read (images and scans) or the document could not be read (damaged, encrypted). */
        NO_TEXT
    }

    static Extraction none() {
        return new Extraction("", Outcome.NO_TEXT, null, null);
    }
}
