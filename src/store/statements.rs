//! Storing the accusations and responses of one article: resolving their
//! actors, merging a statement several outlets report into one record,
//! linking responses to what they answer (in the article, else stored
//! earlier), gathering accusations under events, and recording evidence.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::PgConnection;
use uuid::Uuid;

use super::registry::ActorRegistry;
use super::subject::{content_words, overlap, shared};
use crate::domain::{DatePrecision, DateSource, HedgeLevel, ResponseKind};
use crate::extract::{self, ExtractedStatement, Extraction, StatementKind};

/// How far back a response looks for the accusation it answers when that
/// accusation is not in its own article.
const LINK_WINDOW_DAYS: i32 = 30;
/// How far apart accusations of one event may be made.
const EVENT_WINDOW_DAYS: i32 = 365;
/// Share of content words two subjects must have in common to be "about
/// the same thing".
const SAME_SUBJECT: f32 = 0.5;
/// Content words a response must share with an accusation from another
/// article to be taken as its answer.
const MIN_SHARED_WORDS: usize = 2;

/// What storing an article's statements did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatementCounts {
    pub accusations: u32,
    pub responses: u32,
    /// Statements already stored from another article (same speaker, kind,
    /// target, subject and day): evidence added, no new record.
    pub merged: u32,
    pub links: u32,
    pub events: u32,
}

pub(super) async fn store_statements(
    conn: &mut PgConnection,
    registry: &mut ActorRegistry,
    article_id: Uuid,
    extraction: &Extraction,
    extractor_version: &str,
) -> Result<StatementCounts, sqlx::Error> {
    let mut counts = StatementCounts::default();
    if extraction.statements.is_empty() {
        return Ok(counts);
    }
    // Actors of the article → actors of the database.
    let mut actor_ids: HashMap<&str, Uuid> = HashMap::new();
    for actor in &extraction.actors {
        let id = registry.resolve(conn, actor).await?;
        actor_ids.insert(actor.key.as_str(), id);
    }
    for actor in &extraction.actors {
        if let (Some(of), Some(&id)) = (&actor.affiliated_with, actor_ids.get(actor.key.as_str()))
            && let Some(&of_id) = actor_ids.get(of.as_str())
        {
            let role = actor.role.as_deref().unwrap_or("affiliated");
            registry.affiliate(conn, id, of_id, role).await?;
        }
    }
    let actor = |key: &Option<String>| key.as_deref().and_then(|k| actor_ids.get(k).copied());

    // Accusations first, so responses can link to them.
    let mut stored: HashMap<&str, Uuid> = HashMap::new();
    for statement in extraction
        .statements
        .iter()
        .filter(|s| s.kind == StatementKind::Accusation)
    {
        let accuser = actor(&statement.speaker).or(registry.unattributed());
        let Some(accuser) = accuser else { continue };
        let accused = actor(&statement.target);
        let (id, new) = store_accusation(conn, statement, accuser, accused).await?;
        if new {
            counts.accusations += 1;
            for co in &statement.co_speakers {
                if let Some(co_id) = actor(&Some(co.clone())).filter(|&c| c != accuser) {
                    sqlx::query!(
                        "insert into accusation_co_accusers (accusation_id, actor_id) values ($1, $2)
                         on conflict do nothing",
                        id,
                        co_id
                    )
                    .execute(&mut *conn)
                    .await?;
                }
            }
            if gather_under_event(conn, registry, id, statement, accused).await? {
                counts.events += 1;
            }
        } else {
            counts.merged += 1;
        }
        add_evidence(
            conn,
            article_id,
            Record::Accusation(id),
            statement,
            extractor_version,
        )
        .await?;
        stored.insert(statement.id.as_str(), id);
    }

    for statement in &extraction.statements {
        let StatementKind::Response(kind) = statement.kind else {
            continue;
        };
        let Some(responder) = actor(&statement.speaker).or(registry.unattributed()) else {
            continue;
        };
        let target = actor(&statement.target);
        let (id, new) =
            store_response(conn, statement, response_kind(kind), responder, target).await?;
        if new {
            counts.responses += 1;
        } else {
            counts.merged += 1;
        }
        add_evidence(
            conn,
            article_id,
            Record::Response(id),
            statement,
            extractor_version,
        )
        .await?;
        let mut answers: Vec<Uuid> = statement
            .responds_to
            .iter()
            .filter_map(|sid| stored.get(sid.as_str()).copied())
            .collect();
        if answers.is_empty()
            && let Some(earlier) =
                find_answered_accusation(conn, registry, statement, responder, target).await?
        {
            answers.push(earlier);
        }
        for accusation in answers {
            let linked = sqlx::query!(
                "insert into response_links (response_id, accusation_id) values ($1, $2)
                 on conflict do nothing",
                id,
                accusation
            )
            .execute(&mut *conn)
            .await?;
            counts.links += linked.rows_affected() as u32;
        }
    }
    Ok(counts)
}

