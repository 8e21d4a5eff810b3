package io.pulse.evidence.packet.service;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import io.pulse.evidence.review.api.Citation;

import static org.assertj.core.api.Assertions.assertThat;

class PacketPdfTest {

    @Test
    void anyTextPrintsAndLongPacketsFlowOntoMorePages() throws IOException {
        UUID id = UUID.randomUUID();
        Citation citation = new Citation(
                id,
                "Ünïcödé title — with an emoji \uD83D\uDE80 and CJK 漢字",
                "gitlab",
                "https://gitlab.example.com/group/project/-/merge_requests/1?" + "x".repeat(300),
                Instant.parse("2026-09-14T10:00:00Z"));
        List<PacketDocument.Bullet> bullets = new java.util.ArrayList<>();
        for (int i = 0; i < 120; i++) {
            bullets.add(new PacketDocument.Bullet("Bullet " + i + " " + "word ".repeat(40), List.of(1)));
        }
        PacketDocument doc = new PacketDocument(
                "Review packet: H2 2026",
                "2026-07-01 to 2026-12-31",
                List.of(new PacketDocument.Section("Achievements", bullets)),
                List.of(new PacketDocument.Reference(1, citation)));

        byte[] pdf = PacketPdf.render(doc);

        try (PDDocument loaded = Loader.loadPDF(pdf)) {
            assertThat(loaded.getNumberOfPages()).isGreaterThan(3);
            String text = new PDFTextStripper().getText(loaded);
            assertThat(text).contains("Review packet: H2 2026", "Bullet 119", "Ünïcödé title", id.toString());
        }
    }
}
