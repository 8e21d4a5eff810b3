-- evidence-service: document uploads and attachments (issue 13).
--
-- 1. The original design's source value for uploaded documents is 'upload'; the core schema called it 'document'.
--    Existing rows are converted and the check follows the design.
-- 2. The design's evidence.attachments column, kept true by the one evidence write path (EvidenceWriter): it lists
--    the download path of each of the item's attachments, in upload order.
-- 3. evidence_attachments: one row per attached file (name, type sniffed from the bytes, size, SHA-256), owned like
--    evidence. An attachment always belongs to an item of the same owner (composite key), and goes with it.
-- 4. attachment_chunks: the default object store (AttachmentStore's PostgreSQL implementation). An object is the
--    attachment's bytes in fixed-size chunks keyed by their byte offset, so files stream in and out a chunk at a time
--    and a range request reads only the chunks it needs. Chunks go with their attachment.
-- Row-level security as for evidence: the request role sees and writes only the rows of the user bound to the
-- transaction, the service role all.

alter table evidence drop constraint evidence_source_check;
update evidence set source = 'upload' where source = 'document';
alter table evidence add constraint evidence_source_check check (source in ('gitlab', 'jira', 'upload', 'manual'));

alter table evidence add column attachments text[] not null default '{}';

-- The target of the attachments' composite foreign key (an attachment's owner is its item's owner).
alter table evidence add constraint evidence_id_user_key unique (id, user_id);

create table evidence_attachments (
    id           uuid primary key,
    user_id      uuid        not null references profiles (id) on delete cascade,
    evidence_id  uuid        not null,
    file_name    text        not null,
    content_type text        not null,
    size_bytes   bigint      not null,
    sha256       text        not null,
    -- Where the bytes live: the store and the object's key, '<owner id>/<attachment id>'.
    store        text        not null,
    object_key   text        not null,
    created_at   timestamptz not null default now(),
    constraint evidence_attachments_evidence_fk foreign key (evidence_id, user_id)
        references evidence (id, user_id) on delete cascade,
    constraint evidence_attachments_file_name_check check (length(file_name) between 1 and 255),
    constraint evidence_attachments_size_check check (size_bytes > 0),
    constraint evidence_attachments_sha256_check check (sha256 ~ '^[0-9a-f]{64}$'),
    constraint evidence_attachments_object_key_check check (object_key = user_id::text || '/' || id::text),
    constraint evidence_attachments_id_user_key unique (id, user_id)
);

create index evidence_attachments_evidence_idx on evidence_attachments (evidence_id, created_at desc, id desc);
create index evidence_attachments_user_idx on evidence_attachments (user_id);

create table attachment_chunks (
    attachment_id uuid   not null,
    byte_offset   bigint not null,
    user_id       uuid   not null,
    data          bytea  not null,
    primary key (attachment_id, byte_offset),
    constraint attachment_chunks_attachment_fk foreign key (attachment_id, user_id)
        references evidence_attachments (id, user_id) on delete cascade,
    constraint attachment_chunks_offset_check check (byte_offset >= 0),
    constraint attachment_chunks_data_check check (length(data) > 0)
);

-- Uploads are mostly compressed already (PDF, Office, images): skip TOAST's compression attempt.
alter table attachment_chunks alter column data set storage external;

alter table evidence_attachments enable row level security;
alter table attachment_chunks enable row level security;

create policy evidence_attachments_owner_all on evidence_attachments for all to ${app_role}
    using (user_id = app_current_user_id()) with check (user_id = app_current_user_id());
create policy evidence_attachments_service_all on evidence_attachments for all to ${service_role}
    using (true) with check (true);

create policy attachment_chunks_owner_all on attachment_chunks for all to ${app_role}
    using (user_id = app_current_user_id()) with check (user_id = app_current_user_id());
create policy attachment_chunks_service_all on attachment_chunks for all to ${service_role}
    using (true) with check (true);

grant select, insert, delete on evidence_attachments, attachment_chunks to ${app_role};
grant select, insert, update, delete on evidence_attachments, attachment_chunks to ${service_role};
