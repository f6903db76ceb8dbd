package org.voipwatch.capture.source;

/**
 * The fields of {@link CaptureInput} that change on every record, padded on both sides (see
 * {@link CacheLinePadding}; the trailing pad is in {@link CaptureInput}). Owned by the reading thread.
 */
abstract class CaptureInputPosition extends CacheLinePadding {
    /** File (or uncompressed-stream) offset of array[0]. */
    long baseOffset;
    /** Next unread byte in the window. */
    int pos;
    /** One past the last loaded byte in the window. */
    int limit;
    boolean eof;
}
