package io.pulse.evidence.packet.service;

import java.nio.charset.StandardCharsets;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulse.evidence.packet.api.PacketView;

/** The three export formats of a packet, all from the same checked {@link PacketView}. */
@ApplicationScoped
public class PacketExport {

    public static final List<String> FORMATS = List.of("markdown", "pdf", "json");

    /** An exported file: its bytes, media type and file name. */
    public record File(byte[] bytes, String mediaType, String fileName) {}

    private final ObjectMapper json;

    public PacketExport(ObjectMapper json) {
        this.json = json;
    }

    public File export(PacketView packet, String format) {
        String base = "review-packet-" + slug(packet.period().name());
        return switch (format) {
            case "markdown" ->
                new File(
                        PacketDocument.of(packet).markdown().getBytes(StandardCharsets.UTF_8),
                        "text/markdown; charset=UTF-8",
                        base + ".md");
            case "pdf" -> new File(PacketPdf.render(PacketDocument.of(packet)), "application/pdf", base + ".pdf");
            case "json" -> new File(write(packet), "application/json", base + ".json");
            default -> throw new IllegalArgumentException("unknown format " + format);
        };
    }

    private byte[] write(PacketView packet) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(packet);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a packet view is always serialisable", e);
        }
    }

    /** A file-name-safe form of the period's name (ASCII letters, digits and dashes). */
    static String slug(String name) {
        String slug = name.toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-|-$)", "");
        return slug.isEmpty() ? "period" : slug;
    }
}
