-- PerformancePulse core schema: the original design's four tables (profiles, evidence, insights, sync_jobs)
-- plus what running it for real needs (OIDC identity, idempotent ingestion keys, source connections, outbox,
-- processed events). Row-level security mirrors the original Supabase policies, keyed on the per-transaction
-- setting app.user_id instead of auth.uid().
--
-- Placeholders: ${embedding_dimension} (384 for all-MiniLM-L6-v2, 1536 for text-embedding-3-small),
-- ${app_role} (request-serving role, subject to RLS) and ${service_role} (background work).

-- The vector extension needs a superuser; stack setup creates it, so this is a no-op check here.
create extension if not exists vector;

-- ---------------------------------------------------------------------------------------------------------------
-- Helpers
-- ---------------------------------------------------------------------------------------------------------------

-- The user the current transaction acts for, as set by the services from a verified token with
-- set_config('app.user_id', <uuid>, true). NULL when unset, so every owner policy fails closed.
create function app_current_user_id() returns uuid
    language sql stable
as $$
    select nullif(current_setting('app.user_id', true), '')::uuid
$$;

create function set_updated_at() returns trigger
    language plpgsql
as $$
begin
    new.updated_at := now();
    return new;
end
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- profiles
-- ---------------------------------------------------------------------------------------------------------------
create table profiles (
    id              uuid primary key default gen_random_uuid(),
    oidc_issuer     text        not null,
    oidc_subject    text        not null,
    email           text,
    full_name       text,
    avatar_url      text,
    role            text        not null default 'individual',
    gitlab_username text,
    preferences     jsonb       not null default '{}'::jsonb,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    constraint profiles_role_check check (role in ('individual', 'manager')),
    constraint profiles_preferences_object check (jsonb_typeof(preferences) = 'object'),
    constraint profiles_oidc_identity_key unique (oidc_issuer, oidc_subject)
);

create trigger profiles_updated_at before update on profiles
    for each row execute function set_updated_at();

-- ---------------------------------------------------------------------------------------------------------------
-- evidence
-- ---------------------------------------------------------------------------------------------------------------
create table evidence (
    id              uuid primary key default gen_random_uuid(),
    user_id         uuid        not null references profiles (id) on delete cascade,
    title           text        not null,
    content         text        not null,
    summary         text,
    source          text        not null,
    source_id       text,
    source_url      text,
    category        text,
    tags            text[]      not null default '{}',
    embedding       vector(${embedding_dimension}),
    embedding_model text,
    ai_metadata     jsonb       not null default '{}'::jsonb,
    -- When the work happened (review periods), as opposed to when the row was written.
    occurred_at     timestamptz not null default now(),
    -- Optimistic concurrency for the manual API and an ordering for enrichment (older work never wins).
    version         bigint      not null default 1,
    search_vector   tsvector generated always as (
        setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(content, '')), 'B')) stored,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    constraint evidence_source_check check (source in ('gitlab', 'jira', 'document', 'manual')),
    constraint evidence_title_not_blank check (length(btrim(title)) > 0),
    constraint evidence_ai_metadata_object check (jsonb_typeof(ai_metadata) = 'object'),
    constraint evidence_embedding_model_present check (embedding is null or embedding_model is not null),
    -- Ingestion is idempotent: the same item of the same source for the same user is one row.
    -- Manual evidence has no source_id, and NULLs never collide.
    constraint evidence_source_item_key unique (user_id, source, source_id)
);

-- Per-user exact vector search scans one user's rows through this index (recall 1.0, sub-millisecond for
-- typical users); a global IVFFlat/HNSW index loses matches under the user filter.
create index evidence_user_id_idx on evidence (user_id);
-- Listing: newest work first with keyset pagination.
create index evidence_user_occurred_idx on evidence (user_id, occurred_at desc, id desc);
create index evidence_source_idx on evidence (source);
create index evidence_created_at_idx on evidence (created_at desc);
create index evidence_tags_idx on evidence using gin (tags);
create index evidence_search_vector_idx on evidence using gin (search_vector);
-- Keep vectors in the heap tuple so per-user scans do not detour through TOAST.
alter table evidence alter column embedding set storage plain;

create trigger evidence_updated_at before update on evidence
    for each row execute function set_updated_at();

