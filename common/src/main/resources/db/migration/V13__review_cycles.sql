-- evidence-service: review cycles (issue 15): periods, goals, the review packet, and sharing with a manager.
--
-- Every table is owned like evidence: the request role sees and writes only the rows of the user bound to the
-- transaction, the service role all. Children carry their owner's id and reference their parent through a composite
-- (id, user_id) key, so a row can never hang under another user's parent.
--
-- Sharing is enforced here, not only in the API. An owner names one manager (manager_links); a share row grants that
-- manager read access to one item: a review packet, an evidence item or an insight. The manager-side SELECT policies
-- below read the shares, so a query with no WHERE clause as the request role, bound to the manager, returns exactly
-- the shared rows. Sharing a packet shares what it shows: its period, bullets, citations and the evidence they cite.
-- Deleting a share (revoke), the item, or the manager link (cascade) ends access at once.

-- ---------------------------------------------------------------------------------------------------------------
-- Periods and goals
-- ---------------------------------------------------------------------------------------------------------------
create table review_periods (
    id         uuid primary key,
    user_id    uuid        not null references profiles (id) on delete cascade,
    name       text        not null,
    start_date date        not null,
    end_date   date        not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint review_periods_dates_check check (start_date <= end_date),
    constraint review_periods_name_check check (length(name) between 1 and 100),
    constraint review_periods_user_name_key unique (user_id, name),
    constraint review_periods_id_user_key unique (id, user_id)
);

create index review_periods_user_idx on review_periods (user_id, start_date desc, id desc);

create trigger review_periods_updated_at before update on review_periods
    for each row execute function set_updated_at();

create table goals (
    id            uuid primary key,
    user_id       uuid        not null,
    period_id     uuid        not null,
    title         text        not null,
    description   text        not null default '',
    status        text        not null default 'not_started',
    -- An optional measurable target: progress is current_value / target_value in target_unit.
    target_value  numeric,
    current_value numeric,
    target_unit   text,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    constraint goals_period_fk foreign key (period_id, user_id)
        references review_periods (id, user_id) on delete cascade,
    constraint goals_status_check check (status in ('not_started', 'in_progress', 'achieved', 'missed', 'dropped')),
    constraint goals_title_check check (length(title) between 1 and 200),
    constraint goals_target_check check (target_value is null or target_value > 0),
    constraint goals_id_user_key unique (id, user_id)
);

create index goals_period_idx on goals (period_id, created_at, id);

create trigger goals_updated_at before update on goals
    for each row execute function set_updated_at();

create table goal_evidence (
    goal_id     uuid        not null,
    evidence_id uuid        not null,
    user_id     uuid        not null,
    linked_at   timestamptz not null default now(),
    primary key (goal_id, evidence_id),
    constraint goal_evidence_goal_fk foreign key (goal_id, user_id) references goals (id, user_id) on delete cascade,
    constraint goal_evidence_evidence_fk foreign key (evidence_id, user_id)
        references evidence (id, user_id) on delete cascade
);

create index goal_evidence_evidence_idx on goal_evidence (evidence_id);

-- ---------------------------------------------------------------------------------------------------------------
-- The review packet: one per period; bullets in sections, each citing evidence
-- ---------------------------------------------------------------------------------------------------------------
create table review_packets (
    id           uuid primary key,
    user_id      uuid        not null,
    period_id    uuid        not null unique,
    -- What wrote the bullets' first text: the insights' generator (statistical or an LLM model).
    generator    text        not null,
    generated_at timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    constraint review_packets_period_fk foreign key (period_id, user_id)
        references review_periods (id, user_id) on delete cascade,
    constraint review_packets_id_user_key unique (id, user_id)
);

create trigger review_packets_updated_at before update on review_packets
    for each row execute function set_updated_at();

create table packet_bullets (
    id         uuid primary key,
    packet_id  uuid        not null,
    user_id    uuid        not null,
    section    text        not null,
    goal_id    uuid,
    -- The insight the bullet was written from, when there is one (regeneration replaces unedited bullets).
    insight_id uuid,
    position   integer     not null,
    text       text        not null,
    edited     boolean     not null default false,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint packet_bullets_packet_fk foreign key (packet_id, user_id)
        references review_packets (id, user_id) on delete cascade,
    constraint packet_bullets_goal_fk foreign key (goal_id, user_id) references goals (id, user_id) on delete cascade,
    constraint packet_bullets_section_check
        check (section in ('achievements', 'strengths', 'growth_areas', 'trends', 'goals')),
    constraint packet_bullets_goal_section_check check ((section = 'goals') = (goal_id is not null)),
    constraint packet_bullets_text_check check (length(text) between 1 and 2000),
    constraint packet_bullets_id_user_key unique (id, user_id)
);

