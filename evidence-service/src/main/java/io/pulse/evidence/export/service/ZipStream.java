package io.pulse.evidence.export.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.vertx.core.buffer.Buffer;

/**
 * A ZIP archive written piece by piece: each call returns the bytes it produced, to be sent before the next piece is
 * read, so an archive of any size passes through a buffer of one piece. Not thread-safe: one archive is written by
 * one sequential stream.
 */
final class ZipStream {

    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
    private final ZipOutputStream zip = new ZipOutputStream(sink, StandardCharsets.UTF_8);

    Buffer begin(String name) {
        try {
            zip.putNextEntry(new ZipEntry(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return drain();
    }

    Buffer write(byte[] bytes) {
        try {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return drain();
    }

    Buffer finish() {
        try {
            zip.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return drain();
    }

    private Buffer drain() {
        Buffer bytes = Buffer.buffer(sink.toByteArray());
        sink.reset();
        return bytes;
    }
}