fn response_kind(kind: extract::ResponseKind) -> ResponseKind {
    match kind {
        extract::ResponseKind::Denial => ResponseKind::Denial,
        extract::ResponseKind::Dismissal => ResponseKind::Dismissal,
        extract::ResponseKind::CounterAccusation => ResponseKind::CounterAccusation,
        extract::ResponseKind::Deflection => ResponseKind::Deflection,
        extract::ResponseKind::Threat => ResponseKind::Threat,
        extract::ResponseKind::Admission => ResponseKind::Admission,
        extract::ResponseKind::NoComment => ResponseKind::NoComment,
    }
}

/// The statement's date as stored: the day, its precision and its source.
fn dating(statement: &ExtractedStatement) -> (Option<NaiveDate>, DatePrecision, DateSource) {
    let precision = match statement.date_precision {
        extract::DatePrecision::Day => DatePrecision::Day,
        extract::DatePrecision::Week => DatePrecision::Week,
        extract::DatePrecision::Month => DatePrecision::Month,
        extract::DatePrecision::Year => DatePrecision::Year,
    };
    match (statement.date, statement.date_source) {
        (None, _) | (_, extract::DateSource::Unknown) => {
            (None, DatePrecision::Day, DateSource::Unknown)
        }
        (Some(day), extract::DateSource::Text) => (Some(day), precision, DateSource::Text),
        (Some(day), extract::DateSource::Published) => {
            (Some(day), precision, DateSource::Published)
        }
    }
}

fn hedge_level(level: Option<extract::HedgeLevel>) -> Option<HedgeLevel> {
    level.map(|l| match l {
        extract::HedgeLevel::Certain => HedgeLevel::Certain,
        extract::HedgeLevel::High => HedgeLevel::High,
        extract::HedgeLevel::Medium => HedgeLevel::Medium,
        extract::HedgeLevel::Low => HedgeLevel::Low,
    })
}

/// What a statement is about, in content words: its subject and the
/// sentences it was found in. Outlets word a subject differently but quote
/// the same sentences, so both count.
fn subject_words(statement: &ExtractedStatement) -> Vec<String> {
    let mut text = statement.subject.clone().unwrap_or_default();
    for evidence in &statement.evidence {
        text.push(' ');
        text.push_str(&evidence.sentence);
    }
    content_words(&text)
}

/// The same for a stored record: its subject and its evidence sentences.
fn stored_words(subject: Option<&str>, sentences: Option<&[String]>) -> Vec<String> {
    let mut text = subject.unwrap_or_default().to_owned();
    for sentence in sentences.unwrap_or_default() {
        text.push(' ');
        text.push_str(sentence);
    }
    content_words(&text)
}

/// Store an accusation, or find the one already stored that several
/// outlets report: same accuser, accused and day, about the same thing.
async fn store_accusation(
    conn: &mut PgConnection,
    statement: &ExtractedStatement,
    accuser: Uuid,
    accused: Option<Uuid>,
) -> Result<(Uuid, bool), sqlx::Error> {
    let (stated_on, precision, source) = dating(statement);
    let words = subject_words(statement);
    let candidates = sqlx::query!(
        r#"select a.id, a.allegation,
                  array(select e.sentence from evidence e where e.accusation_id = a.id) as sentences
           from accusations a
           where a.accuser_id = $1 and a.accused_id is not distinct from $2
             and a.stated_on is not distinct from $3"#,
        accuser,
        accused,
        stated_on,
    )
    .fetch_all(&mut *conn)
    .await?;
    // An undated statement is never merged: "the same day" is unknown.
    if stated_on.is_some() {
        for candidate in candidates {
            let theirs = stored_words(
                candidate.allegation.as_deref(),
                candidate.sentences.as_deref(),
            );
            if overlap(&words, &theirs) >= SAME_SUBJECT {
                return Ok((candidate.id, false));
            }
        }
    }
    let id = Uuid::new_v4();
    sqlx::query!(
        r#"insert into accusations (id, accuser_id, accused_id, allegation, hedge, hedge_level,
                                    stated_on, date_precision, date_source)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9)"#,
        id,
        accuser,
        accused,
        statement.subject,
        statement.hedge,
        hedge_level(statement.hedge_level).filter(|_| statement.hedge.is_some())
            as Option<HedgeLevel>,
        stated_on,
        precision as DatePrecision,
        source as DateSource,
    )
    .execute(&mut *conn)
    .await?;
    Ok((id, true))
}

