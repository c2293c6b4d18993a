//! Actors, their aliases and affiliations: creation (shared with the
//! importer), look-up by any name, fuzzy search, correction and merging.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{PgConnection, PgExecutor};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{StoreError, StoreResult};
use crate::domain::{ActorKind, RecordOrigin, ReviewState, normalize_name};

/// An actor as other records name it.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct ActorRef {
    pub id: Uuid,
    pub name: String,
    pub kind: ActorKind,
    pub country: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Alias {
    pub id: Uuid,
    pub alias: String,
    pub normalized: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Affiliation {
    pub id: Uuid,
    /// The actor that is affiliated.
    pub actor: ActorRef,
    /// The actor it is affiliated with (speaks for, belongs to).
    pub with: ActorRef,
    pub role: String,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActorCounts {
    pub accusations_made: i64,
    pub accusations_received: i64,
    pub responses_made: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActorDetail {
    pub id: Uuid,
    pub name: String,
    pub kind: ActorKind,
    pub country: Option<String>,
    pub description: Option<String>,
    /// Set when this actor was merged into another: look that one up instead.
    pub merged_into: Option<Uuid>,
    pub origin: RecordOrigin,
    pub review: ReviewState,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub aliases: Vec<Alias>,
    /// Whom this actor is affiliated with.
    pub affiliations: Vec<Affiliation>,
    /// Who is affiliated with this actor (its spokespeople, ministers...).
    pub members: Vec<Affiliation>,
    pub counts: ActorCounts,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAffiliation {
    /// The actor this one is affiliated with.
    pub with: Uuid,
    pub role: String,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewActor {
    pub name: String,
    pub kind: ActorKind,
    /// ISO 3166-1 alpha-3 (RUS), or null for international bodies; required.
    #[serde(deserialize_with = "super::records::nullable")]
    pub country: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Other names; the canonical name is always an alias too.
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub affiliations: Vec<NewAffiliation>,
}

/// A correction: absent fields stay as they are; `null` clears a nullable
/// one; `aliases` and `affiliations`, when given, replace the lists.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActorPatch {
    pub name: Option<String>,
    pub kind: Option<ActorKind>,
    #[serde(default, deserialize_with = "super::records::present")]
    #[schema(value_type = Option<String>)]
    pub country: Option<Option<String>>,
    #[serde(default, deserialize_with = "super::records::present")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    pub aliases: Option<Vec<String>>,
    pub affiliations: Option<Vec<NewAffiliation>>,
}

/// Checked here as well as by the schema, because a long value fails the
/// `char(3)` column before the check constraint could name it.
fn check_country(country: Option<&str>) -> StoreResult<()> {
    match country {
        Some(c) if !(c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())) => {
            Err(StoreError::invalid(
                "country",
                format!("'{c}' is not an ISO 3166-1 alpha-3 code in capitals, such as RUS"),
            ))
        }
        _ => Ok(()),
    }
}

fn check_name(field: &str, name: &str) -> StoreResult<String> {
    let n = normalize_name(name);
    if n.is_empty() {
        return Err(StoreError::invalid(
            field,
            format!("'{name}' has no letters or digits"),
        ));
    }
    Ok(n)
}

/// Create an actor with its aliases (the name among them) and affiliations.
#[tracing::instrument(skip_all, err, fields(actor.name = %input.name))]
pub async fn create(
    conn: &mut PgConnection,
    input: &NewActor,
    origin: RecordOrigin,
    review: ReviewState,
) -> StoreResult<Uuid> {
    check_name("name", &input.name)?;
    check_country(input.country.as_deref())?;
    let id = Uuid::now_v7();
    sqlx::query!(
        r#"insert into actors (id, name, kind, country, description, origin, review)
           values ($1, $2, $3, $4, $5, $6, $7)"#,
        id,
        input.name.trim(),
        input.kind as ActorKind,
        input.country.as_deref(),
        input.description.as_deref(),
        origin as RecordOrigin,
        review as ReviewState,
    )
    .execute(&mut *conn)
    .await?;
    set_aliases(conn, id, &input.name, &input.aliases).await?;
    set_affiliations(conn, id, &input.affiliations, origin).await?;
    Ok(id)
}

/// Replace an actor's aliases; its canonical name is always one of them.
pub async fn set_aliases(
    conn: &mut PgConnection,
    actor: Uuid,
    name: &str,
    aliases: &[String],
) -> StoreResult<()> {
    let mut texts = Vec::new();
    let mut normals: Vec<String> = Vec::new();
    for (i, alias) in std::iter::once(name)
        .chain(aliases.iter().map(String::as_str))
        .enumerate()
    {
        let field = if i == 0 {
            "name".to_owned()
        } else {
            format!("aliases[{}]", i - 1)
        };
        let n = check_name(&field, alias)?;
        if !normals.contains(&n) {
            normals.push(n);
            texts.push(alias.trim().to_owned());
        }
    }
    sqlx::query!(
        "delete from actor_aliases where actor_id = $1 and normalized <> all($2)",
        actor,
        &normals
    )
    .execute(&mut *conn)
    .await?;
    let ids: Vec<Uuid> = normals.iter().map(|_| Uuid::now_v7()).collect();
    sqlx::query!(
        r#"insert into actor_aliases (id, actor_id, alias, normalized)
           select id, $2, alias, normalized from unnest($1::uuid[], $3::text[], $4::text[])
               as t(id, alias, normalized)
           on conflict (actor_id, normalized) do nothing"#,
        &ids,
        actor,
        &texts,
        &normals,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Replace the affiliations an actor has (not those others have with it).
pub async fn set_affiliations(
    conn: &mut PgConnection,
    actor: Uuid,
    affiliations: &[NewAffiliation],
    origin: RecordOrigin,
) -> StoreResult<()> {
    sqlx::query!("delete from actor_affiliations where actor_id = $1", actor)
        .execute(&mut *conn)
        .await?;
    for a in affiliations {
        sqlx::query!(
            r#"insert into actor_affiliations (id, actor_id, affiliated_with, role, valid_from, valid_to, origin)
               values ($1, $2, $3, $4, $5, $6, $7)"#,
            Uuid::now_v7(),
            actor,
            a.with,
            a.role.trim(),
            a.valid_from,
            a.valid_to,
            origin as RecordOrigin,
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Apply a correction (the version check and audit are the caller's).
pub async fn update(conn: &mut PgConnection, id: Uuid, patch: &ActorPatch) -> StoreResult<()> {
    if let Some(name) = &patch.name {
        check_name("name", name)?;
    }
    if let Some(country) = &patch.country {
        check_country(country.as_deref())?;
    }
    let row = sqlx::query!(
        r#"update actors set
               name = coalesce($2, name),
               kind = coalesce($3, kind),
               country = case when $4 then $5 else country end,
               description = case when $6 then $7 else description end,
               review = case when origin = 'importer' then 'corrected'::review_state else review end,
               version = version + 1
           where id = $1
           returning name"#,
        id,
        patch.name.as_deref().map(str::trim),
        patch.kind as Option<ActorKind>,
        patch.country.is_some(),
        patch.country.clone().flatten(),
        patch.description.is_some(),
        patch.description.clone().flatten(),
    )
    .fetch_one(&mut *conn)
    .await?;
    if patch.name.is_some() || patch.aliases.is_some() {
        let aliases = match &patch.aliases {
            Some(a) => a.clone(),
            None => {
                sqlx::query_scalar!(
                    "select alias from actor_aliases where actor_id = $1 order by created_at",
                    id
                )
                .fetch_all(&mut *conn)
                .await?
            }
        };
        set_aliases(conn, id, &row.name, &aliases).await?;
    }
    if let Some(affiliations) = &patch.affiliations {
        set_affiliations(conn, id, affiliations, RecordOrigin::Analyst).await?;
    }
    Ok(())
}

pub async fn delete(conn: &mut PgConnection, id: Uuid) -> StoreResult<()> {
    sqlx::query!("delete from actors where id = $1", id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Move every record of `duplicate` to `survivor`, keep its names as
/// aliases, and leave it pointing at the survivor.
#[tracing::instrument(skip(conn), err)]
pub async fn merge(conn: &mut PgConnection, survivor: Uuid, duplicate: Uuid) -> StoreResult<()> {
    if survivor == duplicate {
        return Err(StoreError::invalid(
            "duplicate",
            "an actor cannot be merged into itself",
        ));
    }
    for (sql, _) in [
        (
            "update accusations set accuser_id = $1 where accuser_id = $2",
            "accuser",
        ),
        (
            "update accusations set accused_id = $1 where accused_id = $2",
            "accused",
        ),
        (
            "update responses set responder_id = $1 where responder_id = $2",
            "responder",
        ),
        (
            "update responses set target_id = $1 where target_id = $2",
            "target",
        ),
        (
            "update evidence set actor_id = $1 where actor_id = $2",
            "evidence",
        ),
        (
            "update actors set merged_into = $1 where merged_into = $2",
            "earlier merges",
        ),
        // A co-accuser that is now also the survivor would be listed twice.
        (
            "delete from accusation_co_accusers c where actor_id = $2 and exists \
          (select 1 from accusation_co_accusers d where d.accusation_id = c.accusation_id and d.actor_id = $1)",
            "co",
        ),
        (
            "update accusation_co_accusers set actor_id = $1 where actor_id = $2",
            "co",
        ),
        // Names: the duplicate's aliases become the survivor's.
        (
            "insert into actor_aliases (id, actor_id, alias, normalized) \
          select gen_random_uuid(), $1, alias, normalized from actor_aliases where actor_id = $2 \
          on conflict (actor_id, normalized) do nothing",
            "aliases",
        ),
        ("delete from actor_aliases where actor_id = $2", "aliases"),
        // Affiliations: drop those that would become self-links or repeats.
        (
            "delete from actor_affiliations f where (f.actor_id = $2 and f.affiliated_with = $1) \
          or (f.actor_id = $1 and f.affiliated_with = $2)",
            "affiliations",
        ),
        (
            "insert into actor_affiliations (id, actor_id, affiliated_with, role, valid_from, valid_to, origin) \
          select gen_random_uuid(), $1, affiliated_with, role, valid_from, valid_to, origin \
          from actor_affiliations where actor_id = $2 on conflict do nothing",
            "affiliations",
        ),
        (
            "insert into actor_affiliations (id, actor_id, affiliated_with, role, valid_from, valid_to, origin) \
          select gen_random_uuid(), actor_id, $1, role, valid_from, valid_to, origin \
          from actor_affiliations where affiliated_with = $2 on conflict do nothing",
            "affiliations",
        ),
        (
            "delete from actor_affiliations where actor_id = $2 or affiliated_with = $2",
            "affiliations",
        ),
        (
            "update actors set merged_into = $1, version = version + 1 where id = $2",
            "merged",
        ),
    ] {
        sqlx::query(sql)
            .bind(survivor)
            .bind(duplicate)
            .execute(&mut *conn)
            .await?;
    }
    let name = sqlx::query_scalar!("select name from actors where id = $1", duplicate)
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query!(
        r#"insert into actor_aliases (id, actor_id, alias, normalized) values ($1, $2, $3, $4)
           on conflict (actor_id, normalized) do nothing"#,
        Uuid::now_v7(),
        survivor,
        name,
        normalize_name(&name),
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "update actors set version = version + 1 where id = $1",
        survivor
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn refs(executor: impl PgExecutor<'_>, ids: &[Uuid]) -> StoreResult<Vec<ActorRef>> {
    Ok(sqlx::query_as!(
        ActorRef,
        r#"select id, name, kind as "kind: ActorKind", country from actors where id = any($1)"#,
        ids
    )
    .fetch_all(executor)
    .await?)
}

/// The actors a filter value names: a uuid, or any name or alias. Merged
/// actors resolve to their survivor.
pub async fn resolve(executor: impl PgExecutor<'_>, value: &str) -> StoreResult<Vec<Uuid>> {
    let id = Uuid::parse_str(value.trim()).ok();
    let normalized = normalize_name(value);
    Ok(sqlx::query_scalar!(
        r#"select distinct coalesce(a.merged_into, a.id) as "id!"
           from actors a
           where a.id = $1
              or lower(a.name) = lower($2)
              or a.id in (select actor_id from actor_aliases where normalized = $3)"#,
        id,
        value.trim(),
        normalized,
    )
    .fetch_all(executor)
    .await?)
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActorMatch {
    #[serde(flatten)]
    pub actor: ActorRef,
    /// Trigram similarity of the best-matching name or alias (0 to 1).
    pub score: f32,
}

/// Fuzzy look-up by name or alias (pg_trgm), best first.
pub async fn search(
    executor: impl PgExecutor<'_>,
    q: &str,
    limit: i64,
) -> StoreResult<Vec<ActorMatch>> {
    let normalized = normalize_name(q);
    // nothing left to match ("%", "_", "..."): a prefix match on the empty
    // string would return every actor
    if normalized.is_empty() {
        return Ok(Vec::new());
    }
    let rows = sqlx::query!(
        r#"with m as (
               select actor_id, similarity(normalized, $1) as score
               from actor_aliases
               where normalized % $1 or normalized like $1 || '%'
               union all
               select id, similarity(lower(name), $1)
               from actors
               where lower(name) % $1
           )
           select a.id, a.name, a.kind as "kind: ActorKind", a.country,
                  max(m.score) as "score!"
           from m join actors a on a.id = m.actor_id
           where a.merged_into is null
           group by a.id
           order by 5 desc, a.name, a.id
           limit $2"#,
        normalized,
        limit,
    )
    .fetch_all(executor)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ActorMatch {
            actor: ActorRef {
                id: r.id,
                name: r.name,
                kind: r.kind,
                country: r.country,
            },
            score: r.score,
        })
        .collect())
}

/// Actors by name, keyset-paged after (name, id).
pub async fn list(
    executor: impl PgExecutor<'_>,
    after: Option<(String, Uuid)>,
    limit: i64,
) -> StoreResult<Vec<ActorRef>> {
    let (name, id) = after.unzip();
    Ok(sqlx::query_as!(
        ActorRef,
        r#"select id, name, kind as "kind: ActorKind", country from actors
           where merged_into is null
             and ($1::text is null or (name, id) > ($1, $2))
           order by name, id
           limit $3"#,
        name,
        id,
        limit,
    )
    .fetch_all(executor)
    .await?)
}

pub async fn detail(conn: &mut PgConnection, id: Uuid) -> StoreResult<ActorDetail> {
    let a = sqlx::query!(
        r#"select id, name, kind as "kind: ActorKind", country, description, merged_into,
                  origin as "origin: RecordOrigin", review as "review: ReviewState",
                  version, created_at, updated_at,
                  (select count(*) from accusations where accuser_id = a.id and review <> 'rejected') as "made!",
                  (select count(*) from accusations where accused_id = a.id and review <> 'rejected') as "received!",
                  (select count(*) from responses where responder_id = a.id and review <> 'rejected') as "responses!"
           from actors a where id = $1"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound { what: "actor", id })?;
    let aliases = sqlx::query_as!(
        Alias,
        "select id, alias, normalized from actor_aliases where actor_id = $1 order by alias",
        id
    )
    .fetch_all(&mut *conn)
    .await?;
    let links = sqlx::query!(
        r#"select f.id, f.actor_id, f.affiliated_with, f.role, f.valid_from, f.valid_to
           from actor_affiliations f
           where f.actor_id = $1 or f.affiliated_with = $1
           order by f.valid_from nulls first, f.role"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut ids: Vec<Uuid> = links
        .iter()
        .flat_map(|l| [l.actor_id, l.affiliated_with])
        .collect();
    ids.sort();
    ids.dedup();
    let refs = refs(&mut *conn, &ids).await?;
    let find = |id: Uuid| refs.iter().find(|r| r.id == id).cloned();
    let (mut affiliations, mut members) = (Vec::new(), Vec::new());
    for l in links {
        let (Some(actor), Some(with)) = (find(l.actor_id), find(l.affiliated_with)) else {
            continue;
        };
        let aff = Affiliation {
            id: l.id,
            actor,
            with,
            role: l.role,
            valid_from: l.valid_from,
            valid_to: l.valid_to,
        };
        if l.actor_id == id {
            affiliations.push(aff);
        } else {
            members.push(aff);
        }
    }
    Ok(ActorDetail {
        id: a.id,
        name: a.name,
        kind: a.kind,
        country: a.country,
        description: a.description,
        merged_into: a.merged_into,
        origin: a.origin,
        review: a.review,
        version: a.version,
        created_at: a.created_at,
        updated_at: a.updated_at,
        aliases,
        affiliations,
        members,
        counts: ActorCounts {
            accusations_made: a.made,
            accusations_received: a.received,
            responses_made: a.responses,
        },
    })
}
