package io.pulse.evidence.attachment.service;

/**
 * What the bytes of an accepted file are.
 *
 * @param contentType detected from the bytes
 * @param sha256 hex SHA-256
 */
record Inspection(String contentType, String sha256) {}
