-- What the HTTP API's queries need beyond the base schema.

-- Fuzzy actor look-up (GET /actors?q=) compares the query with canonical
-- names as well as aliases; the trigram index makes `lower(name) % $1` an
-- index scan.
create index actors_name_trgm_idx on actors using gin (lower(name) gin_trgm_ops);

-- The actor list is keyset-paged by (name, id), and merged actors are
-- never listed.
create index actors_name_id_idx on actors (name, id) where merged_into is null;

-- Timeline filters by affiliation look up "who was affiliated with X" and
-- then test the speaker; this covers the (actor, affiliated_with) probe.
create index actor_affiliations_actor_with_idx on actor_affiliations (actor_id, affiliated_with);

-- Exact alias look-up for the timeline's `actor=` name filter is already
-- indexed (actor_aliases_normalized_idx); canonical names are matched by
-- lower(name).
create index actors_lower_name_idx on actors (lower(name));
