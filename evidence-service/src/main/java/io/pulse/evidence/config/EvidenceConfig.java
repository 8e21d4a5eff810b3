package io.pulse.evidence.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the evidence-service API and stream. */
@ConfigMapping(prefix = "pulse.evidence")
public interface EvidenceConfig {

    /** Request body limits beyond the shared one ({@code pulse.http.max-body-bytes}). */
    Limits limits();

    /** The Server-Sent Events stream. */
    Stream stream();

    /** Document uploads and attachments: limits, checks and text extraction. */
    Uploads uploads();

    /** Where attachment bytes are stored. */
    Storage storage();

    /** Document uploads and attachments. */
    interface Uploads {
        /** Largest accepted file, in bytes (413 beyond). */
        @WithDefault("52428800")
        long maxFileBytes();

        /** Most files in one request (413 beyond). */
        @WithDefault("10")
        int maxFiles();

        /**
         * Largest multipart request, in bytes, checked on Content-Length before the body is read (413 problem). The
         * transport cap {@code quarkus.http.limits.max-body-size} sits just above it and bounds bodies without
         * Content-Length.
         */
        @WithDefault("104857600")
        long maxRequestBytes();

        /** Most attachments one evidence item may have (409 beyond). */
        @WithDefault("20")
        int maxAttachmentsPerEvidence();

        /** Longest stored file name, in characters; longer names are cut, keeping the extension. */
        @WithDefault("200")
        int maxFileNameChars();

        /** Most characters of extracted text kept as the item's content; longer text is cut with a note. */
        @WithDefault("50000")
        int maxTextChars();

        /** Longest text extraction of one file; then the item keeps the text so far and a note. */
        @WithDefault("30s")
        Duration extractionTimeout();

        /** Threads that extract text; a pathological file can hold at most one of them until its deadline. */
        @WithDefault("2")
        int extractionThreads();

        /**
         * Most bytes a compressed container (DOCX, PPTX, XLSX, ODT: ZIP inside) may expand to; beyond, the file is
         * refused as a decompression bomb (422).
         */
        @WithDefault("268435456")
        long maxExpandedBytes();

        /** Highest expansion ratio of one container entry of more than 1 MiB (422 beyond). */
        @WithDefault("100")
        int maxCompressionRatio();

        /** Most entries in a compressed container (422 beyond). */
        @WithDefault("10000")
        int maxContainerEntries();

        /** Bytes per stored chunk: the unit in which files stream into and out of the store. */
        @WithDefault("262144")
        int chunkBytes();

        /**
         * Accepted content types, as detected from the bytes (Tika); anything else is refused with 415. Images are
         * kept with empty content.
         */
        @WithDefault("application/pdf,"
                + "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
                + "application/vnd.openxmlformats-officedocument.presentationml.presentation,"
                + "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
                + "application/vnd.oasis.opendocument.text,"
                + "text/html,application/xhtml+xml,text/x-web-markdown,text/markdown,text/plain,"
                + "message/rfc822,application/vnd.ms-outlook,"
                + "image/png,image/jpeg,image/gif,image/webp,image/tiff")
        List<String> acceptedTypes();
    }

    /** Where attachment bytes are stored. */
    interface Storage {
        /**
         * The {@code AttachmentStore} implementation: {@code postgres} (chunked bytea rows under row-level security,
         * the only one built in).
         */
        @WithDefault("postgres")
        String type();
    }

    /** Field limits of this service's bodies. */
    interface Limits {
        /** Largest accepted profile preferences object, in bytes of its JSON form. */
        @WithDefault("16384")
        int maxPreferencesBytes();
    }

    /** The Server-Sent Events stream. */
    interface Stream {
        /** Interval of the heartbeat comments that keep idle connections and proxies alive. */
        @WithDefault("15s")
        Duration heartbeat();

        /** Events kept per user for replay after a reconnect with Last-Event-ID. */
        @WithDefault("200")
        int replayEvents();

        /** Oldest event kept for replay. */
        @WithDefault("10m")
        Duration replayAge();

        /** Events buffered for one slow client before its stream is closed (it reconnects and replays). */
        @WithDefault("1000")
        int maxPendingPerClient();
    }
}
