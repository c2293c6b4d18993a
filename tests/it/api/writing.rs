//! Writing: analysts create, correct, delete, link, merge and review;
//! versions guard against lost updates; every write is audited.

use axum::http::{Method, StatusCode};
use serde_json::json;
use uuid::Uuid;

use super::{TestApp, id_of};

/// An accusation as the importer would store it.
async fn imported_accusation(app: &TestApp, accuser: Uuid, accused: Uuid) -> Uuid {
    let id = Uuid::new_v4();
    sqlx::query("insert into accusations (id, accuser_id, accused_id, stated_on, allegation) values ($1, $2, $3, '2020-07-16', 'meddling')")
        .bind(id).bind(accuser).bind(accused).execute(&app.pool).await.unwrap();
    id
}

#[tokio::test]
async fn an_analyst_creates_an_actor_with_aliases_and_affiliations() {
    let app = TestApp::new().await;
    let russia = app.create_actor("Russia", "state", Some("RUS"), &[]).await;
    let r = app
        .post(
            "/api/v1/actors",
            json!({"name": "Maria Zakharova", "kind": "person", "country": "RUS", "aliases": ["Zakharova"],
                   "affiliations": [{"with": russia, "role": "foreign ministry spokeswoman", "valid_from": "2015-08-10"}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert!(r.header("location").unwrap().starts_with("/api/v1/actors/"));
    assert_eq!(r.header("etag").as_deref(), Some("\"1\""));
    let a = r.json();
    assert_eq!(a["origin"], "analyst");
    assert_eq!(a["aliases"].as_array().unwrap().len(), 2);
    assert_eq!(a["affiliations"][0]["with"]["id"], russia.to_string());
    let missing = app
        .post("/api/v1/actors", json!({"name": "X", "kind": "person"}))
        .await;
    assert_eq!(
        missing.problem(422)["errors"][0]["field"],
        "country",
        "country is required (null allowed)"
    );
}

#[tokio::test]
async fn a_correction_bumps_the_version_and_marks_an_imported_record_corrected() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    let id = imported_accusation(&app, s.uk, s.russia).await;
    let r = app
        .patch(&format!("/api/v1/accusations/{id}"), json!({"allegation": "interference", "hedge": "almost certainly", "hedge_level": "high"}), Some("\"1\""))
        .await;
    assert_eq!(r.header("etag").as_deref(), Some("\"2\""), "{}", r.text());
    let a = r.json();
    assert_eq!(a["review"], "corrected");
    assert_eq!(a["origin"], "importer", "origin stays");
    assert_eq!(a["allegation"], "interference");
    assert_eq!(a["version"], 2);
    let cleared = app
        .patch(
            &format!("/api/v1/accusations/{id}"),
            json!({"hedge": null, "hedge_level": null}),
            None,
        )
        .await
        .ok();
    assert!(cleared["hedge"].is_null());
    assert_eq!(cleared["allegation"], "interference", "absent fields stay");
}

#[tokio::test]
async fn a_write_with_a_stale_if_match_gets_412_and_changes_nothing() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    let path = format!("/api/v1/responses/{}", s.denial);
    app.patch(&path, json!({"kind": "dismissal"}), Some("\"1\""))
        .await
        .ok();
    let stale = app
        .patch(&path, json!({"kind": "threat"}), Some("\"1\""))
        .await;
    assert!(
        stale.problem(412)["detail"]
            .as_str()
            .unwrap()
            .contains("version 2")
    );
    assert_eq!(app.get(&path).await.ok()["kind"], "dismissal");
    let del = app
        .request(
            Method::DELETE,
            &path,
            Some(&app.analyst),
            None,
            &[("if-match", "\"1\"")],
        )
        .await;
    del.problem(412);
    app.patch(&path, json!({"kind": "threat"}), Some("W/\"nonsense\""))
        .await
        .problem(400);
}

#[tokio::test]
async fn concurrent_corrections_from_the_same_version_never_both_win() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    let path = format!("/api/v1/accusations/{}", s.accusation);
    let (a, b) = tokio::join!(
        app.patch(&path, json!({"allegation": "one"}), Some("\"1\"")),
        app.patch(&path, json!({"allegation": "two"}), Some("\"1\"")),
    );
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 412]);
}