-- ---------------------------------------------------------------------------------------------------------------
-- insights
-- ---------------------------------------------------------------------------------------------------------------
create table insights (
    id               uuid primary key default gen_random_uuid(),
    user_id          uuid             not null references profiles (id) on delete cascade,
    type             text             not null,
    title            text             not null,
    description      text             not null,
    evidence_ids     uuid[]           not null,
    confidence_score double precision not null,
    is_validated     boolean          not null default false,
    is_rejected      boolean          not null default false,
    feedback         text,
    period_start     date,
    period_end       date,
    -- Stable identity of "the same insight" so a rejected one is not regenerated in the same form.
    fingerprint      text,
    ai_metadata      jsonb            not null default '{}'::jsonb,
    created_at       timestamptz      not null default now(),
    updated_at       timestamptz      not null default now(),
    constraint insights_type_check check (type in ('strength', 'improvement', 'achievement', 'trend')),
    constraint insights_confidence_check check (confidence_score >= 0 and confidence_score <= 1),
    constraint insights_evidence_ids_not_empty check (cardinality(evidence_ids) > 0),
    constraint insights_period_check check (period_start is null or period_end is null or period_start <= period_end),
    constraint insights_not_validated_and_rejected check (not (is_validated and is_rejected))
);

create index insights_user_id_idx on insights (user_id, created_at desc);
create index insights_type_idx on insights (type);
create unique index insights_user_fingerprint_key on insights (user_id, fingerprint) where fingerprint is not null;

create trigger insights_updated_at before update on insights
    for each row execute function set_updated_at();

-- ---------------------------------------------------------------------------------------------------------------
-- sync_jobs
-- ---------------------------------------------------------------------------------------------------------------
create table sync_jobs (
    id              uuid primary key default gen_random_uuid(),
    user_id         uuid        not null references profiles (id) on delete cascade,
    source          text        not null,
    status          text        not null default 'pending',
    started_at      timestamptz,
    completed_at    timestamptz,
    items_processed integer     not null default 0,
    items_created   integer     not null default 0,
    error_message   text,
    last_sync_at    timestamptz,
    metadata        jsonb       not null default '{}'::jsonb,
    -- Refreshed by the worker while it runs; a stale heartbeat marks a job left behind by a dead worker.
    heartbeat_at    timestamptz,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    constraint sync_jobs_source_check check (source in ('gitlab', 'jira')),
    constraint sync_jobs_status_check check (status in ('pending', 'running', 'completed', 'failed')),
    constraint sync_jobs_counts_check check (items_processed >= 0 and items_created >= 0),
    constraint sync_jobs_metadata_object check (jsonb_typeof(metadata) = 'object')
);

create index sync_jobs_user_id_idx on sync_jobs (user_id, created_at desc);
create index sync_jobs_status_idx on sync_jobs (status);
-- At most one active job per user and source.
create unique index sync_jobs_one_active_key on sync_jobs (user_id, source) where status in ('pending', 'running');

create trigger sync_jobs_updated_at before update on sync_jobs
    for each row execute function set_updated_at();

-- ---------------------------------------------------------------------------------------------------------------
-- source_connections: GitLab / Jira accounts, credentials encrypted by the application (AES-GCM)
-- ---------------------------------------------------------------------------------------------------------------
create table source_connections (
    id                    uuid primary key default gen_random_uuid(),
    user_id               uuid        not null references profiles (id) on delete cascade,
    source                text        not null,
    -- gitlab_pat | jira_cloud_basic (email + API token) | jira_dc_bearer (Data Center personal access token)
    auth_type             text        not null,
    base_url              text        not null,
    -- Login for Jira Cloud basic auth (the account e-mail); NULL for bearer tokens.
    login                 text,
    -- Identity at the source, used to select the user's own work (GitLab user id / Jira accountId or key).
    account_id            text        not null,
    account_name          text,
    token_ciphertext      bytea       not null,
    token_nonce           bytea       not null,
    token_key_id          text        not null,
    ca_bundle_pem         text,
    sync_interval_minutes integer,
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now(),
    constraint source_connections_source_check check (source in ('gitlab', 'jira')),
    constraint source_connections_auth_type_check check (
        (source = 'gitlab' and auth_type = 'gitlab_pat') or
        (source = 'jira' and auth_type in ('jira_cloud_basic', 'jira_dc_bearer'))),
    constraint source_connections_interval_check check (
        sync_interval_minutes is null or sync_interval_minutes between 15 and 10080),
    constraint source_connections_user_source_key unique (user_id, source)
);

create trigger source_connections_updated_at before update on source_connections
    for each row execute function set_updated_at();

-- ---------------------------------------------------------------------------------------------------------------
-- outbox: events written in the same transaction as the change, published by a relay
-- ---------------------------------------------------------------------------------------------------------------
create table outbox (
    id           bigint generated always as identity primary key,
    event_id     uuid        not null,
    user_id      uuid        not null,
    topic        text        not null,
    message_key  text        not null,
    event_type   text        not null,
    envelope     jsonb       not null,
    created_at   timestamptz not null default now(),
    published_at timestamptz,
    attempts     integer     not null default 0,
    last_error   text,
    updated_at   timestamptz not null default now(),
    constraint outbox_event_id_key unique (event_id)
);

create index outbox_unpublished_idx on outbox (id) where published_at is null;

create trigger outbox_updated_at before update on outbox
    for each row execute function set_updated_at();

