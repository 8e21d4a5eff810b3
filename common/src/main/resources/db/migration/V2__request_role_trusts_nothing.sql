-- The request role (${app_role}) trusts nothing a caller hands it.
--
-- 1. ensure_profile maps an OIDC identity to a profile and sets its role from the token. Only code that has verified
--    the token may call it: the services do so on the service role, after the OIDC check. Anyone holding the request
--    role's credentials could otherwise look up any identity's profile id or make any identity a manager.
revoke execute on function ensure_profile(text, text, text, text, text, text) from ${app_role};

-- 2. An outbox row is published under its message key with its envelope as the body: all three must name the acting
--    user, or a holder of the request role could put an event into another user's stream.
drop policy outbox_insert_own on outbox;
create policy outbox_insert_own on outbox for insert to ${app_role}
    with check (user_id = app_current_user_id()
                and message_key = user_id::text
                and envelope ->> 'userId' = user_id::text);
