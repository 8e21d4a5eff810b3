package io.pulse.evidence.packet.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A packet as PDF (PDFBox), laid out from {@link PacketDocument}. The DejaVu Sans fonts are embedded (subset), so the
 * file renders the same on every reader and any script the font covers prints; a character it lacks prints as '?'.
 */
final class PacketPdf {

    private static final String FONTS = "/net/sf/jasperreports/fonts/dejavu/";
    private static final float MARGIN = 56;
    private static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;

    private final PDDocument doc;
    private final PDType0Font regular;
    private final PDType0Font bold;
    private final Map<PDType0Font, Map<Integer, Boolean>> printable = new HashMap<>();
    private PDPageContentStream out;
    private float y;

    private PacketPdf(PDDocument doc) throws IOException {
        this.doc = doc;
        this.regular = font(doc, "DejaVuSans.ttf");
        this.bold = font(doc, "DejaVuSans-Bold.ttf");
    }

    static byte[] render(PacketDocument packet) {
        try (PDDocument doc = new PDDocument()) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(packet.title());
            info.setCreator("PerformancePulse");
            PacketPdf pdf = new PacketPdf(doc);
            pdf.newPage();
            pdf.paragraph(packet.title(), pdf.bold, 18, 0, 8);
            pdf.paragraph(packet.subtitle(), pdf.regular, 9, 0, 14);
            for (PacketDocument.Section section : packet.sections()) {
                pdf.paragraph(section.heading(), pdf.bold, 13, 0, 6);
                for (PacketDocument.Bullet bullet : section.bullets()) {
                    StringBuilder text = new StringBuilder("• ").append(bullet.text());
                    bullet.references().forEach(n -> text.append(" [").append(n).append(']'));
                    pdf.paragraph(text.toString(), pdf.regular, 10.5f, 10, 4);
                }
                pdf.y -= 8;
            }
            if (!packet.references().isEmpty()) {
                pdf.paragraph("Evidence", pdf.bold, 13, 0, 6);
                for (PacketDocument.Reference ref : packet.references()) {
                    String line = ref.number() + ". " + ref.citation().title() + " · " + ref.sourceName() + " · "
                            + ref.day()
                            + (ref.citation().sourceUrl() == null
                                    ? ""
                                    : " · " + ref.citation().sourceUrl())
                            + " · evidence " + ref.citation().evidenceId();
                    pdf.paragraph(line, pdf.regular, 8.5f, 0, 3);
                }
            }
            pdf.out.close();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            doc.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("the packet could not be written as PDF", e);
        }
    }

    private void paragraph(String text, PDType0Font font, float size, float indent, float after) throws IOException {
        float leading = size * 1.35f;
        for (String line : wrap(printable(text, font), font, size, WIDTH - indent)) {
            if (y - leading < MARGIN) {
                out.close();
                newPage();
            }
            y -= leading;
            out.beginText();
            out.setFont(font, size);
            out.newLineAtOffset(MARGIN + indent, y);
            out.showText(line);
            out.endText();
        }
        y -= after;
    }

    private List<String> wrap(String text, PDType0Font font, float size, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (width(candidate, font, size) <= width) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
                line.setLength(0);
            }
            // A word wider than the line (a long URL) is broken where it must be.
            String rest = word;
            while (width(rest, font, size) > width) {
                int cut = rest.length() - 1;
                while (cut > 1 && width(rest.substring(0, cut), font, size) > width) {
                    cut--;
                }
                if (Character.isHighSurrogate(rest.charAt(cut - 1))) {
                    cut--;
                }
                lines.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
            line.append(rest);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static float width(String text, PDType0Font font, float size) throws IOException {
        return font.getStringWidth(text) / 1000 * size;
    }

    /** The text with whitespace normalised and every character the font cannot draw replaced by '?'. */
    private String printable(String text, PDType0Font font) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (Character.isWhitespace(cp) || Character.isISOControl(cp)) {
                out.append(' ');
            } else if (printable
                    .computeIfAbsent(font, f -> new HashMap<>())
                    .computeIfAbsent(cp, c -> canDraw(font, c))) {
                out.appendCodePoint(cp);
            } else {
                out.append('?');
            }
        });
        return out.toString().replaceAll(" {2,}", " ").strip();
    }

    private static boolean canDraw(PDType0Font font, int codePoint) {
        try {
            // Throws for a character the embedded font has no glyph for.
            font.encode(new String(Character.toChars(codePoint)));
            return true;
        } catch (IllegalArgumentException | IOException e) {
            return false;
        }
    }

    private void newPage() throws IOException {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        out = new PDPageContentStream(doc, page);
        y = PDRectangle.A4.getHeight() - MARGIN;
    }

    private static PDType0Font font(PDDocument doc, String name) throws IOException {
        try (InputStream in = PacketPdf.class.getResourceAsStream(FONTS + name)) {
            if (in == null) {
                throw new IOException("font " + name + " is not on the class path");
            }
            return PDType0Font.load(doc, in);
        }
    }
}
