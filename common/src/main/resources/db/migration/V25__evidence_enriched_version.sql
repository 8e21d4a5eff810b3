-- insight-service: which version of a row its enrichment was computed for. The live path (one evidence event per
-- version) and the re-embedding worker (rows left without a vector, rows of another model) can both reach the same
-- row when an enrichment backlog is older than the worker's settle time; without this column both computed, wrote and
-- published evidence.enriched for one version. An enrichment now lands only when the row does not already carry the
-- current model's enrichment of that version, and the live path skips such rows before computing anything.
-- Existing rows stay null (unknown), which both paths treat as "not enriched for this version".
alter table evidence add column enriched_version bigint;
