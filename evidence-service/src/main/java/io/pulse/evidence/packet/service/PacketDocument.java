package io.pulse.evidence.packet.service;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pulse.evidence.packet.api.PacketBullet;
import io.pulse.evidence.packet.api.PacketSection;
import io.pulse.evidence.packet.api.PacketView;
import io.pulse.evidence.review.api.Citation;

/**
 * A packet laid out as a document, the one layout Markdown and PDF share: a title, the sections with their bullets
 * each ending in reference numbers, and the numbered references (title, source, date, link and evidence id) that
 * make every claim traceable.
 */
public record PacketDocument(String title, String subtitle, List<Section> sections, List<Reference> references) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    /** A section heading and its bullets (empty sections are left out). */
    public record Section(String heading, List<Bullet> bullets) {}

    /** A bullet's text and the numbers of the references it cites. */
    public record Bullet(String text, List<Integer> references) {}

    /** A numbered reference to one evidence item. */
    public record Reference(int number, Citation citation) {

        public String day() {
            return DAY.format(citation.occurredAt());
        }

        public String sourceName() {
            return switch (citation.source()) {
                case "gitlab" -> "GitLab";
                case "jira" -> "Jira";
                case "upload" -> "Document";
                default -> "Note";
            };
        }
    }

    public static PacketDocument of(PacketView packet) {
        Map<UUID, Reference> references = new LinkedHashMap<>();
        List<Section> sections = new ArrayList<>();
        for (PacketSection section : packet.sections()) {
            if (section.bullets().isEmpty()) {
                continue;
            }
            List<Bullet> bullets = new ArrayList<>();
            for (PacketBullet bullet : section.bullets()) {
                List<Integer> numbers = new ArrayList<>();
                for (Citation citation : bullet.citations()) {
                    numbers.add(references
                            .computeIfAbsent(
                                    citation.evidenceId(), id -> new Reference(references.size() + 1, citation))
                            .number());
                }
                bullets.add(new Bullet(bullet.text(), numbers));
            }
            sections.add(new Section(section.title(), bullets));
        }
        String title = "Review packet: " + packet.period().name();
        String subtitle = packet.period().startDate() + " to " + packet.period().endDate() + " · " + references.size()
                + " cited items, each checked to exist, to be the owner's and to fall in the period";
        return new PacketDocument(title, subtitle, sections, List.copyOf(references.values()));
    }

    /** The packet as Markdown. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# ")
                .append(escape(title))
                .append("\n\n_")
                .append(escape(subtitle))
                .append("_\n");
        for (Section section : sections) {
            md.append("\n## ").append(escape(section.heading())).append("\n\n");
            for (Bullet bullet : section.bullets()) {
                md.append("- ").append(escape(bullet.text()));
                for (int n : bullet.references()) {
                    md.append(" [\\[").append(n).append("\\]](#ref-").append(n).append(')');
                }
                md.append('\n');
            }
        }
        if (!references.isEmpty()) {
            md.append("\n## Evidence\n\n");
            for (Reference ref : references) {
                md.append("<a id=\"ref-")
                        .append(ref.number())
                        .append("\"></a>")
                        .append(ref.number())
                        .append(". ");
                String label = escape(ref.citation().title());
                if (ref.citation().sourceUrl() != null) {
                    md.append('[')
                            .append(label)
                            .append("](")
                            .append(ref.citation().sourceUrl().replace(")", "%29"))
                            .append(')');
                } else {
                    md.append(label);
                }
                md.append(" · ")
                        .append(ref.sourceName())
                        .append(" · ")
                        .append(ref.day())
                        .append(" · evidence `")
                        .append(ref.citation().evidenceId())
                        .append("`\n");
            }
        }
        return md.toString();
    }

    /**
     * Text as Markdown shows it literally: no emphasis, links or HTML from the evidence's own words (text never starts a
     * line, so line-start syntax such as headings cannot occur).
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.replace('\n', ' ').replace('\r', ' ').toCharArray()) {
            if ("\\`*_[]<>|~".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
