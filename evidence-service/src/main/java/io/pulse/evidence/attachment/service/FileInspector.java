package io.pulse.evidence.attachment.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;

import io.pulse.common.web.ApiException;
import io.pulse.common.web.Problem;
import io.pulse.evidence.config.EvidenceConfig;

/**
 * Looks at the bytes of an uploaded file (blocking; run it on a worker thread): its SHA-256, whether it is a
 * compressed container that expands too far (a decompression bomb, 422), and its content type, detected from the
 * bytes by Tika, never taken from the client (415 unless accepted). The file name only refines plain text into one
 * of its accepted subtypes (Markdown is plain text to a byte sniffer); it can never turn unknown bytes into a PDF.
 */
@ApplicationScoped
public class FileInspector {

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final long RATIO_GRACE_BYTES = 1 << 20;

    private final Detector detector;
    private final TikaConfig tika;
    private final MediaTypeRegistry registry;
    private final Set<String> accepted;
    private final EvidenceConfig.Uploads limits;

    public FileInspector(TikaConfig tika, EvidenceConfig config) {
        this.tika = tika;
        this.detector = tika.getDetector();
        this.registry = tika.getMediaTypeRegistry();
        this.limits = config.uploads();
        this.accepted = Set.copyOf(limits.acceptedTypes().stream()
                .map(t -> t.strip().toLowerCase(Locale.ROOT))
                .toList());
    }

    Inspection inspect(CheckedFile file) {
        String sha256 = sha256(file.path());
        if (isZip(file.path())) {
            checkContainer(file);
        }
        String type = detect(file);
        if (!accepted.contains(type)) {
            throw new ApiException(
                    415,
                    "Unsupported Media Type",
                    "A file's content is of a type that is not accepted",
                    null,
                    List.of(new Problem.FieldError(file.field(), "is " + type + ", which is not accepted")));
        }
        return new Inspection(type, sha256);
    }

    private String detect(CheckedFile file) {
        MediaType type;
        try (TikaInputStream in = TikaInputStream.get(file.path())) {
            type = registry.normalize(detector.detect(in, new Metadata())).getBaseType();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (type.equals(MediaType.TEXT_PLAIN)) {
            Metadata byName = new Metadata();
            byName.set(TikaCoreProperties.RESOURCE_NAME_KEY, file.name());
            try {
                MediaType named = registry.normalize(tika.getMimeRepository().detect(null, byName))
                        .getBaseType();
                if (registry.isSpecializationOf(named, MediaType.TEXT_PLAIN) && accepted.contains(named.toString())) {
                    type = named;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return type.toString();
    }

    /**
     * Expands every entry while counting, without keeping anything: the declared sizes in a ZIP directory can lie, the
     * inflated bytes cannot. Refuses too many entries, too many bytes in total, or an entry that inflates more than
     * {@code max-compression-ratio} times its compressed size.
     */
    private void checkContainer(CheckedFile file) {
        long total = 0;
        int entries = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipFile zip = new ZipFile(file.path().toFile())) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                if (++entries > limits.maxContainerEntries()) {
                    throw bomb(file, "has more than " + limits.maxContainerEntries() + " entries");
                }
                long compressed = Math.max(1, entry.getCompressedSize());
                long expanded = 0;
                try (InputStream in = zip.getInputStream(entry)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        expanded += n;
                        total += n;
                        if (total > limits.maxExpandedBytes()) {
                            throw bomb(file, "expands to more than " + limits.maxExpandedBytes() + " bytes");
                        }
                        if (expanded > RATIO_GRACE_BYTES && expanded / compressed > limits.maxCompressionRatio()) {
                            throw bomb(
                                    file,
                                    "has an entry that expands more than " + limits.maxCompressionRatio() + " times");
                        }
                    }
                }
            }
        } catch (ZipException e) {
            throw ApiException.invalid(
                    "A file is not a readable archive",
                    List.of(new Problem.FieldError(file.field(), "is a damaged compressed container")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ApiException bomb(CheckedFile file, String why) {
        return ApiException.invalid(
                "A file looks like a decompression bomb",
                List.of(new Problem.FieldError(file.field(), "is a compressed container that " + why)));
    }

    private static boolean isZip(Path path) {
        byte[] head = new byte[ZIP_MAGIC.length];
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(head, 0, head.length) == head.length && java.util.Arrays.equals(head, ZIP_MAGIC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
