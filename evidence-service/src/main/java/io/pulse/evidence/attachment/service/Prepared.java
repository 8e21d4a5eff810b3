package io.pulse.evidence.attachment.service;

/** A file that passed every check, with what its bytes are and (for uploads) the text they hold. */
record Prepared(CheckedFile file, Inspection inspection, Extraction extraction) {}
