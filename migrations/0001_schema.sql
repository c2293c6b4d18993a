-- riposte's schema: who accused whom of what, when, and how they responded.
--
-- The database is the system of record, so the rules that keep the record
-- sound live here as constraints (foreign keys, enums, checks, unique keys),
-- not only in Rust: an analyst's psql session or another program writing to
-- these tables gets the same guarantees as the importer.

create extension if not exists pg_trgm;

-- ---------------------------------------------------------------------------
-- Shared helpers and vocabularies
-- ---------------------------------------------------------------------------

-- One trigger keeps every updated_at honest, whoever writes the row.
create function set_updated_at() returns trigger
language plpgsql as $$
begin
    new.updated_at := now();
    return new;
end;
$$;

create type actor_kind as enum ('person', 'state', 'organization', 'group', 'unknown');

-- The typology of answers an accused side gives (see ANNOTATION in the docs).
create type response_kind as enum (
    'denial', 'dismissal', 'counter_accusation', 'deflection',
    'threat', 'admission', 'no_comment'
);

-- How sure the accuser said they were; the words themselves are kept too.
create type hedge_level as enum ('certain', 'high', 'medium', 'low');

-- How precisely a date is known: "on March 4" is a day, "last week" a week.
create type date_precision as enum ('day', 'week', 'month', 'year');

-- Where a statement's date came from: the text itself, or (when the text
-- says nothing) the article's publication date, which is only a bound; or
-- nowhere (an undated article that says nothing), when stated_on is null.
create type date_source as enum ('text', 'published', 'analyst', 'unknown');

-- Who made a record: the importer's rules, or an analyst by hand.
create type record_origin as enum ('importer', 'analyst');

-- An analyst's verdict on a record. A confirmed or corrected record is never
-- overwritten by a later import; a rejected one stays (for the audit trail
-- and so re-imports do not resurrect it) but is hidden from timelines.
create type review_state as enum ('unreviewed', 'confirmed', 'corrected', 'rejected');

create type api_role as enum ('reader', 'analyst', 'admin');

-- ---------------------------------------------------------------------------
-- Sources and articles
-- ---------------------------------------------------------------------------

