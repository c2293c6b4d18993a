-- Who accused whom, pre-aggregated.
--
-- GET /relations without filters (the matrix a dashboard opens with) would
-- otherwise aggregate every accusation and its responses on each request:
-- seconds at a million statements. relation_pairs holds that default view
-- (rejected records left out, undated ones too) one row per accuser ->
-- accused pair, so the matrix is an index scan.
--
-- It is kept right lazily rather than inside every write: triggers note
-- which pairs a write touched in relation_pairs_dirty (a plain append, no
-- locks shared between writers), and relation_pairs_refresh() recomputes
-- just those pairs from the base tables. A reader calls it before reading,
-- so it always sees every committed write; the server and the importer also
-- call it after their own writes so readers rarely wait. A pair's mark
-- becomes visible in the same commit as the change that made it, so a
-- refresh never consumes a mark whose change it cannot see.

create table relation_pairs (
    accuser_id    uuid not null,
    -- Null for findings that blame no one.
    accused_id    uuid,
    accusations   integer not null,
    -- Accusations with at least one (non-rejected) response linked.
    answered      integer not null,
    -- Responses linked to these accusations, by kind: {"denial": 3, ...}.
    responses     jsonb not null,
    -- Median days from an accusation to its first response.
    median_days   double precision
);
create unique index relation_pairs_key on relation_pairs (accuser_id, accused_id) nulls not distinct;
create index relation_pairs_size_idx on relation_pairs (accusations desc, accuser_id, accused_id);

create table relation_pairs_dirty (
    accuser_id  uuid not null,
    accused_id  uuid
);

-- Recomputing one pair probes its accusations directly; the same index
-- serves a pair's timeline (both directions, affiliates included), which
-- otherwise walks every statement of the more active side.
create index accusations_parties_idx on accusations (accuser_id, accused_id, stated_on, id);
create index responses_parties_idx on responses (responder_id, target_id, stated_on, id);

-- Every accusation is dirty at first (a database migrated with data in it).
insert into relation_pairs_dirty select distinct accuser_id, accused_id from accusations;

create function relation_pairs_mark_accusations() returns trigger
language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        insert into relation_pairs_dirty select distinct accuser_id, accused_id from old_rows;
    end if;
    if tg_op in ('UPDATE', 'INSERT') then
        insert into relation_pairs_dirty select distinct accuser_id, accused_id from new_rows;
    end if;
    return null;
end $$;

create trigger accusations_mark_relations_insert after insert on accusations
    referencing new table as new_rows
    for each statement execute function relation_pairs_mark_accusations();
create trigger accusations_mark_relations_update after update on accusations
    referencing old table as old_rows new table as new_rows
    for each statement execute function relation_pairs_mark_accusations();
create trigger accusations_mark_relations_delete after delete on accusations
    referencing old table as old_rows
    for each statement execute function relation_pairs_mark_accusations();

-- A link added or removed changes whether its accusation is answered.
create function relation_pairs_mark_links() returns trigger
language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        insert into relation_pairs_dirty
        select distinct a.accuser_id, a.accused_id
        from old_rows l join accusations a on a.id = l.accusation_id;
    end if;
    if tg_op in ('UPDATE', 'INSERT') then
        insert into relation_pairs_dirty
        select distinct a.accuser_id, a.accused_id
        from new_rows l join accusations a on a.id = l.accusation_id;
    end if;
    return null;
end $$;

create trigger response_links_mark_relations_insert after insert on response_links
    referencing new table as new_rows
    for each statement execute function relation_pairs_mark_links();
create trigger response_links_mark_relations_update after update on response_links
    referencing old table as old_rows new table as new_rows
    for each statement execute function relation_pairs_mark_links();
create trigger response_links_mark_relations_delete after delete on response_links
    referencing old table as old_rows
    for each statement execute function relation_pairs_mark_links();

