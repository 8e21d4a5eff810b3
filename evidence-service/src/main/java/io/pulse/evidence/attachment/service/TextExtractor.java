package io.pulse.evidence.attachment.service;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.tika.config.TikaConfig;
import org.apache.tika.exception.TikaMemoryLimitException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.BodyContentHandler;
import org.apache.tika.sax.ContentHandlerDecorator;
import org.jboss.logging.Logger;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

import io.pulse.evidence.config.EvidenceConfig;
import io.smallrye.mutiny.Uni;

/**
 * Extracts a document's text with Tika, time-boxed, on a small pool of its own, so a pathological file can neither
 * hang a request nor take the event loop or the shared worker pool with it.
 *
 * <p>Two limits apply: the handler stops the parse at the deadline as soon as the parser produces output again
 * (keeping the text so far), and the caller stops waiting at the deadline regardless, interrupting the thread. A
 * parser that loops without output and ignores interrupts keeps its thread until it ends, which is why the pool is
 * bounded ({@code extraction-threads}): at most that many such files at once, never the whole service. Text is capped
 * at {@code max-text-chars} while it is produced, so a huge document never becomes a huge string. Embedded documents
 * (attachments of an e-mail, objects in a slide) are not parsed.
 */
@ApplicationScoped
public class TextExtractor {

    private static final Logger LOG = Logger.getLogger(TextExtractor.class);

    private final Parser parser;
    private final ExecutorService pool;
    private final Duration timeout;
    private final int maxChars;

    public TextExtractor(TikaConfig tika, EvidenceConfig config) {
        this.parser = new AutoDetectParser(tika);
        this.timeout = config.uploads().extractionTimeout();
        this.maxChars = config.uploads().maxTextChars();
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.uploads().extractionThreads(), task -> {
            Thread thread = new Thread(task, "pulse-extract-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The text of the file; images get none. Fails with a 422 for a container bomb that only the parser finds. */
    Uni<Extraction> extract(CheckedFile file, String contentType) {
        if (contentType.startsWith("image/")) {
            return Uni.createFrom().item(Extraction.none());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<Extraction> result = new CompletableFuture<>();
        Future<?> task = pool.submit(() -> {
            try {
                result.complete(parse(file, contentType, deadline));
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        return Uni.createFrom()
                .completionStage(result)
                .ifNoItem()
                .after(timeout.plusSeconds(1))
                .recoverWithItem(() -> {
                    task.cancel(true);
                    LOG.warnf("Text extraction of a %s file gave no result within %s", contentType, timeout);
                    return new Extraction("", Extraction.Outcome.TIMED_OUT, null, null);
                });
    }

    private Extraction parse(CheckedFile file, String contentType, long deadline) {
        Metadata metadata = new Metadata();
        metadata.set(Metadata.CONTENT_TYPE, contentType);
        BodyContentHandler body = new BodyContentHandler(maxChars);
        ParseContext context = new ParseContext();
        context.set(EmbeddedDocumentExtractor.class, new SkipEmbedded());
        Extraction.Outcome outcome = Extraction.Outcome.COMPLETE;
        try (InputStream in = TikaInputStream.get(file.path())) {
            parser.parse(in, new Deadline(body, deadline), metadata, context);
        } catch (Exception e) {
            if (WriteLimitReachedException.isWriteLimitReached(e)) {
                outcome = Extraction.Outcome.TRUNCATED;
            } else if (causedBy(e, DeadlineReached.class)) {
                outcome = Extraction.Outcome.TIMED_OUT;
            } else if (isBomb(e)) {
                throw FileInspector.bomb(file, "expands too far to read");
            } else {
                // Damaged, encrypted or not what its bytes claim: keep the file, without text.
                LOG.infof(
                        "No text from a %s file: %s", contentType, e.getClass().getSimpleName());
                return Extraction.none();
            }
        }
        String text = body.toString();
        return new Extraction(
                text,
                text.isBlank() && outcome == Extraction.Outcome.COMPLETE ? Extraction.Outcome.NO_TEXT : outcome,
                metadata.get(TikaCoreProperties.TITLE),
                created(metadata));
    }

    private static Instant created(Metadata metadata) {
        var date = metadata.getDate(TikaCoreProperties.CREATED);
        return date == null ? null : date.toInstant();
    }

    /** Tika's SecureContentHandler reports an expansion bomb as a TikaException with this message. */
    private static boolean isBomb(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TikaMemoryLimitException
                    || (t.getMessage() != null && t.getMessage().startsWith("Suspected zip bomb"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /** Ends the parse at the deadline (or on interrupt) the next time the parser emits anything. */
    private static final class Deadline extends ContentHandlerDecorator {
        private final long deadline;

        Deadline(ContentHandler handler, long deadline) {
            super(handler);
            this.deadline = deadline;
        }

        private void check() throws SAXException {
            if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
                throw new DeadlineReached();
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            check();
            super.characters(ch, start, length);
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
            check();
            super.ignorableWhitespace(ch, start, length);
        }

        @Override
        public void startElement(String uri, String localName, String name, org.xml.sax.Attributes atts)
                throws SAXException {
            check();
            super.startElement(uri, localName, name, atts);
        }
    }

    private static final class DeadlineReached extends SAXException {
        private static final long serialVersionUID = 1L;

        DeadlineReached() {
            super("text extraction deadline reached");
        }
    }

    /** Embedded documents are not parsed: their text is not the document's, and each is one more thing to bomb. */
    private static final class SkipEmbedded implements EmbeddedDocumentExtractor {
        @Override
        public boolean shouldParseEmbedded(Metadata metadata) {
            return false;
        }

        @Override
        public void parseEmbedded(InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml) {
            // Never called: shouldParseEmbedded is false.
        }
    }
}