-- An outlet (TASS, Reuters, a ministry's press page).
create table sources (
    id          uuid primary key,
    name        text not null,
    homepage    text,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    constraint sources_name_key unique (name),
    constraint sources_name_not_blank check (btrim(name) <> '')
);
create trigger sources_updated_at before update on sources
    for each row execute function set_updated_at();

-- An article exactly as imported. The text is kept verbatim because every
-- piece of evidence points into it by character offsets.
create table articles (
    id                   uuid primary key,
    source_id            uuid references sources (id) on delete set null,
    -- The name the article was imported under (file name or JSON Lines id),
    -- so output and errors can name it the way the user knows it.
    name                 text not null,
    url                  text,
    title                text,
    published_on         date,
    published_precision  date_precision,
    -- Where the publication date came from: header, dateline, url, input.
    published_source     text,
    language             text not null default 'en',
    text                 text not null,
    -- Characters (not bytes) in text; evidence spans are checked against it.
    text_length          integer generated always as (char_length(text)) stored,
    -- SHA-256 of the text: the same article is never imported twice.
    content_hash         bytea not null,
    imported_at          timestamptz not null default now(),
    -- What imported it: extractor version for the importer, the key name
    -- for an analyst posting through the API.
    imported_by          text not null,
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now(),
    constraint articles_content_hash_key unique (content_hash),
    constraint articles_text_not_empty check (btrim(text) <> ''),
    constraint articles_content_hash_is_sha256 check (octet_length(content_hash) = 32),
    constraint articles_published_precision_with_date
        check ((published_on is null) = (published_precision is null))
);
create index articles_published_on_idx on articles (published_on);
create trigger articles_updated_at before update on articles
    for each row execute function set_updated_at();

-- ---------------------------------------------------------------------------
-- Actors
-- ---------------------------------------------------------------------------

create table actors (
    id             uuid primary key,
    name           text not null,
    kind           actor_kind not null,
    -- ISO 3166-1 alpha-3 of the state the actor belongs to or speaks for;
    -- null for international bodies and actors of unknown allegiance.
    country        char(3),
    description    text,
    -- The gazetteer entry this actor was loaded from; re-loading the
    -- gazetteer updates these rows instead of duplicating them.
    gazetteer_key  text,
    -- When two actors turn out to be the same, the loser points at the
    -- winner; its records are moved and it disappears from look-ups.
    merged_into    uuid references actors (id) on delete set null,
    origin         record_origin not null default 'importer',
    review         review_state not null default 'unreviewed',
    -- Optimistic concurrency: served as the ETag, bumped on every write.
    version        integer not null default 1,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    constraint actors_gazetteer_key_key unique (gazetteer_key),
    constraint actors_name_not_blank check (btrim(name) <> ''),
    constraint actors_country_is_alpha3 check (country ~ '^[A-Z]{3}$'),
    constraint actors_not_merged_into_self check (merged_into <> id)
);
create index actors_country_idx on actors (country);
create trigger actors_updated_at before update on actors
    for each row execute function set_updated_at();

-- Every way an actor is named ("Moscow", "the Kremlin", "Russian").
-- normalized is the look-up form (lower case, accents and "the" dropped),
-- written by riposte; trigram-indexed for fuzzy search.
create table actor_aliases (
    id          uuid primary key,
    actor_id    uuid not null references actors (id) on delete cascade,
    alias       text not null,
    normalized  text not null,
    created_at  timestamptz not null default now(),
    constraint actor_aliases_actor_normalized_key unique (actor_id, normalized),
    constraint actor_aliases_not_blank check (btrim(alias) <> '' and normalized <> '')
);
create index actor_aliases_normalized_idx on actor_aliases (normalized);
create index actor_aliases_trgm_idx on actor_aliases using gin (normalized gin_trgm_ops);

-- A time-bounded link between actors: Dmitry Peskov speaks for the Russian
-- presidency from 2012; Dominic Raab was UK Foreign Secretary 2019-07-24 to
-- 2021-09-15. Timelines use it to count a spokesman's words for his state,
-- and resolution uses it to know who held a title on a date.
create table actor_affiliations (
    id               uuid primary key,
    actor_id         uuid not null references actors (id) on delete cascade,
    affiliated_with  uuid not null references actors (id) on delete cascade,
    role             text not null,
    valid_from       date,
    valid_to         date,
    origin           record_origin not null default 'importer',
    created_at       timestamptz not null default now(),
    constraint actor_affiliations_not_self check (actor_id <> affiliated_with),
    constraint actor_affiliations_span_ordered
        check (valid_from is null or valid_to is null or valid_from <= valid_to),
    constraint actor_affiliations_role_not_blank check (btrim(role) <> ''),
    constraint actor_affiliations_key unique nulls not distinct
        (actor_id, affiliated_with, role, valid_from)
);
create index actor_affiliations_with_idx on actor_affiliations (affiliated_with);

-- ---------------------------------------------------------------------------
-- Events: the real-world happenings accusations are about
-- ---------------------------------------------------------------------------

create table events (
    id           uuid primary key,
    name         text not null,
    -- Free classification (election interference, cyberattack, poisoning,
    -- doping...), kept as text because analysts grow the list.
    kind         text,
    description  text,
    starts_on    date,
    ends_on      date,
    -- Normalised words of the alleged act, used to gather accusations from
    -- many articles under one event.
    match_key    text,
    origin       record_origin not null default 'importer',
    review       review_state not null default 'unreviewed',
    version      integer not null default 1,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    constraint events_name_not_blank check (btrim(name) <> ''),
    constraint events_span_ordered check (starts_on is null or ends_on is null or starts_on <= ends_on)
);
create index events_match_key_idx on events (match_key);
create trigger events_updated_at before update on events
    for each row execute function set_updated_at();

-- ---------------------------------------------------------------------------
-- Accusations and responses
-- ---------------------------------------------------------------------------

create table accusations (
    id              uuid primary key,
    -- Every accusation has an accuser. When the text does not say who
    -- ("Y has been accused of"), the accuser is the 'unattributed' actor.
    accuser_id      uuid not null references actors (id),
    -- Null when a finding blames no one ("the report does not place blame").
    accused_id      uuid references actors (id),
    event_id        uuid references events (id) on delete set null,
    -- The alleged wrongdoing in a few words.
    allegation      text,
    -- The accuser's own qualifier, verbatim ("almost certainly"), and its level.
    hedge           text,
    hedge_level     hedge_level,
    -- When the accusation was made (not when the alleged act happened);
    -- null only when neither the text nor its article gives any date.
    stated_on       date,
    date_precision  date_precision not null default 'day',
    date_source     date_source not null default 'text',
    origin          record_origin not null default 'importer',
    -- The same accusation reported by five outlets is one row with five
    -- pieces of evidence, so counts mean statements: the importer matches
    -- speaker, accused, day and subject words before inserting (subjects
    -- are worded differently by each outlet, so no exact key would do).
    review          review_state not null default 'unreviewed',
    version         integer not null default 1,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    constraint accusations_hedge_level_with_hedge check (hedge is not null or hedge_level is null),
    constraint accusations_undated_says_so check ((stated_on is null) = (date_source = 'unknown'))
);
create index accusations_accuser_idx on accusations (accuser_id, stated_on, id);
create index accusations_accused_idx on accusations (accused_id, stated_on, id);
create index accusations_event_idx on accusations (event_id);
create index accusations_stated_on_idx on accusations (stated_on, id);
create trigger accusations_updated_at before update on accusations
    for each row execute function set_updated_at();

-- Joint statements: "Raab and the NCSC accused...".
create table accusation_co_accusers (
    accusation_id  uuid not null references accusations (id) on delete cascade,
    actor_id       uuid not null references actors (id),
    primary key (accusation_id, actor_id)
);
create index accusation_co_accusers_actor_idx on accusation_co_accusers (actor_id);

create table responses (
    id              uuid primary key,
    responder_id    uuid not null references actors (id),
    -- The accuser being answered, when the text says.
    target_id       uuid references actors (id),
    kind            response_kind not null,
    -- What the response is about, in a few words.
    summary         text,
    stated_on       date,
    date_precision  date_precision not null default 'day',
    date_source     date_source not null default 'text',
    origin          record_origin not null default 'importer',
    review          review_state not null default 'unreviewed',
    version         integer not null default 1,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    constraint responses_undated_says_so check ((stated_on is null) = (date_source = 'unknown'))
);
create index responses_responder_idx on responses (responder_id, stated_on, id);
create index responses_target_idx on responses (target_id, stated_on, id);
create index responses_stated_on_idx on responses (stated_on, id);
create trigger responses_updated_at before update on responses
    for each row execute function set_updated_at();

-- Which accusations a response answers (many to many: one denial can answer
-- several accusations, one accusation draws many responses).
create table response_links (
    response_id    uuid not null references responses (id) on delete cascade,
    accusation_id  uuid not null references accusations (id) on delete cascade,
    origin         record_origin not null default 'importer',
    created_at     timestamptz not null default now(),
    primary key (response_id, accusation_id)
);
create index response_links_accusation_idx on response_links (accusation_id);

-- ---------------------------------------------------------------------------
-- Evidence: every record points at the exact span of text it came from
-- ---------------------------------------------------------------------------

create table evidence (
    id                 uuid primary key,
    article_id         uuid not null references articles (id) on delete cascade,
    -- Exactly one record is evidenced by each row.
    accusation_id      uuid references accusations (id) on delete cascade,
    response_id        uuid references responses (id) on delete cascade,
    actor_id           uuid references actors (id) on delete cascade,
    event_id           uuid references events (id) on delete cascade,
    -- Character (Unicode code point) offsets into articles.text, end exclusive.
    char_start         integer not null,
    char_end           integer not null,
    sentence           text not null,
    -- How it was found: the importer's rule and version, or an analyst.
    found_by           record_origin not null,
    extractor_version  text,
    rule               text,
    analyst            text,
    confidence         real not null default 1.0,
    sentence_tsv       tsvector generated always as (to_tsvector('english', sentence)) stored,
    created_at         timestamptz not null default now(),
    constraint evidence_exactly_one_record
        check (num_nonnulls(accusation_id, response_id, actor_id, event_id) = 1),
    constraint evidence_span_ordered check (char_start >= 0 and char_start < char_end),
    constraint evidence_confidence_range check (confidence >= 0 and confidence <= 1),
    constraint evidence_importer_names_rule
        check (found_by <> 'importer' or (extractor_version is not null and rule is not null))
);
create index evidence_article_idx on evidence (article_id);
create index evidence_accusation_idx on evidence (accusation_id) where accusation_id is not null;
create index evidence_response_idx on evidence (response_id) where response_id is not null;
create index evidence_actor_idx on evidence (actor_id) where actor_id is not null;
create index evidence_event_idx on evidence (event_id) where event_id is not null;
create index evidence_sentence_tsv_idx on evidence using gin (sentence_tsv);

-- A span must lie inside its article. A check constraint cannot look at
-- another table, so a trigger does it.
create function evidence_span_within_article() returns trigger
language plpgsql as $$
declare
    len integer;
begin
    select text_length into len from articles where id = new.article_id;
    if new.char_end > len then
        raise exception 'evidence span %..% ends past its article (% characters)',
            new.char_start, new.char_end, len
            using errcode = 'check_violation', constraint = 'evidence_span_within_article';
    end if;
    return new;
end;
$$;
create trigger evidence_span_within_article before insert or update on evidence
    for each row execute function evidence_span_within_article();

-- ---------------------------------------------------------------------------
-- API keys and the audit log
-- ---------------------------------------------------------------------------

-- Only a SHA-256 of each key is stored; the key itself is shown once.
create table api_keys (
    id            uuid primary key,
    name          text not null,
    role          api_role not null,
    key_hash      bytea not null,
    created_at    timestamptz not null default now(),
    revoked_at    timestamptz,
    last_used_at  timestamptz,
    constraint api_keys_name_key unique (name),
    constraint api_keys_key_hash_key unique (key_hash),
    constraint api_keys_name_not_blank check (btrim(name) <> ''),
    constraint api_keys_key_hash_is_sha256 check (octet_length(key_hash) = 32)
);

-- Every change an analyst or the importer's API makes: who, when, what,
-- before and after. Rows are only ever inserted.
create table audit_log (
    id          bigint generated always as identity primary key,
    at          timestamptz not null default now(),
    api_key_id  uuid references api_keys (id) on delete set null,
    -- The key's name (or "cli"), kept even if the key is deleted later.
    who         text not null,
    action      text not null,
    entity      text not null,
    entity_id   uuid,
    before      jsonb,
    after       jsonb
);
create index audit_log_entity_idx on audit_log (entity, entity_id);
create index audit_log_at_idx on audit_log (at);

-- ---------------------------------------------------------------------------
-- The timeline, straight from psql
-- ---------------------------------------------------------------------------

-- Accusations and responses in the order they were made, with their actors'
-- names. Rejected records are left out.
--   select * from timeline where speaker = 'Russia' order by stated_on, id;
create view timeline as
select
    'accusation'::text         as record,
    a.id                       as id,
    a.stated_on                as stated_on,
    a.date_precision           as date_precision,
    'accusation'::text         as kind,
    speaker.id                 as speaker_id,
    speaker.name               as speaker,
    other.id                   as other_id,
    other.name                 as other,
    a.allegation               as subject,
    a.hedge                    as hedge,
    a.event_id                 as event_id,
    a.review                   as review
from accusations a
join actors speaker on speaker.id = a.accuser_id
left join actors other on other.id = a.accused_id
where a.review <> 'rejected'
union all
select
    'response',
    r.id,
    r.stated_on,
    r.date_precision,
    r.kind::text,
    speaker.id,
    speaker.name,
    other.id,
    other.name,
    r.summary,
    null,
    null,
    r.review
from responses r
join actors speaker on speaker.id = r.responder_id
left join actors other on other.id = r.target_id
where r.review <> 'rejected';

comment on view timeline is
    'Accusations and responses in date order with actor names: order by stated_on, id.';
