-- Browser sessions of the web app: signing in with an API key once gives a
-- session cookie. Only a hash of the cookie's token is kept, as for keys; a
-- session acts with its key's role and ends with the key (revoked or
-- deleted), at sign-out, or when it expires.
create table web_sessions (
    token_hash  bytea primary key,
    api_key_id  uuid not null references api_keys (id) on delete cascade,
    -- sent back with every form and write: a cross-site page cannot read it
    csrf_token  text not null,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    constraint web_sessions_token_hash_is_sha256 check (octet_length(token_hash) = 32),
    constraint web_sessions_csrf_not_blank check (length(csrf_token) >= 32)
);

create index web_sessions_api_key_id_idx on web_sessions (api_key_id);
create index web_sessions_expires_at_idx on web_sessions (expires_at);
