-- evidence: which fields the owner set (issue 10: user edits survive re-sync).
--
-- EvidenceWriter.update records every field an owner's PATCH changes. A later sync of the same source item writes
-- only the fields the owner has not set, so the tags, category or wording a user gave a synced item are never reset
-- when the item changes at the source. Manual and uploaded items record their edits too; nothing reads it for them.
alter table evidence add column owner_fields text[] not null default '{}';

alter table evidence add constraint evidence_owner_fields_known check (
    owner_fields <@ array['title', 'content', 'source_url', 'category', 'tags', 'occurred_at']::text[]);
