package io.pulse.evidence.export.service;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.pulse.common.db.RlsSession;
import io.pulse.common.security.CurrentUser;
import io.pulse.common.web.ApiException;
import io.pulse.evidence.export.api.ExportView;
import io.pulse.evidence.export.repository.ExportRepository;
import io.pulse.evidence.export.repository.ExportRepository.Chunk;
import io.pulse.evidence.export.repository.ExportRepository.Page.Line;
import io.pulse.evidence.export.repository.ExportRepository.StoredFile;
import io.pulse.evidence.export.repository.ExportTable;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Exports of a whole account. An export is a download its owner may fetch until it expires; the archive is written on
 * the fly, one page of rows or one chunk of a file at a time, each page read in its own transaction bound to the
 * owner, so a large account streams through a buffer of one page rather than being built in memory. What the archive
 * holds is described by the README written into it ({@link ExportReadme}).
 */
@ApplicationScoped
public class ExportService {

    static final int PAGE = 500;
    private static final int CHUNKS = 8;

    private final Pool pool;
    private final ExportRepository repository;
    private final Duration ttl;
    private final Clock clock = Clock.systemUTC();

    public ExportService(
            Pool pool,
            ExportRepository repository,
            @ConfigProperty(name = "pulse.exports.ttl", defaultValue = "PT24H") Duration ttl) {
        this.pool = pool;
        this.repository = repository;
        this.ttl = ttl;
    }

    public Uni<ExportView> create(CurrentUser user) {
        return RlsSession.inTransaction(
                        pool,
                        user.id(),
                        conn -> repository.insert(
                                conn, user.id(), Instant.now(clock).plus(ttl)))
                .map(ExportService::view);
    }

    public Uni<ExportView> get(CurrentUser user, UUID id) {
        return RlsSession.inTransaction(pool, user.id(), conn -> repository.find(conn, user.id(), id))
                .map(row -> view(current(row)));
    }

    /** Checks the export (the caller's, not expired) before the first byte, so a refusal is still a status. */
    public Uni<UUID> open(CurrentUser user, UUID id) {
        return get(user, id).map(ExportView::id);
    }

    /** The archive, as a stream of bytes: README, one JSON Lines file per table, then the attached files. */
    public Multi<Buffer> archive(CurrentUser user) {
        ZipStream zip = new ZipStream();
        Multi<Buffer> readme = Multi.createFrom()
                .items(() -> java.util.stream.Stream.of(
                        zip.begin("README.md"), zip.write(ExportReadme.text().getBytes(StandardCharsets.UTF_8))));
        Multi<Buffer> tables = Multi.createFrom()
                .iterable(ExportTable.ALL)
                .onItem()
                .transformToMultiAndConcatenate(table -> table(user, table, zip));
        Multi<Buffer> files = Multi.createFrom()
                .uni(RlsSession.inTransaction(pool, user.id(), conn -> repository.files(conn, user.id())))
                .onItem()
                .transformToIterable(list -> list)
                .onItem()
                .transformToMultiAndConcatenate(file -> file(user, file, zip));
        Multi<Buffer> end = Multi.createFrom().item(zip::finish);
        return Multi.createBy()
                .concatenating()
                .streams(readme, tables, files, end)
                .filter(buffer -> buffer.length() > 0);
    }

    private Multi<Buffer> table(CurrentUser user, ExportTable table, ZipStream zip) {
        Multi<Buffer> start = Multi.createFrom().item(() -> zip.begin("data/" + table.file()));
        if (!table.paged()) {
            Multi<Buffer> whole = Multi.createFrom()
                    .uni(RlsSession.inTransaction(
                            pool, user.id(), conn -> repository.page(conn, table, user.id(), null, 0)))
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(lines -> zip.write(jsonLines(lines)));
            return Multi.createBy().concatenating().streams(start, whole);
        }
        AtomicReference<UUID> after = new AtomicReference<>();
        Multi<Buffer> pages = Multi.createBy()
                .repeating()
                .uni(() -> RlsSession.inTransaction(
                                pool, user.id(), conn -> repository.page(conn, table, user.id(), after.get(), PAGE))
                        .invoke(lines -> {
                            if (!lines.isEmpty()) {
                                after.set(lines.get(lines.size() - 1).id());
                            }
                        }))
                .whilst(lines -> lines.size() == PAGE)
                // Compressing is CPU work: off the event loop that delivered the rows.
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(lines -> zip.write(jsonLines(lines)));
        return Multi.createBy().concatenating().streams(start, pages);
    }

    private Multi<Buffer> file(CurrentUser user, StoredFile file, ZipStream zip) {
        // Stored names are already safe (no path, no control characters: see uploads); separators never pass.
        String name = "attachments/" + file.evidenceId() + "/" + file.id() + "-"
                + file.fileName().replace('/', '_').replace('\\', '_');
        Multi<Buffer> start = Multi.createFrom().item(() -> zip.begin(name));
        AtomicReference<Long> next = new AtomicReference<>(0L);
        Multi<Buffer> chunks = Multi.createBy()
                .repeating()
                .uni(() -> RlsSession.inTransaction(
                                pool,
                                user.id(),
                                conn -> repository.chunks(conn, user.id(), file.id(), next.get(), CHUNKS))
                        .invoke(list -> {
                            if (!list.isEmpty()) {
                                Chunk last = list.get(list.size() - 1);
                                next.set(last.offset() + last.data().length());
                            }
                        }))
                .whilst(list -> list.size() == CHUNKS)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(list -> {
                    Buffer out = Buffer.buffer();
                    list.forEach(
                            chunk -> out.appendBuffer(zip.write(chunk.data().getBytes())));
                    return out;
                });
        return Multi.createBy().concatenating().streams(start, chunks);
    }

    private static byte[] jsonLines(List<Line> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line.json()).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private ExportRepository.ExportRow current(ExportRepository.ExportRow row) {
        if (row == null) {
            throw ApiException.notFound("Export");
        }
        if (!row.expiresAt().isAfter(Instant.now(clock))) {
            throw new ApiException(410, "Gone", "The export expired at " + row.expiresAt() + "; start a new one");
        }
        return row;
    }

    private static ExportView view(ExportRepository.ExportRow row) {
        return new ExportView(row.id(), row.createdAt(), row.expiresAt(), "/api/v1/exports/" + row.id() + "/archive");
    }
}