async fn store_response(
    conn: &mut PgConnection,
    statement: &ExtractedStatement,
    kind: ResponseKind,
    responder: Uuid,
    target: Option<Uuid>,
) -> Result<(Uuid, bool), sqlx::Error> {
    let (stated_on, precision, source) = dating(statement);
    let words = subject_words(statement);
    if stated_on.is_some() {
        let candidates = sqlx::query!(
            r#"select r.id, r.summary,
                      array(select e.sentence from evidence e where e.response_id = r.id) as sentences
               from responses r
               where r.responder_id = $1 and r.target_id is not distinct from $2
                 and r.kind = $3 and r.stated_on = $4"#,
            responder,
            target,
            kind as ResponseKind,
            stated_on,
        )
        .fetch_all(&mut *conn)
        .await?;
        for candidate in candidates {
            let theirs = stored_words(candidate.summary.as_deref(), candidate.sentences.as_deref());
            if overlap(&words, &theirs) >= SAME_SUBJECT {
                return Ok((candidate.id, false));
            }
        }
    }
    let id = Uuid::new_v4();
    sqlx::query!(
        r#"insert into responses (id, responder_id, target_id, kind, summary,
                                  stated_on, date_precision, date_source)
           values ($1, $2, $3, $4, $5, $6, $7, $8)"#,
        id,
        responder,
        target,
        kind as ResponseKind,
        statement.subject,
        stated_on,
        precision as DatePrecision,
        source as DateSource,
    )
    .execute(&mut *conn)
    .await?;
    Ok((id, true))
}

/// A response whose accusation is not in its article answers one stored
/// earlier: made within the window before it, against the responder's side
/// (itself, whom it speaks for, or its country), by the response's target's
/// side when the response names one, about the same thing.
async fn find_answered_accusation(
    conn: &mut PgConnection,
    registry: &ActorRegistry,
    statement: &ExtractedStatement,
    responder: Uuid,
    target: Option<Uuid>,
) -> Result<Option<Uuid>, sqlx::Error> {
    let (Some(day), _, _) = dating(statement) else {
        return Ok(None);
    };
    let responder_sides = registry.sides(responder);
    let responder_country = responder_sides
        .iter()
        .find_map(|&id| registry.country_of(id).map(str::to_owned));
    let target_sides = target.map(|t| registry.sides(t)).unwrap_or_default();
    let target_country = target_sides
        .iter()
        .find_map(|&id| registry.country_of(id).map(str::to_owned));
    let candidates = sqlx::query!(
        r#"
        select a.id, a.allegation,
               array(select e.sentence from evidence e where e.accusation_id = a.id) as sentences
        from accusations a
        left join actors accused on accused.id = a.accused_id
        join actors accuser on accuser.id = a.accuser_id
        where a.stated_on between $1::date - $2::int and $1::date
          and a.review <> 'rejected'
          and (a.accused_id = any($3) or accused.country = $4)
          and (cardinality($5::uuid[]) = 0 or a.accuser_id = any($5) or accuser.country = $6)
        order by a.stated_on desc, a.id
        limit 200
        "#,
        day,
        LINK_WINDOW_DAYS,
        &responder_sides,
        responder_country,
        &target_sides,
        target_country,
    )
    .fetch_all(&mut *conn)
    .await?;
    let words = subject_words(statement);
    // Rank by how many content words are shared: a bare headline ("UK
    // accuses Russia") overlaps anything, but shares little.
    let best = candidates
        .into_iter()
        .map(|c| {
            let theirs = stored_words(c.allegation.as_deref(), c.sentences.as_deref());
            (shared(&words, &theirs), c.id)
        })
        .filter(|(score, _)| *score >= MIN_SHARED_WORDS)
        // Most words shared first; among equals, the most recent (listed first).
        .fold(None::<(usize, Uuid)>, |best, (score, id)| match best {
            Some((b, _)) if b >= score => best,
            _ => Some((score, id)),
        });
    Ok(best.map(|(_, id)| id))
}

