package io.pulse.evidence.attachment.api;

/**
 * An inclusive byte range of a stored object ({@code first <= last < size}).
 *
 * @param first offset of the first byte
 * @param last offset of the last byte
 */
public record ByteRange(long first, long last) {

    public static ByteRange whole(long size) {
        return new ByteRange(0, size - 1);
    }

    public long length() {
        return last - first + 1;
    }
}
