//! The actor registry the importer resolves mentions against: the gazetteer
//! loaded into the actor tables, plus every actor found by earlier imports.
//! Held in memory by the single writer, so resolving a mention costs a hash
//! look-up and a new actor is created once, never duplicated.

use std::collections::HashMap;

use sqlx::PgConnection;
use uuid::Uuid;

use crate::domain::normalize_name;
use crate::extract::{ExtractedActor, Gazetteer};

/// The stand-in accuser of "Y has been accused of Z" (the text names none):
/// every accusation has an accuser, so an unattributed one points here.
pub const UNATTRIBUTED_KEY: &str = "unattributed";

/// The database's clock now (not the transaction's start), the time actors
/// are created at and `catch_up` reads from.
async fn database_now(
    conn: &mut PgConnection,
) -> Result<chrono::DateTime<chrono::Utc>, sqlx::Error> {
    sqlx::query_scalar!(r#"select clock_timestamp() as "now!""#)
        .fetch_one(&mut *conn)
        .await
}

/// The advisory lock key of the writers' turn ("riposte" in ASCII).
const WRITER_TURN_LOCK: i64 = 0x0072_6970_6f73_7465;

#[derive(Debug, Default)]
pub struct ActorRegistry {
    by_gazetteer_key: HashMap<String, Uuid>,
    by_name: HashMap<String, Uuid>,
    /// What each actor speaks for (a spokesman's presidency, a ministry's
    /// state), used to tell which side of an accusation a responder is on.
    speaks_for: HashMap<Uuid, Vec<Uuid>>,
    countries: HashMap<Uuid, Option<String>>,
    unattributed: Option<Uuid>,
    /// When `catch_up` last read the actors others created.
    seen_until: Option<chrono::DateTime<chrono::Utc>>,
    /// Undo logs: the registry caches actors created inside transactions
    /// that may still roll back.
    article_journal: Journal,
    batch_journal: Journal,
}

impl ActorRegistry {
    /// Load (or refresh) the gazetteer into the actor tables, then read every
    /// actor back. Idempotent: re-running updates gazetteer rows in place,
    /// except those an analyst confirmed or corrected.
    #[tracing::instrument(skip_all, err(level = "debug"))]
    pub async fn load(conn: &mut PgConnection, gazetteer: &Gazetteer) -> Result<Self, sqlx::Error> {
        let actors = gazetteer.actors();
        let mut ids = Vec::with_capacity(actors.len() + 1);
        let mut names = Vec::with_capacity(actors.len() + 1);
        let mut kinds = Vec::with_capacity(actors.len() + 1);
        let mut countries = Vec::with_capacity(actors.len() + 1);
        let mut descriptions = Vec::with_capacity(actors.len() + 1);
        let mut keys = Vec::with_capacity(actors.len() + 1);
        for actor in actors {
            ids.push(Uuid::new_v4());
            names.push(actor.name.clone());
            kinds.push(actor.kind.as_str().to_owned());
            countries.push(actor.country.clone());
            descriptions.push(actor.description.clone());
            keys.push(actor.key.clone());
        }
        ids.push(Uuid::new_v4());
        names.push("Unattributed".to_owned());
        kinds.push("unknown".to_owned());
        countries.push(None);
        descriptions.push(Some(
            "Stands for the unnamed accuser of \"X has been accused of...\"".to_owned(),
        ));
        keys.push(UNATTRIBUTED_KEY.to_owned());

        let rows = sqlx::query!(
            r#"
            insert into actors (id, name, kind, country, description, gazetteer_key)
            select id, name, kind::actor_kind, country, description, key
            from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
                as g(id, name, kind, country, description, key)
            on conflict (gazetteer_key) do update
                set name = excluded.name, kind = excluded.kind,
                    country = excluded.country, description = excluded.description,
                    version = actors.version + 1
                where actors.review not in ('confirmed', 'corrected')
                  and (actors.name, actors.kind, actors.country, actors.description)
                      is distinct from
                      (excluded.name, excluded.kind, excluded.country, excluded.description)
            "#,
            &ids,
            &names,
            &kinds,
            &countries as &[Option<String>],
            &descriptions as &[Option<String>],
            &keys,
        )
        .execute(&mut *conn)
        .await?;
        tracing::debug!(changed = rows.rows_affected(), "gazetteer actors loaded");

        let key_to_id: HashMap<String, Uuid> = sqlx::query!(
            "select id, gazetteer_key as \"key!\" from actors where gazetteer_key is not null"
        )
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|r| (r.key, r.id))
        .collect();

        // Aliases: the name, the formal name and every alias, in look-up form.
        let (mut alias_ids, mut alias_actor, mut alias_text, mut alias_norm) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for actor in actors {
            let Some(&actor_id) = key_to_id.get(&actor.key) else {
                continue;
            };
            let forms = std::iter::once(&actor.name)
                .chain(actor.formal_name.iter())
                .chain(actor.aliases.iter());
            for form in forms {
                let normalized = normalize_name(form);
                if normalized.is_empty() {
                    continue;
                }
                alias_ids.push(Uuid::new_v4());
                alias_actor.push(actor_id);
                alias_text.push(form.clone());
                alias_norm.push(normalized);
            }
        }
        sqlx::query!(
            r#"
            insert into actor_aliases (id, actor_id, alias, normalized)
            select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[])
            on conflict (actor_id, normalized) do nothing
            "#,
            &alias_ids,
            &alias_actor,
            &alias_text,
            &alias_norm,
        )
        .execute(&mut *conn)
        .await?;

        let (mut aff_ids, mut aff_actor, mut aff_with, mut aff_role, mut aff_from, mut aff_to) = (
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
        );
        for actor in actors {
            for aff in &actor.affiliations {
                let (Some(&from_id), Some(&with_id)) =
                    (key_to_id.get(&actor.key), key_to_id.get(&aff.of))
                else {
                    continue;
                };
                if from_id == with_id {
                    continue;
                }
                aff_ids.push(Uuid::new_v4());
                aff_actor.push(from_id);
                aff_with.push(with_id);
                aff_role.push(aff.role.clone().unwrap_or_else(|| "affiliated".to_owned()));
                aff_from.push(aff.from);
                aff_to.push(aff.to);
            }
        }
        sqlx::query!(
            r#"
            insert into actor_affiliations (id, actor_id, affiliated_with, role, valid_from, valid_to)
            select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::date[], $6::date[])
            on conflict on constraint actor_affiliations_key do nothing
            "#,
            &aff_ids,
            &aff_actor,
            &aff_with,
            &aff_role,
            &aff_from as &[Option<chrono::NaiveDate>],
            &aff_to as &[Option<chrono::NaiveDate>],
        )
        .execute(&mut *conn)
        .await?;

        Self::read(conn).await
    }

    /// The registry as the database holds it, loading the gazetteer first
    /// only when it has never been loaded: cheap enough to do per request.
    pub async fn load_existing(
        conn: &mut PgConnection,
        gazetteer: &Gazetteer,
    ) -> Result<Self, sqlx::Error> {
        let registry = Self::read(conn).await?;
        if registry.unattributed.is_some() {
            Ok(registry)
        } else {
            Self::load(conn, gazetteer).await
        }
    }

    /// Every live actor (not merged away), with its names and affiliations.
    async fn read(conn: &mut PgConnection) -> Result<Self, sqlx::Error> {
        let mut registry = Self {
            seen_until: Some(database_now(conn).await?),
            ..Self::default()
        };
        let actors = sqlx::query!(
            "select id, name, country, gazetteer_key from actors where merged_into is null"
        )
        .fetch_all(&mut *conn)
        .await?;
        for row in actors {
            registry.countries.insert(row.id, row.country);
            if let Some(key) = row.gazetteer_key {
                if key == UNATTRIBUTED_KEY {
                    registry.unattributed = Some(row.id);
                }
                registry.by_gazetteer_key.insert(key, row.id);
            }
            registry
                .by_name
                .entry(normalize_name(&row.name))
                .or_insert(row.id);
        }
        let links = sqlx::query!("select actor_id, affiliated_with from actor_affiliations")
            .fetch_all(&mut *conn)
            .await?;
        for link in links {
            registry
                .speaks_for
                .entry(link.actor_id)
                .or_default()
                .push(link.affiliated_with);
        }
        Ok(registry)
    }

    pub fn unattributed(&self) -> Option<Uuid> {
        self.unattributed
    }

    pub fn country_of(&self, id: Uuid) -> Option<&str> {
        self.countries.get(&id).and_then(|c| c.as_deref())
    }

    /// The actor and everything it speaks for, transitively (Peskov → the
    /// presidency → Russia), for deciding which side someone is on.
    pub fn sides(&self, id: Uuid) -> Vec<Uuid> {
        let mut seen = vec![id];
        let mut i = 0;
        while i < seen.len() && seen.len() < 16 {
            if let Some(next) = self.speaks_for.get(&seen[i]) {
                for n in next {
                    if !seen.contains(n) {
                        seen.push(*n);
                    }
                }
            }
            i += 1;
        }
        seen
    }

    /// The database actor an extracted actor is: its gazetteer entry, else an
    /// actor of the same name found before, else a new actor (created here,
    /// inside the article's transaction).
    pub async fn resolve(
        &mut self,
        conn: &mut PgConnection,
        actor: &ExtractedActor,
    ) -> Result<Uuid, sqlx::Error> {
        if let Some(key) = &actor.gazetteer_key
            && let Some(&id) = self.by_gazetteer_key.get(key)
        {
            return Ok(id);
        }
        let normalized = normalize_name(&actor.name);
        if let Some(&id) = self.by_name.get(&normalized) {
            return Ok(id);
        }
        let id = Uuid::new_v4();
        let country = actor
            .country
            .clone()
            .filter(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()));
        sqlx::query!(
            // clock_timestamp(), not the transaction's start: the moment of
            // creation, inside the writer's turn, that `catch_up` reads from
            "insert into actors (id, name, kind, country, created_at)
             values ($1, $2, $3::text::actor_kind, $4, clock_timestamp())",
            id,
            actor.name,
            actor.kind.as_str(),
            country,
        )
        .execute(&mut *conn)
        .await?;
        // Only proper names become aliases; "the spokesman" or "he" name
        // this actor in one article, not in the world.
        let mut forms: Vec<(String, String)> = Vec::new();
        for form in std::iter::once(&actor.name).chain(actor.aliases.iter()) {
            let normalized = normalize_name(form);
            let proper = form
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic());
            if !normalized.is_empty() && proper && !forms.iter().any(|(_, n)| n == &normalized) {
                forms.push((form.clone(), normalized));
            }
        }
        for (alias, normalized) in &forms {
            sqlx::query!(
                "insert into actor_aliases (id, actor_id, alias, normalized) values ($1, $2, $3, $4)
                 on conflict (actor_id, normalized) do nothing",
                Uuid::new_v4(),
                id,
                alias,
                normalized,
            )
            .execute(&mut *conn)
            .await?;
        }
        self.countries.insert(id, country);
        self.article_journal.names.push(normalized.clone());
        self.by_name.insert(normalized, id);
        Ok(id)
    }

    /// Waits for this transaction's turn to write articles and actors, and
    /// holds it until the transaction ends. Imports (and API posts) that
    /// run at once then write one batch at a time, each seeing what the
    /// others committed: no actor is created twice, and no two writers wait
    /// on each other's rows (taken first, the turn cannot deadlock).
    pub async fn take_writer_turn(conn: &mut PgConnection) -> Result<(), sqlx::Error> {
        sqlx::query!("select pg_advisory_xact_lock($1)", WRITER_TURN_LOCK)
            .execute(&mut *conn)
            .await?;
        Ok(())
    }

    /// Learns the actors other writers created since this registry last
    /// looked (call it in the writer's turn, so they have committed): a
    /// second import running at once reuses them instead of creating its
    /// own.
    pub async fn catch_up(&mut self, conn: &mut PgConnection) -> Result<(), sqlx::Error> {
        let now = database_now(conn).await?;
        if let Some(since) = self.seen_until {
            let rows = sqlx::query!(
                "select id, name, country from actors
                 where created_at >= $1 and merged_into is null",
                since
            )
            .fetch_all(&mut *conn)
            .await?;
            for row in rows {
                self.countries.entry(row.id).or_insert(row.country);
                self.by_name
                    .entry(normalize_name(&row.name))
                    .or_insert(row.id);
            }
        }
        self.seen_until = Some(now);
        Ok(())
    }

    /// Record that `actor` speaks for `of` (a spokesman for his state), as
    /// the article tells it.
    pub async fn affiliate(
        &mut self,
        conn: &mut PgConnection,
        actor: Uuid,
        of: Uuid,
        role: &str,
    ) -> Result<(), sqlx::Error> {
        if actor == of || self.speaks_for.get(&actor).is_some_and(|v| v.contains(&of)) {
            return Ok(());
        }
        sqlx::query!(
            "insert into actor_affiliations (id, actor_id, affiliated_with, role) values ($1, $2, $3, $4)
             on conflict on constraint actor_affiliations_key do nothing",
            Uuid::new_v4(),
            actor,
            of,
            role,
        )
        .execute(&mut *conn)
        .await?;
        self.speaks_for.entry(actor).or_default().push(of);
        self.article_journal.links.push((actor, of));
        Ok(())
    }

    /// The article in flight was stored: what it taught the registry now
    /// belongs to the batch, kept if the batch commits.
    pub fn article_kept(&mut self) {
        let article = std::mem::take(&mut self.article_journal);
        self.batch_journal.names.extend(article.names);
        self.batch_journal.links.extend(article.links);
    }

    /// The article in flight was rolled back: forget the actors and links it
    /// created, which do not exist.
    pub fn article_rolled_back(&mut self) {
        let journal = std::mem::take(&mut self.article_journal);
        self.forget(journal);
    }

    /// The batch committed: nothing to forget any more.
    pub fn batch_committed(&mut self) {
        self.batch_journal = Journal::default();
    }

    /// The batch failed to commit: forget everything it created.
    pub fn batch_rolled_back(&mut self) {
        let journal = std::mem::take(&mut self.batch_journal);
        self.forget(journal);
        self.article_rolled_back();
    }

    fn forget(&mut self, journal: Journal) {
        for name in journal.names {
            if let Some(id) = self.by_name.remove(&name) {
                self.countries.remove(&id);
            }
        }
        for (actor, of) in journal.links {
            if let Some(list) = self.speaks_for.get_mut(&actor) {
                list.retain(|x| *x != of);
            }
        }
    }
}

/// What the registry learnt since a point it may have to roll back to.
#[derive(Debug, Default)]
struct Journal {
    names: Vec<String>,
    links: Vec<(Uuid, Uuid)>,
}
