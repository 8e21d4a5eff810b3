package io.pulse.evidence.attachment.service;

import java.nio.file.Path;

/**
 * A file of a request that passed the request-level checks (count, size, name).
 *
 * @param field how problems name it: {@code files[<index>]}
 * @param name the sanitised file name
 * @param path the temporary file holding its bytes
 * @param size its size in bytes
 */
record CheckedFile(String field, String name, Path path, long size) {}
