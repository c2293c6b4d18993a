//! The schema refuses what would make the record wrong, whoever writes it.

use sqlx::PgPool;
use uuid::Uuid;

use crate::support::fresh_db;

async fn actor(pool: &PgPool, name: &str) -> Uuid {
    let id = Uuid::new_v4();
    sqlx::query("insert into actors (id, name, kind, country) values ($1, $2, 'state', 'RUS')")
        .bind(id)
        .bind(name)
        .execute(pool)
        .await
        .unwrap();
    id
}

async fn article(pool: &PgPool, text: &str) -> Result<Uuid, sqlx::Error> {
    use sha2::{Digest, Sha256};
    let id = Uuid::new_v4();
    sqlx::query(
        "insert into articles (id, name, text, content_hash, imported_by) values ($1, 'a.txt', $2, $3, 'test')",
    )
    .bind(id)
    .bind(text)
    .bind(Sha256::digest(text.as_bytes()).to_vec())
    .execute(pool)
    .await?;
    Ok(id)
}

fn constraint_of(err: sqlx::Error) -> String {
    match err {
        sqlx::Error::Database(db) => db
            .constraint()
            .map(str::to_owned)
            .unwrap_or_else(|| db.message().to_owned()),
        other => panic!("expected a database error, got {other}"),
    }
}

#[tokio::test]
async fn a_response_of_an_unknown_kind_is_refused() {
    let pool = fresh_db().await;
    let russia = actor(&pool, "Russia").await;
    let err = sqlx::query(
        "insert into responses (id, responder_id, kind, stated_on) values ($1, $2, 'shrug', '2020-07-17')",
    )
    .bind(Uuid::new_v4())
    .bind(russia)
    .execute(&pool)
    .await
    .unwrap_err();
    assert!(constraint_of(err).contains("invalid input value for enum response_kind"));
}

#[tokio::test]
async fn an_accusation_without_an_accuser_is_refused() {
    let pool = fresh_db().await;
    let russia = actor(&pool, "Russia").await;
    let err = sqlx::query(
        "insert into accusations (id, accused_id, stated_on) values ($1, $2, '2020-07-16')",
    )
    .bind(Uuid::new_v4())
    .bind(russia)
    .execute(&pool)
    .await
    .unwrap_err();
    assert!(constraint_of(err).contains("accuser_id"));
}

#[tokio::test]
async fn a_second_article_with_the_same_content_is_refused() {
    let pool = fresh_db().await;
    article(&pool, "Russia denied it.").await.unwrap();
    let err = article(&pool, "Russia denied it.").await.unwrap_err();
    assert_eq!(constraint_of(err), "articles_content_hash_key");
}

#[tokio::test]
async fn an_evidence_span_ending_past_its_article_is_refused() {
    let pool = fresh_db().await;
    let text = "Peskov denied it.";
    let article_id = article(&pool, text).await.unwrap();
    let russia = actor(&pool, "Russia").await;
    let insert = |start: i32, end: i32| {
        sqlx::query(
            "insert into evidence (id, article_id, actor_id, char_start, char_end, sentence, found_by, analyst) \
             values ($1, $2, $3, $4, $5, 'Peskov denied it.', 'analyst', 'test')",
        )
        .bind(Uuid::new_v4())
        .bind(article_id)
        .bind(russia)
        .bind(start)
        .bind(end)
        .execute(&pool)
    };
    insert(0, text.chars().count() as i32)
        .await
        .expect("a span inside the article is kept");
    let err = insert(0, text.chars().count() as i32 + 1)
        .await
        .unwrap_err();
    assert_eq!(constraint_of(err), "evidence_span_within_article");
    let err = insert(5, 5).await.unwrap_err();
    assert_eq!(constraint_of(err), "evidence_span_ordered");
}

#[tokio::test]
async fn evidence_must_point_at_exactly_one_record() {
    let pool = fresh_db().await;
    let article_id = article(&pool, "Peskov denied it.").await.unwrap();
    let err = sqlx::query(
        "insert into evidence (id, article_id, char_start, char_end, sentence, found_by, analyst) \
         values ($1, $2, 0, 5, 'x', 'analyst', 'test')",
    )
    .bind(Uuid::new_v4())
    .bind(article_id)
    .execute(&pool)
    .await
    .unwrap_err();
    assert_eq!(constraint_of(err), "evidence_exactly_one_record");
}