/// Put a new accusation under the event it is about: an event of the same
/// accused country within the window whose key words it shares, else a new
/// event named after its subject. Returns whether an event was created.
async fn gather_under_event(
    conn: &mut PgConnection,
    registry: &ActorRegistry,
    accusation: Uuid,
    statement: &ExtractedStatement,
    accused: Option<Uuid>,
) -> Result<bool, sqlx::Error> {
    // The event is the alleged act, so its key is the subject alone (the
    // sentences around it name many other things).
    let words = match statement.subject.as_deref().map(content_words) {
        Some(words) if !words.is_empty() => words,
        _ => statement
            .evidence
            .first()
            .map(|e| content_words(&e.sentence))
            .unwrap_or_default(),
    };
    if words.is_empty() {
        return Ok(false);
    }
    let (stated_on, _, _) = dating(statement);
    let country = accused
        .and_then(|a| {
            registry
                .sides(a)
                .into_iter()
                .find_map(|id| registry.country_of(id).map(str::to_owned))
        })
        .unwrap_or_else(|| "---".to_owned());
    let prefix = format!("{country}:");
    // a total order (by key before id): which 200 events are weighed, and
    // so whether one matches, must not depend on the order rows lie in
    let candidates = sqlx::query!(
        r#"select id, match_key as "match_key!" from events
           where match_key like $1 || '%'
             and ($2::date is null or starts_on is null
                  or $2::date between starts_on - $3::int and coalesce(ends_on, starts_on) + $3::int)
           order by starts_on desc nulls last, match_key, id
           limit 200"#,
        prefix,
        stated_on,
        EVENT_WINDOW_DAYS,
    )
    .fetch_all(&mut *conn)
    .await?;
    let existing = candidates.into_iter().find(|e| {
        let theirs: Vec<String> = e.match_key[prefix.len()..]
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        overlap(&words, &theirs) >= SAME_SUBJECT
    });
    let (event, created) = match existing {
        Some(e) => {
            sqlx::query!(
                "update events set starts_on = least(starts_on, $2), ends_on = greatest(ends_on, $2)
                 where id = $1 and $2::date is not null",
                e.id,
                stated_on
            )
            .execute(&mut *conn)
            .await?;
            (e.id, false)
        }
        None => {
            let id = Uuid::new_v4();
            let name: String = statement
                .subject
                .clone()
                .unwrap_or_else(|| words.join(" "))
                .chars()
                .take(200)
                .collect();
            sqlx::query!(
                "insert into events (id, name, kind, starts_on, ends_on, match_key)
                 values ($1, $2, 'alleged wrongdoing', $3, $3, $4)",
                id,
                name,
                stated_on,
                format!("{prefix}{}", words.join(" ")),
            )
            .execute(&mut *conn)
            .await?;
            (id, true)
        }
    };
    sqlx::query!(
        "update accusations set event_id = $2 where id = $1",
        accusation,
        event
    )
    .execute(&mut *conn)
    .await?;
    Ok(created)
}

enum Record {
    Accusation(Uuid),
    Response(Uuid),
}

/// One evidence row per sentence of the statement, unless this article
/// already evidences the record with that span.
async fn add_evidence(
    conn: &mut PgConnection,
    article_id: Uuid,
    record: Record,
    statement: &ExtractedStatement,
    extractor_version: &str,
) -> Result<(), sqlx::Error> {
    let (accusation, response) = match record {
        Record::Accusation(id) => (Some(id), None),
        Record::Response(id) => (None, Some(id)),
    };
    for evidence in &statement.evidence {
        let (Ok(start), Ok(end)) = (
            i32::try_from(evidence.char_start),
            i32::try_from(evidence.char_end),
        ) else {
            continue;
        };
        if start >= end {
            continue;
        }
        sqlx::query!(
            r#"insert into evidence (id, article_id, accusation_id, response_id, char_start, char_end,
                                     sentence, found_by, extractor_version, rule, confidence)
               select $1, $2, $3, $4, $5, $6, $7, 'importer', $8, $9, $10
               where not exists (
                   select 1 from evidence
                   where article_id = $2 and char_start = $5 and char_end = $6
                     and accusation_id is not distinct from $3 and response_id is not distinct from $4)"#,
            Uuid::new_v4(),
            article_id,
            accusation,
            response,
            start,
            end,
            evidence.sentence,
            extractor_version,
            evidence.rule,
            evidence.confidence.clamp(0.0, 1.0),
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