create index packet_bullets_packet_idx on packet_bullets (packet_id, section, position);

create trigger packet_bullets_updated_at before update on packet_bullets
    for each row execute function set_updated_at();

-- A citation is only ever to the owner's own evidence (composite key) and goes with the item.
create table packet_citations (
    bullet_id   uuid    not null,
    evidence_id uuid    not null,
    packet_id   uuid    not null,
    user_id     uuid    not null,
    position    integer not null,
    primary key (bullet_id, evidence_id),
    constraint packet_citations_bullet_fk foreign key (bullet_id, user_id)
        references packet_bullets (id, user_id) on delete cascade,
    constraint packet_citations_packet_fk foreign key (packet_id, user_id)
        references review_packets (id, user_id) on delete cascade,
    constraint packet_citations_evidence_fk foreign key (evidence_id, user_id)
        references evidence (id, user_id) on delete cascade
);

create index packet_citations_packet_idx on packet_citations (packet_id);
create index packet_citations_evidence_idx on packet_citations (evidence_id);

-- ---------------------------------------------------------------------------------------------------------------
-- Managers and shares
-- ---------------------------------------------------------------------------------------------------------------
-- One manager per owner, named by the owner only.
create table manager_links (
    owner_id   uuid primary key references profiles (id) on delete cascade,
    manager_id uuid        not null references profiles (id) on delete cascade,
    created_at timestamptz not null default now(),
    constraint manager_links_not_self check (owner_id <> manager_id),
    constraint manager_links_pair_key unique (owner_id, manager_id)
);

create index manager_links_manager_idx on manager_links (manager_id);