#[tokio::test]
async fn deleting_a_record_removes_it_and_its_links() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    let r = app
        .delete(&format!("/api/v1/accusations/{}", s.accusation))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    app.get(&format!("/api/v1/accusations/{}", s.accusation))
        .await
        .problem(404);
    assert_eq!(
        app.get(&format!("/api/v1/responses/{}", s.denial))
            .await
            .ok()["answers"],
        json!([])
    );
    app.delete(&format!("/api/v1/accusations/{}", s.accusation))
        .await
        .problem(404);
}

#[tokio::test]
async fn an_actor_with_records_cannot_be_deleted_only_merged() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    app.delete(&format!("/api/v1/actors/{}", s.uk))
        .await
        .problem(409);
    let lonely = app.create_actor("Nobody", "unknown", None, &[]).await;
    assert_eq!(
        app.delete(&format!("/api/v1/actors/{lonely}")).await.status,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn a_response_is_linked_to_and_unlinked_from_an_accusation() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    let other = app
        .create_accusation(s.uk, s.russia, "2020-07-15", "earlier")
        .await;
    let path = format!("/api/v1/responses/{}/answers/{other}", s.denial);
    let linked = app
        .request(
            Method::PUT,
            &path,
            Some(&app.analyst),
            None,
            &[("if-match", "*")],
        )
        .await
        .ok();
    assert_eq!(linked["answers"].as_array().unwrap().len(), 2);
    assert_eq!(linked["version"], 2);
    let t = app.get_timeline("kind=accusation").await;
    assert_eq!(t["items"][0]["responses"][0]["days_after"], 2);
    let unlinked = app
        .request(
            Method::DELETE,
            &path,
            Some(&app.analyst),
            None,
            &[("if-match", "*")],
        )
        .await
        .ok();
    assert_eq!(unlinked["answers"].as_array().unwrap().len(), 1);
    app.request(
        Method::DELETE,
        &path,
        Some(&app.analyst),
        None,
        &[("if-match", "*")],
    )
    .await
    .problem(404);
    let missing = format!("/api/v1/responses/{}/answers/{}", s.denial, Uuid::new_v4());
    app.request(
        Method::PUT,
        &missing,
        Some(&app.analyst),
        None,
        &[("if-match", "*")],
    )
    .await
    .problem(404);
}

#[tokio::test]
async fn merging_two_actors_moves_every_record_and_name_to_the_survivor() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    let dup = app
        .create_actor("Russian Federation", "state", Some("RUS"), &["RF"])
        .await;
    app.create_accusation(s.uk, dup, "2020-08-01", "more").await;
    let merged = app
        .post_write(
            &format!("/api/v1/actors/{}/merge", s.russia),
            json!({"duplicate": dup}),
        )
        .await
        .ok();
    assert_eq!(merged["counts"]["accusations_received"], 2);
    let aliases: Vec<&str> = merged["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["alias"].as_str().unwrap())
        .collect();
    assert!(
        aliases.contains(&"RF") && aliases.contains(&"Russian Federation"),
        "{aliases:?}"
    );
    let gone = app.get(&format!("/api/v1/actors/{dup}")).await.ok();
    assert_eq!(gone["merged_into"], s.russia.to_string());
    let t = app
        .get_timeline("actor=Russian%20Federation&affiliates=false")
        .await;
    assert_eq!(
        t["items"].as_array().unwrap().len(),
        2,
        "the old name finds the survivor: {t}"
    );
    let hits = app.get("/api/v1/actors?q=russian%20federation").await.ok();
    assert!(
        hits["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["id"] != dup.to_string())
    );
    app.post_write(
        &format!("/api/v1/actors/{}/merge", s.russia),
        json!({"duplicate": s.russia}),
    )
    .await
    .problem(422);
}

#[tokio::test]
async fn an_analyst_confirms_or_rejects_a_machine_made_record() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    let id = imported_accusation(&app, s.uk, s.russia).await;
    let path = format!("/api/v1/accusations/{id}/review");
    let r = app
        .post_write(&path, json!({"review": "confirmed"}))
        .await
        .ok();
    assert_eq!(r["review"], "confirmed");
    app.post_write(&path, json!({"review": "maybe"}))
        .await
        .problem(422);
    let ev = id_of(&app.post("/api/v1/events", json!({"name": "E"})).await.ok());
    app.post_write(
        &format!("/api/v1/events/{ev}/review"),
        json!({"review": "rejected"}),
    )
    .await
    .ok();
    app.post_write(
        &format!("/api/v1/actors/{}/review", s.uk),
        json!({"review": "confirmed"}),
    )
    .await
    .ok();
}

