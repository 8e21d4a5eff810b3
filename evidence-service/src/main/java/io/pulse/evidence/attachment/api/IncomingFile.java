package io.pulse.evidence.attachment.api;

import java.nio.file.Path;

/**
 * A file of a multipart request, already on disk (the transport streams parts to temporary files and deletes them
 * when the request ends).
 *
 * @param clientName the file name the client sent, unchecked (may be null)
 * @param path the temporary file
 * @param size its size in bytes
 */
public record IncomingFile(String clientName, Path path, long size) {}
