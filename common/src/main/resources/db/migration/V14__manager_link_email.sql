-- evidence-service: the manager link keeps the address the owner named (the owner cannot read the manager's profile,
-- and "your manager: morgan@…" is what the owner needs to see), and the lookup prefers the newest profile when an
-- identity provider has re-created an account with the same address.

alter table manager_links add column manager_email text;
update manager_links l set manager_email = p.email from profiles p where p.id = l.manager_id;

create or replace function find_manager_profile(p_email text) returns uuid
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
    order by m.created_at desc, m.id
    limit 1
$$;
