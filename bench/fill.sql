-- A large, realistic dataset for benchmarks: 5,000 actors (one of them
-- Russia, with aliases and spokespeople affiliated over time), accusations
-- and responses over 20 years (a million statements by default), each with
-- a piece of evidence in one of 100,000 articles.
--
--   psql -v accusations=600000 -v responses=400000 -f bench/fill.sql
--
-- Generated in the server with generate_series (the fastest bulk path, no
-- round trips). Who accuses whom is skewed like the real thing: a few
-- states do most of the talking (actor index = 5000 * random()^3).

\set ON_ERROR_STOP on
\if :{?accusations} \else \set accusations 600000 \endif
\if :{?responses} \else \set responses 400000 \endif
\if :{?actors} \else \set actors 5000 \endif
\if :{?articles} \else \set articles 100000 \endif

select setseed(0.42);

create temp table actor_ix as
select i, gen_random_uuid() as id from generate_series(1, :actors) i;
create unique index on actor_ix (i);

insert into actors (id, name, kind, country, origin, review)
select id,
       case i when 1 then 'Russia' when 2 then 'United States' when 3 then 'United Kingdom'
              when 4 then 'China' when 5 then 'Ukraine' else 'Actor ' || i end,
       (array['state','person','organization','group','person']::actor_kind[])[1 + i % 5],
       (array['RUS','USA','GBR','CHN','UKR','FRA','DEU','POL','EST','IRN'])[1 + i % 10],
       'importer', 'unreviewed'
from actor_ix;

insert into actor_aliases (id, actor_id, alias, normalized)
select gen_random_uuid(), a.id, a.name, lower(a.name) from actors a
union all
select gen_random_uuid(), a.id, 'the ' || a.name || ' side', lower(a.name) || ' side' from actors a
union all
select gen_random_uuid(), x.id, v.alias, v.normalized
from actor_ix x, (values ('Moscow', 'moscow'), ('the Kremlin', 'kremlin'), ('Russian Federation', 'russian federation')) v(alias, normalized)
where x.i = 1;

-- Russia's spokespeople: actors 6..45, each for a four-year span.
insert into actor_affiliations (id, actor_id, affiliated_with, role, valid_from, valid_to)
select gen_random_uuid(), p.id, r.id, 'spokesperson',
       date '2005-01-01' + ((p.i - 6) % 5) * 1460, date '2005-01-01' + ((p.i - 6) % 5) * 1460 + 1460
from actor_ix p, actor_ix r
where r.i = 1 and p.i between 6 and 45;

insert into sources (id, name) values (gen_random_uuid(), 'bench wire');

create temp table article_ix as
select i, gen_random_uuid() as id from generate_series(1, :articles) i;
create unique index on article_ix (i);

insert into articles (id, source_id, name, url, title, published_on, published_precision, text, content_hash, imported_by)
select x.id, (select id from sources limit 1), 'bench-' || x.i || '.txt',
       'https://bench.example/' || x.i, 'Bench article ' || x.i,
       date '2005-01-01' + (x.i % 7300), 'day',
       t.text, sha256(convert_to(t.text, 'UTF8')), 'bench'
from article_ix x,
     lateral (select 'Officials said on Tuesday that the government was behind the attack, article ' || x.i
                     || '. The accused side denied any involvement and called the claims groundless. '
                     || repeat('Filler sentence about diplomacy and sanctions. ', 4) as text) t;

create temp table acc as
select i, gen_random_uuid() as id,
       1 + floor(:actors * power(random(), 3))::int as accuser,
       1 + floor(:actors * power(random(), 3))::int as accused,
       date '2005-01-01' + floor(random() * 7300)::int as stated_on
from generate_series(1, :accusations) i;

insert into accusations (id, accuser_id, accused_id, allegation, stated_on, origin, review)
select acc.id, s.id, case when acc.accused = acc.accuser then null else o.id end,
       (array['interference in the election','a cyberattack on ministries','the poisoning of a defector',
              'state-sponsored doping','war crimes','espionage','disinformation'])[1 + acc.i % 7],
       acc.stated_on, 'importer',
       (array['unreviewed','unreviewed','unreviewed','confirmed','rejected']::review_state[])[1 + acc.i % 5]
from acc join actor_ix s on s.i = acc.accuser join actor_ix o on o.i = acc.accused;

create temp table resp as
select i, gen_random_uuid() as id, 1 + floor(random() * :accusations)::int as answers,
       floor(random() * 30)::int as delay
from generate_series(1, :responses) i;

insert into responses (id, responder_id, target_id, kind, stated_on, origin, review)
select r.id, coalesce(a.accused_id, a.accuser_id), a.accuser_id,
       (array['denial','dismissal','counter_accusation','deflection','threat','admission','no_comment']::response_kind[])[1 + r.i % 7],
       a.stated_on + r.delay, 'importer', 'unreviewed'
from resp r join acc x on x.i = r.answers join accusations a on a.id = x.id;

insert into response_links (response_id, accusation_id)
select r.id, x.id from resp r join acc x on x.i = r.answers
on conflict do nothing;

-- One piece of evidence per statement, in an article near its date.
insert into evidence (id, article_id, accusation_id, char_start, char_end, sentence, found_by, extractor_version, rule, confidence)
select gen_random_uuid(), ar.id, acc.id, 0, 60,
       'Officials said the government was behind the attack.', 'importer', 'bench', 'bench', 0.9
from acc join article_ix ar on ar.i = 1 + (acc.i % :articles);

insert into evidence (id, article_id, response_id, char_start, char_end, sentence, found_by, extractor_version, rule, confidence)
select gen_random_uuid(), ar.id, resp.id, 60, 140,
       'The accused side denied any involvement and called the claims groundless.', 'importer', 'bench', 'bench', 0.9
from resp join article_ix ar on ar.i = 1 + (resp.i % :articles);

-- The who-accused-whom rollup the triggers marked dirty, computed once here
-- rather than by the first GET /relations.
select relation_pairs_refresh() as relation_pairs;

analyze;

select (select count(*) from actors) as actors, (select count(*) from accusations) as accusations,
       (select count(*) from responses) as responses, (select count(*) from evidence) as evidence;