#[tokio::test]
async fn a_self_affiliation_is_refused() {
    let pool = fresh_db().await;
    let peskov = actor(&pool, "Dmitry Peskov").await;
    let err = sqlx::query(
        "insert into actor_affiliations (id, actor_id, affiliated_with, role) values ($1, $2, $2, 'spokesman')",
    )
    .bind(Uuid::new_v4())
    .bind(peskov)
    .execute(&pool)
    .await
    .unwrap_err();
    assert_eq!(constraint_of(err), "actor_affiliations_not_self");
}

#[tokio::test]
async fn an_affiliation_ending_before_it_starts_is_refused() {
    let pool = fresh_db().await;
    let raab = actor(&pool, "Dominic Raab").await;
    let uk = actor(&pool, "United Kingdom").await;
    let err = sqlx::query(
        "insert into actor_affiliations (id, actor_id, affiliated_with, role, valid_from, valid_to) \
         values ($1, $2, $3, 'foreign secretary', '2021-09-15', '2019-07-24')",
    )
    .bind(Uuid::new_v4())
    .bind(raab)
    .bind(uk)
    .execute(&pool)
    .await
    .unwrap_err();
    assert_eq!(constraint_of(err), "actor_affiliations_span_ordered");
}

#[tokio::test]
async fn an_actor_country_must_be_an_alpha3_code() {
    let pool = fresh_db().await;
    let err =
        sqlx::query("insert into actors (id, name, kind, country) values ($1, 'X', 'state', 'ru')")
            .bind(Uuid::new_v4())
            .execute(&pool)
            .await
            .unwrap_err();
    assert_eq!(constraint_of(err), "actors_country_is_alpha3");
}

#[tokio::test]
async fn the_timeline_view_orders_statements_with_actor_names() {
    let pool = fresh_db().await;
    let uk = actor(&pool, "United Kingdom").await;
    let russia = actor(&pool, "Russia").await;
    let accusation = Uuid::new_v4();
    sqlx::query("insert into accusations (id, accuser_id, accused_id, stated_on, allegation) values ($1, $2, $3, '2020-07-16', 'interference')")
        .bind(accusation).bind(uk).bind(russia).execute(&pool).await.unwrap();
    sqlx::query("insert into responses (id, responder_id, target_id, kind, stated_on) values ($1, $2, $3, 'denial', '2020-07-17')")
        .bind(Uuid::new_v4()).bind(russia).bind(uk).execute(&pool).await.unwrap();
    let rows: Vec<(String, String, Option<String>)> =
        sqlx::query_as("select kind, speaker, other from timeline order by stated_on, id")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        rows,
        vec![
            (
                "accusation".into(),
                "United Kingdom".into(),
                Some("Russia".into())
            ),
            (
                "denial".into(),
                "Russia".into(),
                Some("United Kingdom".into())
            ),
        ]
    );
}

/// riposte's pools cancel a statement that runs past their timeout, and the
/// connection is usable again after it.
#[tokio::test]
async fn a_statement_past_the_timeout_is_cancelled() {
    use std::str::FromStr;
    let (_, url) = crate::support::fresh_db_with_url().await;
    let options = sqlx::postgres::PgConnectOptions::from_str(&url).unwrap();
    let pool = riposte::db::connect(options, 1, "200ms").await.unwrap();
    let started = std::time::Instant::now();
    let err = sqlx::query("select pg_sleep(5)")
        .execute(&pool)
        .await
        .unwrap_err();
    assert!(started.elapsed() < std::time::Duration::from_secs(3));
    let code = err
        .as_database_error()
        .and_then(|e| e.code())
        .unwrap_or_default();
    assert_eq!(code, "57014", "query_canceled, got {err}");
    let one: i32 = sqlx::query_scalar("select 1")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(one, 1);
}