-- Insights get the composite key shares reference (the index insights' owner queries already imply).
alter table insights add constraint insights_id_user_key unique (id, user_id);

create table shares (
    id          uuid primary key,
    owner_id    uuid        not null,
    manager_id  uuid        not null,
    packet_id   uuid,
    evidence_id uuid,
    insight_id  uuid,
    created_at  timestamptz not null default now(),
    -- Only to the owner's named manager; dropping the link drops its shares.
    constraint shares_link_fk foreign key (owner_id, manager_id)
        references manager_links (owner_id, manager_id) on delete cascade,
    -- Only the owner's own items; deleting the item drops its shares.
    constraint shares_packet_fk foreign key (packet_id, owner_id)
        references review_packets (id, user_id) on delete cascade,
    constraint shares_evidence_fk foreign key (evidence_id, owner_id)
        references evidence (id, user_id) on delete cascade,
    constraint shares_insight_fk foreign key (insight_id, owner_id)
        references insights (id, user_id) on delete cascade,
    constraint shares_one_item check (num_nonnulls(packet_id, evidence_id, insight_id) = 1)
);

create unique index shares_packet_key on shares (manager_id, packet_id) where packet_id is not null;
create unique index shares_evidence_key on shares (manager_id, evidence_id) where evidence_id is not null;
create unique index shares_insight_key on shares (manager_id, insight_id) where insight_id is not null;
create index shares_owner_idx on shares (owner_id, created_at desc, id desc);
create index shares_manager_idx on shares (manager_id, owner_id);

-- The profile a caller may name as their manager: a user of the same identity provider who holds the manager role.
-- The request role cannot read other profiles, so this narrow lookup is a definer function returning only an id.
create function find_manager_profile(p_email text) returns uuid
    language sql stable
    security definer
    set search_path = public, pg_temp
as $$
    select m.id
    from profiles me
    join profiles m on m.oidc_issuer = me.oidc_issuer
    where me.id = app_current_user_id()
      and m.id <> me.id
      and m.role = 'manager'
      and lower(m.email) = lower(p_email)
    order by m.created_at
    limit 1
$$;

revoke all on function find_manager_profile(text) from public;
grant execute on function find_manager_profile(text) to ${app_role};

-- Whether a profile holds the manager role (the link policy's check; the request role cannot read the row itself).
create function is_manager_profile(p_id uuid) returns boolean
    language sql stable
    security definer
    set search_path = public, pg_temp
as $$
    select exists (select 1 from profiles where id = p_id and role = 'manager')
$$;

revoke all on function is_manager_profile(uuid) from public;
grant execute on function is_manager_profile(uuid) to ${app_role};

-- ---------------------------------------------------------------------------------------------------------------
-- Row-level security
-- ---------------------------------------------------------------------------------------------------------------
alter table review_periods enable row level security;
alter table goals enable row level security;
alter table goal_evidence enable row level security;
alter table review_packets enable row level security;
alter table packet_bullets enable row level security;
alter table packet_citations enable row level security;
alter table manager_links enable row level security;
alter table shares enable row level security;

-- Owners: their own rows, every operation.
create policy review_periods_owner_all on review_periods for all to ${app_role}
    using (user_id = app_current_user_id()) with check (user_id = app_current_user_id());
create policy goals_owner_all on goals for all to ${app_role}
    using (user_id = app_current_user_id()) with check (user_id = app_current_user_id());
create policy goal_evidence_owner_all on goal_evidence for all to ${app_role}
    using (user_id = app_current_user_id()) with check (user_id = app_current_user_id());
create policy review_packets_owner_all on review_packets for all to ${app_role}
    using (user_id = app_current_user_id()) with check (user_id = app_current_user_id());
create policy packet_bullets_owner_all on packet_bullets for all to ${app_role}
    using (user_id = app_current_user_id()) with check (user_id = app_current_user_id());
create policy packet_citations_owner_all on packet_citations for all to ${app_role}
    using (user_id = app_current_user_id()) with check (user_id = app_current_user_id());

-- The link: written by its owner only, to a manager; its manager may read it.
create policy manager_links_owner_all on manager_links for all to ${app_role}
    using (owner_id = app_current_user_id())
    with check (owner_id = app_current_user_id() and is_manager_profile(manager_id));
create policy manager_links_manager_select on manager_links for select to ${app_role}
    using (manager_id = app_current_user_id());

-- Shares: written by their owner only (the foreign keys pin the manager to the owner's link and the item to the
-- owner); read by the owner and by the manager they name.
create policy shares_owner_all on shares for all to ${app_role}
    using (owner_id = app_current_user_id()) with check (owner_id = app_current_user_id());
create policy shares_manager_select on shares for select to ${app_role}
    using (manager_id = app_current_user_id());

-- The manager's read access, granted by shares and nothing else.
create policy evidence_manager_select on evidence for select to ${app_role}
    using (exists (select 1 from shares s
                   where s.manager_id = app_current_user_id() and s.evidence_id = evidence.id)
           or exists (select 1 from packet_citations c join shares s on s.packet_id = c.packet_id
                      where s.manager_id = app_current_user_id() and c.evidence_id = evidence.id));
create policy insights_manager_select on insights for select to ${app_role}
    using (exists (select 1 from shares s
                   where s.manager_id = app_current_user_id() and s.insight_id = insights.id));
create policy review_packets_manager_select on review_packets for select to ${app_role}
    using (exists (select 1 from shares s
                   where s.manager_id = app_current_user_id() and s.packet_id = review_packets.id));
create policy review_periods_manager_select on review_periods for select to ${app_role}
    using (exists (select 1 from review_packets p join shares s on s.packet_id = p.id
                   where s.manager_id = app_current_user_id() and p.period_id = review_periods.id));
create policy packet_bullets_manager_select on packet_bullets for select to ${app_role}
    using (exists (select 1 from shares s
                   where s.manager_id = app_current_user_id() and s.packet_id = packet_bullets.packet_id));
create policy packet_citations_manager_select on packet_citations for select to ${app_role}
    using (exists (select 1 from shares s
                   where s.manager_id = app_current_user_id() and s.packet_id = packet_citations.packet_id));
create policy goals_manager_select on goals for select to ${app_role}
    using (exists (select 1 from packet_bullets b join shares s on s.packet_id = b.packet_id
                   where s.manager_id = app_current_user_id() and b.goal_id = goals.id));
-- A manager sees the name of a person only once that person has shared something with them.
create policy profiles_manager_select on profiles for select to ${app_role}
    using (exists (select 1 from shares s where s.manager_id = app_current_user_id() and s.owner_id = profiles.id));

-- The service role: everything (background work, erasure).
create policy review_periods_service_all on review_periods for all to ${service_role} using (true) with check (true);
create policy goals_service_all on goals for all to ${service_role} using (true) with check (true);
create policy goal_evidence_service_all on goal_evidence for all to ${service_role} using (true) with check (true);
create policy review_packets_service_all on review_packets for all to ${service_role} using (true) with check (true);
create policy packet_bullets_service_all on packet_bullets for all to ${service_role} using (true) with check (true);
create policy packet_citations_service_all on packet_citations for all to ${service_role}
    using (true) with check (true);
create policy manager_links_service_all on manager_links for all to ${service_role} using (true) with check (true);
create policy shares_service_all on shares for all to ${service_role} using (true) with check (true);

grant select, insert, update, delete on review_periods, goals, goal_evidence, review_packets, packet_bullets,
    packet_citations, manager_links, shares to ${app_role};
grant select, insert, update, delete on review_periods, goals, goal_evidence, review_packets, packet_bullets,
    packet_citations, manager_links, shares to ${service_role};
