package io.pulse.evidence.export.repository;

import java.util.List;

/**
 * One table of an export: the file it becomes, and the rows of the owner, each as the JSON of the row itself
 * ({@code to_jsonb}), minus what an export must not carry (vectors, derived search columns, secrets).
 *
 * @param file the archive entry, under {@code data/}
 * @param table the table
 * @param ownerColumn the column naming the owner
 * @param omitted columns left out
 * @param paged whether the table has an {@code id} to page by (the others are small: a goal's links, a bullet's
 *     citations)
 */
public record ExportTable(String file, String table, String ownerColumn, List<String> omitted, boolean paged) {

    /** Everything the product holds for a user, in the order of the archive. */
    public static final List<ExportTable> ALL = List.of(
            new ExportTable("profile.jsonl", "profiles", "id", List.of("oidc_issuer", "oidc_subject"), true),
            new ExportTable("evidence.jsonl", "evidence", "user_id", List.of("embedding", "search_vector"), true),
            new ExportTable(
                    "attachments.jsonl", "evidence_attachments", "user_id", List.of("store", "object_key"), true),
            new ExportTable("insights.jsonl", "insights", "user_id", List.of(), true),
            new ExportTable(
                    "insight_generation_requests.jsonl", "insight_generation_requests", "user_id", List.of(), true),
            new ExportTable(
                    "connections.jsonl",
                    "source_connections",
                    "user_id",
                    List.of("token_ciphertext", "token_nonce", "token_key_id"),
                    true),
            new ExportTable("sync_jobs.jsonl", "sync_jobs", "user_id", List.of(), true),
            new ExportTable("periods.jsonl", "review_periods", "user_id", List.of(), true),
            new ExportTable("goals.jsonl", "goals", "user_id", List.of(), true),
            new ExportTable("goal_evidence.jsonl", "goal_evidence", "user_id", List.of(), false),
            new ExportTable("packets.jsonl", "review_packets", "user_id", List.of(), true),
            new ExportTable("packet_bullets.jsonl", "packet_bullets", "user_id", List.of(), true),
            new ExportTable("packet_citations.jsonl", "packet_citations", "user_id", List.of(), false),
            new ExportTable("manager.jsonl", "manager_links", "owner_id", List.of(), false),
            new ExportTable("shares.jsonl", "shares", "owner_id", List.of(), true));
}