-- A response's date, kind or review changes the pairs it answers. (A
-- deleted response takes its links with it, and the links' trigger fires.)
create function relation_pairs_mark_responses() returns trigger
language plpgsql as $$
begin
    insert into relation_pairs_dirty
    select distinct a.accuser_id, a.accused_id
    from new_rows r
    join response_links l on l.response_id = r.id
    join accusations a on a.id = l.accusation_id;
    return null;
end $$;

create trigger responses_mark_relations_update after update on responses
    referencing new table as new_rows
    for each statement execute function relation_pairs_mark_responses();

-- Recompute the pairs marked dirty; returns how many pairs were recomputed.
-- Refreshes are serialised by an advisory lock; each statement below sees
-- everything committed before it began, the marks it consumes included.
create function relation_pairs_refresh() returns integer
language plpgsql as $$
declare
    recomputed integer;
begin
    if not exists (select 1 from relation_pairs_dirty) then
        return 0;
    end if;
    perform pg_advisory_xact_lock(hashtext('riposte.relation_pairs'));

    create temp table if not exists relation_pairs_todo (
        accuser_id uuid not null,
        accused_id uuid
    ) on commit drop;
    truncate relation_pairs_todo;
    with taken as (delete from relation_pairs_dirty returning accuser_id, accused_id)
    insert into relation_pairs_todo select distinct accuser_id, accused_id from taken;
    get diagnostics recomputed = row_count;
    if recomputed = 0 then
        return 0;
    end if;
    analyze relation_pairs_todo;

    delete from relation_pairs p using relation_pairs_todo t
    where p.accuser_id = t.accuser_id
      and coalesce(p.accused_id, '00000000-0000-0000-0000-000000000000'::uuid)
        = coalesce(t.accused_id, '00000000-0000-0000-0000-000000000000'::uuid);

    -- The same figures as the unfiltered GET /relations computed from the
    -- base tables (src/store/relations.rs, `aggregate_relations`).
    -- Pairs with an accused and findings that blame no one are probed
    -- apart, so that both are plain lookups in accusations_parties_idx.
    with acc as (
        select a.id, a.accuser_id, a.accused_id, a.stated_on
        from relation_pairs_todo t
        join accusations a on a.accuser_id = t.accuser_id and a.accused_id = t.accused_id
        where a.stated_on is not null and a.review <> 'rejected'
        union all
        select a.id, a.accuser_id, a.accused_id, a.stated_on
        from relation_pairs_todo t
        join accusations a on a.accuser_id = t.accuser_id and a.accused_id is null
        where t.accused_id is null and a.stated_on is not null and a.review <> 'rejected'
    ), resp as (
        select l.accusation_id, r.id, r.kind, r.stated_on
        from acc join response_links l on l.accusation_id = acc.id
        join responses r on r.id = l.response_id
        where r.review <> 'rejected'
    ), firsts as (
        select accusation_id, min(stated_on) as first_on from resp group by 1
    ), pairs as (
        select acc.accuser_id, acc.accused_id, count(*) as n, count(f.first_on) as answered,
               percentile_cont(0.5) within group (order by (f.first_on - acc.stated_on)) as median_days
        from acc left join firsts f on f.accusation_id = acc.id
        group by 1, 2
    ), kinds as (
        select acc.accuser_id, acc.accused_id, resp.kind::text as kind, count(distinct resp.id) as n
        from acc join resp on resp.accusation_id = acc.id
        group by 1, 2, 3
    )
    insert into relation_pairs (accuser_id, accused_id, accusations, answered, responses, median_days)
    select p.accuser_id, p.accused_id, p.n, p.answered,
           coalesce(jsonb_object_agg(k.kind, k.n) filter (where k.kind is not null), '{}'::jsonb),
           p.median_days
    from pairs p
    left join kinds k on k.accuser_id = p.accuser_id
        and coalesce(k.accused_id, '00000000-0000-0000-0000-000000000000'::uuid)
          = coalesce(p.accused_id, '00000000-0000-0000-0000-000000000000'::uuid)
    group by p.accuser_id, p.accused_id, p.n, p.answered, p.median_days;

    return recomputed;
end $$;