#[tokio::test]
async fn events_are_created_corrected_and_deleted() {
    let app = TestApp::new().await;
    let r = app
        .post(
            "/api/v1/events",
            json!({"name": "Vaccine research hacking", "starts_on": "2020-07-01"}),
        )
        .await;
    let id = id_of(&r.ok());
    let p = app
        .patch(
            &format!("/api/v1/events/{id}"),
            json!({"ends_on": "2020-06-01"}),
            None,
        )
        .await;
    assert_eq!(p.problem(422)["errors"][0]["field"], "ends_on");
    let ok = app
        .patch(
            &format!("/api/v1/events/{id}"),
            json!({"ends_on": "2020-07-31", "kind": "cyberattack"}),
            Some("\"1\""),
        )
        .await
        .ok();
    assert_eq!(ok["kind"], "cyberattack");
    assert_eq!(
        app.delete(&format!("/api/v1/events/{id}")).await.status,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn every_write_lands_in_the_audit_log_with_its_key_and_before_and_after() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    app.patch(
        &format!("/api/v1/accusations/{}", s.accusation),
        json!({"allegation": "changed"}),
        None,
    )
    .await
    .ok();
    let log = app
        .request(
            Method::GET,
            &format!("/api/v1/audit?entity=accusation&entity_id={}", s.accusation),
            Some(&app.admin),
            None,
            &[],
        )
        .await
        .ok();
    let entries = log["items"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["action"], "update");
    assert_eq!(entries[0]["who"], "analyst");
    assert_eq!(
        entries[0]["before"]["allegation"],
        "interference in the December 2019 general election"
    );
    assert_eq!(entries[0]["after"]["allegation"], "changed");
    assert_eq!(entries[1]["action"], "create");
    let all = app
        .request(
            Method::GET,
            "/api/v1/audit?limit=2",
            Some(&app.admin),
            None,
            &[],
        )
        .await
        .ok();
    assert!(all["next"].is_string());
    let count: i64 = sqlx::query_scalar("select count(*) from audit_log")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(
        count >= 7,
        "actors, affiliation, records, correction: {count}"
    );
}

#[tokio::test]
async fn a_failed_write_leaves_no_audit_line_and_no_partial_record() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    let before: i64 = sqlx::query_scalar("select count(*) from audit_log")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let r = app
        .post("/api/v1/responses", json!({"responder_id": s.russia, "kind": "denial", "stated_on": "2020-07-18", "answers": [Uuid::new_v4()]}))
        .await;
    assert_eq!(r.problem(422)["errors"][0]["field"], "answers");
    let after: i64 = sqlx::query_scalar("select count(*) from audit_log")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(before, after);
    let responses: i64 = sqlx::query_scalar("select count(*) from responses")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(responses, 1);
}

/// A write to an existing record says which version it replaces: without
/// If-Match it is refused (428) and the record is untouched, for every kind
/// of such write.
#[tokio::test]
async fn a_write_without_if_match_is_refused_and_changes_nothing() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    let accusation = format!("/api/v1/accusations/{}", s.accusation);
    let before = app.get(&accusation).await.ok();
    let writes = [
        (
            Method::PATCH,
            accusation.clone(),
            Some(json!({"allegation": "lost update"})),
        ),
        (Method::DELETE, accusation.clone(), None),
        (
            Method::POST,
            format!("{accusation}/review"),
            Some(json!({"review": "rejected"})),
        ),
        (
            Method::POST,
            format!("/api/v1/actors/{}/merge", s.russia),
            Some(json!({"duplicate": s.uk})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/responses/{}/answers/{}", s.denial, s.accusation),
            None,
        ),
    ];
    for (method, path, body) in writes {
        let p = app
            .request(
                method.clone(),
                &path,
                Some(&app.analyst),
                body.as_ref(),
                &[],
            )
            .await
            .problem(428);
        assert!(
            p["detail"].as_str().unwrap().contains("If-Match"),
            "{method} {path}: {p}"
        );
    }
    assert_eq!(app.get(&accusation).await.ok(), before);
}
