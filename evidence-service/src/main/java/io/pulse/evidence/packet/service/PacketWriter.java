package io.pulse.evidence.packet.service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.pulse.evidence.goal.api.GoalView;
import io.pulse.evidence.packet.api.PacketLimits;
import io.pulse.evidence.packet.repository.BulletDraft;
import io.pulse.evidence.packet.repository.PacketSourceRepository.SourceInsight;
import io.pulse.evidence.packet.repository.PacketSourceRepository.SourceItem;
import io.pulse.evidence.review.api.Citation;

/**
 * Writes a packet's bullets from what the product already knows, with no LLM of its own: each insight becomes a
 * bullet of its section citing its evidence, each goal a progress bullet citing its linked evidence, and when the
 * period has no achievement insight the latest delivered work stands in. With an LLM configured the insights' prose
 * is the LLM's, so the packet's is too; the citation check is the same either way: only ids in {@code valid} survive,
 * and a bullet left with none is not written.
 */
final class PacketWriter {

    static final Map<String, String> SECTION_OF_TYPE = Map.of(
            "achievement", "achievements",
            "strength", "strengths",
            "improvement", "growth_areas",
            "trend", "trends");

    private PacketWriter() {}

    static List<BulletDraft> draft(
            List<SourceInsight> insights,
            List<GoalView> goals,
            List<SourceItem> delivered,
            Set<UUID> valid,
            Set<UUID> keptInsights,
            Set<UUID> keptGoals) {
        List<BulletDraft> drafts = new ArrayList<>();
        Map<String, Integer> perSection = new LinkedHashMap<>();
        // Two insights that say the same thing about the same items (e.g. written by two generations of an
        // overlapping span) make one bullet.
        Set<String> said = new HashSet<>();
        for (SourceInsight insight : insights) {
            String section = SECTION_OF_TYPE.get(insight.type());
            List<UUID> cited = cited(insight.evidenceIds(), valid);
            if (section == null
                    || cited.isEmpty()
                    || keptInsights.contains(insight.id())
                    || !said.add(section + '\n' + text(insight) + '\n' + new java.util.TreeSet<>(cited))) {
                continue;
            }
            if (perSection.merge(section, 1, Integer::sum) <= PacketLimits.MAX_BULLETS_PER_SECTION) {
                drafts.add(new BulletDraft(section, null, insight.id(), text(insight), cited));
            }
        }
        if (!perSection.containsKey("achievements")) {
            for (SourceItem item : delivered) {
                if (valid.contains(item.id())) {
                    String text = item.summary() == null || item.summary().isBlank() ? item.title() : item.summary();
                    drafts.add(new BulletDraft("achievements", null, null, clip(text), List.of(item.id())));
                }
            }
        }
        for (GoalView goal : goals) {
            List<UUID> cited =
                    cited(goal.evidence().stream().map(Citation::evidenceId).toList(), valid);
            if (!cited.isEmpty() && !keptGoals.contains(goal.id())) {
                drafts.add(new BulletDraft("goals", goal.id(), null, progress(goal), cited));
            }
        }
        return drafts;
    }

    private static List<UUID> cited(List<UUID> ids, Set<UUID> valid) {
        Set<UUID> seen = new HashSet<>();
        return ids.stream()
                .filter(valid::contains)
                .filter(seen::add)
                .limit(PacketLimits.MAX_CITATIONS_PER_BULLET)
                .toList();
    }

    static String text(SourceInsight insight) {
        String content = insight.content() == null ? "" : insight.content().strip();
        if (content.isEmpty() || content.startsWith(insight.title())) {
            return clip(content.isEmpty() ? insight.title() : content);
        }
        return clip(insight.title() + ": " + content);
    }

    static String progress(GoalView goal) {
        StringBuilder text = new StringBuilder(goal.title())
                .append(" (")
                .append(goal.status().replace('_', ' '));
        if (goal.targetValue() != null && goal.currentValue() != null) {
            text.append("; ")
                    .append(goal.currentValue().stripTrailingZeros().toPlainString())
                    .append(" of ")
                    .append(goal.targetValue().stripTrailingZeros().toPlainString());
            if (goal.targetUnit() != null) {
                text.append(' ').append(goal.targetUnit());
            }
            text.append(", ").append(Math.round(goal.progress() * 100)).append('%');
        }
        text.append("): ")
                .append(goal.evidence().size())
                .append(goal.evidence().size() == 1 ? " piece" : " pieces")
                .append(" of evidence");
        return clip(text.toString());
    }

    private static String clip(String text) {
        if (text.length() <= PacketLimits.MAX_TEXT) {
            return text;
        }
        int cut = text.lastIndexOf(' ', PacketLimits.MAX_TEXT - 1);
        int end = cut > PacketLimits.MAX_TEXT / 2 ? cut : PacketLimits.MAX_TEXT - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