-- ---------------------------------------------------------------------------------------------------------------
-- processed_events: idempotent consumers record each handled event id in the same transaction as the effect.
-- Append-only (no updates, hence no updated_at).
-- ---------------------------------------------------------------------------------------------------------------
create table processed_events (
    consumer     text        not null,
    event_id     uuid        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, event_id)
);

-- ---------------------------------------------------------------------------------------------------------------
-- Profile creation on first authenticated request (the original design's signup trigger, for OIDC).
-- SECURITY DEFINER so the request role can resolve its own identity before it knows its profile id; it never
-- returns another identity's row. Concurrent first requests create exactly one profile (unique issuer+subject).
-- The role always follows the token.
-- ---------------------------------------------------------------------------------------------------------------
create function ensure_profile(p_issuer text, p_subject text, p_email text, p_full_name text, p_avatar_url text,
                               p_role text)
    returns uuid
    language plpgsql
    security definer
    set search_path = public, pg_temp
as $$
declare
    v_id   uuid;
    v_role text;
begin
    if p_issuer is null or p_subject is null or length(p_issuer) = 0 or length(p_subject) = 0 then
        raise exception 'issuer and subject are required' using errcode = '22023';
    end if;

    select id, role into v_id, v_role from profiles where oidc_issuer = p_issuer and oidc_subject = p_subject;
    if v_id is not null then
        if v_role is distinct from p_role then
            update profiles set role = p_role where id = v_id;
        end if;
        return v_id;
    end if;

    insert into profiles (oidc_issuer, oidc_subject, email, full_name, avatar_url, role)
    values (p_issuer, p_subject, p_email, p_full_name, p_avatar_url, p_role)
    on conflict (oidc_issuer, oidc_subject) do update set role = excluded.role
    returning id into v_id;
    return v_id;
end
$$;

revoke all on function ensure_profile(text, text, text, text, text, text) from public;

-- ---------------------------------------------------------------------------------------------------------------
-- Row-level security
-- ---------------------------------------------------------------------------------------------------------------
alter table profiles enable row level security;
alter table evidence enable row level security;
alter table insights enable row level security;
alter table sync_jobs enable row level security;
alter table source_connections enable row level security;
alter table outbox enable row level security;
alter table processed_events enable row level security;

-- profiles: own row only; the role column is not writable by the request role (column grants below).
create policy profiles_select_own on profiles for select to ${app_role}
    using (id = app_current_user_id());
create policy profiles_update_own on profiles for update to ${app_role}
    using (id = app_current_user_id()) with check (id = app_current_user_id());
create policy profiles_service_all on profiles for all to ${service_role} using (true) with check (true);

-- evidence: own rows for every operation.
create policy evidence_owner_all on evidence for all to ${app_role}
    using (user_id = app_current_user_id()) with check (user_id = app_current_user_id());
create policy evidence_service_all on evidence for all to ${service_role} using (true) with check (true);

-- insights and sync_jobs: readable by their owner, writable only by the service role.
create policy insights_select_own on insights for select to ${app_role}
    using (user_id = app_current_user_id());
create policy insights_service_all on insights for all to ${service_role} using (true) with check (true);

create policy sync_jobs_select_own on sync_jobs for select to ${app_role}
    using (user_id = app_current_user_id());
create policy sync_jobs_service_all on sync_jobs for all to ${service_role} using (true) with check (true);

-- source_connections: own rows (the user creates and removes their connections).
create policy source_connections_owner_all on source_connections for all to ${app_role}
    using (user_id = app_current_user_id()) with check (user_id = app_current_user_id());
create policy source_connections_service_all on source_connections for all to ${service_role}
    using (true) with check (true);

-- outbox: the request role may only append events about its own user; the relay (service role) reads them.
create policy outbox_insert_own on outbox for insert to ${app_role}
    with check (user_id = app_current_user_id());
create policy outbox_service_all on outbox for all to ${service_role} using (true) with check (true);

create policy processed_events_service_all on processed_events for all to ${service_role}
    using (true) with check (true);

-- ---------------------------------------------------------------------------------------------------------------
-- Grants (least privilege; the owner role keeps ownership and is used only for migrations)
-- ---------------------------------------------------------------------------------------------------------------
grant usage on schema public to ${app_role}, ${service_role};

grant select on profiles to ${app_role};
grant update (full_name, avatar_url, gitlab_username, preferences) on profiles to ${app_role};
grant execute on function ensure_profile(text, text, text, text, text, text) to ${app_role}, ${service_role};
grant select, insert, update, delete on evidence to ${app_role};
grant select on insights to ${app_role};
grant select on sync_jobs to ${app_role};
grant select, insert, update, delete on source_connections to ${app_role};
grant insert on outbox to ${app_role};

grant select, insert, update, delete on profiles, evidence, insights, sync_jobs, source_connections, outbox
    to ${service_role};
grant select, insert, delete on processed_events to ${service_role};
