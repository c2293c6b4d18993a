//! Reading: timelines, relations, look-ups, search, stats, export, metrics.

use axum::http::{Method, StatusCode};
use riposte::http::ApiConfig;
use serde_json::json;

use super::{TestApp, id_of};

#[tokio::test]
async fn the_timeline_orders_statements_and_nests_responses_with_days_between() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    let t = app.get_timeline("").await;
    let items = t["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["record"], "accusation");
    assert_eq!(items[0]["speaker"]["name"], "United Kingdom");
    assert_eq!(items[0]["speaker"]["country"], "GBR");
    assert_eq!(items[0]["target"]["name"], "Russia");
    assert_eq!(items[0]["answered"], true);
    let resp = &items[0]["responses"][0];
    assert_eq!(resp["id"], s.denial.to_string());
    assert_eq!(resp["kind"], "denial");
    assert_eq!(resp["responder"]["name"], "Dmitry Peskov");
    assert_eq!(resp["days_after"], 1);
    assert_eq!(items[1]["record"], "response");
    assert_eq!(items[1]["kind"], "denial");
    assert_eq!(items[1]["answers"][0]["id"], s.accusation.to_string());
    assert!(t["next"].is_null());
}

#[tokio::test]
async fn an_unanswered_accusation_says_so_explicitly() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    app.create_accusation(s.uk, s.russia, "2020-08-01", "hacking of vaccine research")
        .await;
    let t = app.get_timeline("kind=accusation").await;
    let last = &t["items"][1];
    assert_eq!(last["answered"], false);
    assert_eq!(last["responses"], json!([]));
}

#[tokio::test]
async fn any_name_or_alias_finds_russia_and_its_spokesman_unless_affiliates_are_off() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    // A statement of Peskov's about someone else: found only through his affiliation.
    let nato = app.create_actor("NATO", "organization", None, &[]).await;
    app.create_response(s.peskov, nato, "dismissal", "2021-01-05", &[])
        .await;
    for name in [
        "Russia",
        "Moscow",
        "the%20Kremlin",
        "kremlin",
        &s.russia.to_string(),
    ] {
        let t = app.get_timeline(&format!("actor={name}")).await;
        assert_eq!(t["items"].as_array().unwrap().len(), 3, "actor={name}: {t}");
    }
    let t = app.get_timeline("actor=Russia&affiliates=false").await;
    let ids: Vec<_> = t["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].clone())
        .collect();
    assert_eq!(
        ids,
        vec![json!("accusation")],
        "only what names Russia itself"
    );
}

#[tokio::test]
async fn an_affiliation_counts_only_while_it_lasted() {
    let app = TestApp::new().await;
    let uk = app
        .create_actor("United Kingdom", "state", Some("GBR"), &[])
        .await;
    let russia = app.create_actor("Russia", "state", Some("RUS"), &[]).await;
    let raab = app
        .create_actor("Dominic Raab", "person", Some("GBR"), &[])
        .await;
    app.affiliate(
        raab,
        uk,
        "foreign secretary",
        "2019-07-24",
        Some("2021-09-15"),
    )
    .await;
    app.create_accusation(raab, russia, "2020-07-16", "election interference")
        .await;
    app.create_accusation(raab, russia, "2023-01-10", "said as a backbencher")
        .await;
    let t = app.get_timeline("accuser=United%20Kingdom").await;
    assert_eq!(t["items"].as_array().unwrap().len(), 1, "{t}");
    assert_eq!(t["items"][0]["stated_on"], "2020-07-16");
}

#[tokio::test]
async fn a_pair_filter_finds_statements_in_both_directions() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    app.create_accusation(s.russia, s.uk, "2020-07-20", "russophobia")
        .await;
    let china = app.create_actor("China", "state", Some("CHN"), &[]).await;
    app.create_accusation(s.uk, china, "2020-07-21", "hacking")
        .await;
    let t = app.get_timeline("a=Russia&b=London").await;
    assert_eq!(t["items"].as_array().unwrap().len(), 3, "{t}");
    app.get("/api/v1/timeline?a=Russia").await.problem(400);
}

#[tokio::test]
async fn date_range_kind_and_event_filters_narrow_the_timeline() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    let ev = app
        .post(
            "/api/v1/events",
            json!({"name": "UK election interference 2019"}),
        )
        .await
        .ok();
    let event = id_of(&ev);
    app.patch(
        &format!("/api/v1/accusations/{}", s.accusation),
        json!({"event_id": event}),
        None,
    )
    .await
    .ok();
    assert_eq!(
        app.get_timeline("from=2020-07-17").await["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        app.get_timeline("to=2020-07-16").await["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        app.get_timeline("kind=denial").await["items"][0]["record"],
        "response"
    );
    assert_eq!(
        app.get_timeline("kind=threat").await["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        app.get_timeline(&format!("event={event}")).await["items"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn the_timeline_pages_with_an_opaque_cursor_and_a_next_link() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    for day in 1..=5 {
        app.create_accusation(s.uk, s.russia, &format!("2021-01-0{day}"), "more")
            .await;
    }
    let mut seen = Vec::new();
    let mut next = Some("/api/v1/timeline?limit=3".to_owned());
    while let Some(path) = next {
        let page = app.get(&path).await.ok();
        assert!(page["items"].as_array().unwrap().len() <= 3);
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].clone()),
        );
        next = page["next"].as_str().map(str::to_owned);
        if let Some(n) = &next {
            assert!(
                n.contains("limit=3"),
                "the next link keeps the filters: {n}"
            );
        }
    }
    assert_eq!(seen.len(), 7);
    let mut dedup = seen.clone();
    dedup.dedup();
    assert_eq!(dedup.len(), 7, "no item twice");
}

#[tokio::test]
async fn rejected_records_are_hidden_unless_asked_for() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    app.post_write(
        &format!("/api/v1/responses/{}/review", s.denial),
        json!({"review": "rejected"}),
    )
    .await
    .ok();
    let t = app.get_timeline("").await;
    assert_eq!(t["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        t["items"][0]["answered"], false,
        "a rejected response answers nothing"
    );
    let t = app.get_timeline("review=rejected").await;
    assert_eq!(t["items"][0]["id"], s.denial.to_string());
}

#[tokio::test]
async fn relations_count_pairs_responses_by_kind_share_answered_and_median_days() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    let second = app
        .create_accusation(s.uk, s.russia, "2020-08-01", "vaccine hacking")
        .await;
    app.create_response(s.russia, s.uk, "dismissal", "2020-08-04", &[second])
        .await;
    app.create_accusation(s.uk, s.russia, "2020-09-01", "unanswered")
        .await;
    let r = app.get("/api/v1/relations").await.ok();
    let pair = &r["pairs"][0];
    assert_eq!(pair["accuser"]["name"], "United Kingdom");
    assert_eq!(pair["accused"]["name"], "Russia");
    assert_eq!(pair["accusations"], 3);
    assert_eq!(pair["answered"], 2);
    assert!((pair["share_answered"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(pair["responses"], json!({"denial": 1, "dismissal": 1}));
    assert_eq!(pair["median_days_to_respond"], 2.0);
    assert_eq!(r["truncated"], false);
    let filtered = app.get("/api/v1/relations?from=2020-09-01").await.ok();
    assert_eq!(filtered["pairs"][0]["accusations"], 1);
}

#[tokio::test]
async fn actors_are_found_fuzzily_by_name_or_alias() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    let hits = app.get("/api/v1/actors?q=kremlin").await.ok();
    assert_eq!(hits["items"][0]["id"], s.russia.to_string());
    let hits = app.get("/api/v1/actors?q=Peskow").await.ok();
    assert_eq!(
        hits["items"][0]["name"], "Dmitry Peskov",
        "a misspelling still finds him"
    );
    let all = app.get("/api/v1/actors?limit=2").await.ok();
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
    let rest = app.get(all["next"].as_str().unwrap()).await.ok();
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_actor_shows_its_aliases_affiliations_and_counts() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    let r = app.get(&format!("/api/v1/actors/{}", s.russia)).await;
    assert_eq!(
        r.header("etag").as_deref(),
        Some("\"1\""),
        "an affiliation from Peskov's side does not change Russia"
    );
    let a = r.ok();
    let aliases: Vec<&str> = a["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["alias"].as_str().unwrap())
        .collect();
    assert!(
        aliases.contains(&"Moscow") && aliases.contains(&"Russia"),
        "{aliases:?}"
    );
    assert_eq!(a["members"][0]["actor"]["name"], "Dmitry Peskov");
    assert_eq!(a["counts"]["accusations_received"], 1);
    let p = app.get(&format!("/api/v1/actors/{}", s.peskov)).await.ok();
    assert_eq!(p["affiliations"][0]["with"]["name"], "Russia");
    assert_eq!(p["counts"]["responses_made"], 1);
}

#[tokio::test]
async fn a_record_shows_its_actors_links_and_evidence() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    let text = "Raab said Russia almost certainly interfered. Peskov denied it.";
    let article = app.insert_article("Russia denies meddling", text).await;
    let a = app
        .post(
            "/api/v1/accusations",
            json!({"accuser_id": s.uk, "accused_id": s.russia, "stated_on": "2020-07-16",
                   "hedge": "almost certainly", "hedge_level": "high",
                   "evidence": [{"article_id": article, "char_start": 0, "char_end": 45}]}),
        )
        .await
        .ok();
    assert_eq!(
        a["evidence"][0]["sentence"],
        "Raab said Russia almost certainly interfered."
    );
    assert_eq!(a["evidence"][0]["url"], "https://example.org/a");
    assert_eq!(a["evidence"][0]["title"], "Russia denies meddling");
    let r = app.get(&format!("/api/v1/responses/{}", s.denial)).await;
    assert_eq!(r.header("etag").as_deref(), Some("\"1\""));
    assert_eq!(r.ok()["answers"][0]["accuser"]["name"], "United Kingdom");
    let view = app.get(&format!("/api/v1/articles/{article}")).await.ok();
    assert_eq!(view["text"], text);
    assert_eq!(view["findings"][0]["record"], "accusation");
    assert_eq!(view["findings"][0]["char_end"], 45);
    let t = app
        .get_timeline(&format!("from=2020-07-16&to=2020-07-16&accuser={}", s.uk))
        .await;
    let with_evidence = t["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == a["id"])
        .unwrap();
    assert_eq!(
        with_evidence["evidence"][0]["article_id"],
        article.to_string()
    );
}

#[tokio::test]
async fn evidence_outside_its_article_gets_a_422() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    let article = app.insert_article("t", "Short.").await;
    let r = app
        .post(
            "/api/v1/accusations",
            json!({"accuser_id": s.uk, "stated_on": "2020-07-16",
                   "evidence": [{"article_id": article, "char_start": 0, "char_end": 400}]}),
        )
        .await;
    assert_eq!(r.problem(422)["errors"][0]["field"], "evidence[0]");
}

#[tokio::test]
async fn events_are_listed_and_show_their_accusations() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    let ev = id_of(
        &app.post(
            "/api/v1/events",
            json!({"name": "Skripal poisoning", "kind": "poisoning", "starts_on": "2018-03-04"}),
        )
        .await
        .ok(),
    );
    app.patch(
        &format!("/api/v1/accusations/{}", s.accusation),
        json!({"event_id": ev}),
        None,
    )
    .await
    .ok();
    let list = app.get("/api/v1/events?q=skripal").await.ok();
    assert_eq!(list["items"][0]["accusation_count"], 1);
    let detail = app.get(&format!("/api/v1/events/{ev}")).await.ok();
    assert_eq!(detail["accusations"][0]["id"], s.accusation.to_string());
}

#[tokio::test]
async fn search_finds_evidence_sentences_by_their_words() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    let text = "Peskov denied any interference. The weather was fine.";
    let article = app.insert_article("t", text).await;
    app.post(
        "/api/v1/responses",
        json!({"responder_id": s.peskov, "kind": "denial", "stated_on": "2020-07-17",
               "evidence": [{"article_id": article, "char_start": 0, "char_end": 31}]}),
    )
    .await
    .ok();
    let hits = app.get("/api/v1/search?q=denying").await.ok();
    assert_eq!(
        hits["items"].as_array().unwrap().len(),
        1,
        "stemmed: {hits}"
    );
    assert_eq!(hits["items"][0]["record"], "response");
    assert!(
        hits["items"][0]["highlight"]
            .as_str()
            .unwrap()
            .contains("<b>")
    );
    assert_eq!(
        app.get("/api/v1/search?q=weather").await.ok()["items"],
        json!([])
    );
    app.get("/api/v1/search").await.problem(400);
}

#[tokio::test]
async fn stats_count_statements_per_month_by_kind() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    app.create_accusation(s.uk, s.russia, "2020-09-03", "more")
        .await;
    let st = app.get("/api/v1/stats").await.ok();
    assert_eq!(
        st["months"][0],
        json!({"month": "2020-07", "counts": {"accusation": 1, "denial": 1}, "total": 2})
    );
    assert_eq!(st["months"][1]["month"], "2020-09");
}

#[tokio::test]
async fn the_series_counts_every_period_by_kind_with_zeros_between() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    app.create_accusation(s.uk, s.russia, "2020-09-03", "more")
        .await;
    let series = app.get("/api/v1/series?actor=Russia").await.ok();
    assert_eq!(series["interval"], "month");
    assert_eq!(series["kinds"], json!(["accusation", "denial"]));
    let points = series["points"].as_array().unwrap();
    assert_eq!(points.len(), 3, "{series}");
    assert_eq!(
        points[0],
        json!({"period": "2020-07-01", "counts": {"accusation": 1, "denial": 1}, "total": 2})
    );
    assert_eq!(
        points[1],
        json!({"period": "2020-08-01", "counts": {"accusation": 0, "denial": 0}, "total": 0})
    );
    assert_eq!(points[2]["counts"]["accusation"], 1);

    // weeks start on Monday; from and to widen the range with zeros
    let weeks = app
        .get("/api/v1/series?interval=week&from=2020-07-01&to=2020-07-31")
        .await
        .ok();
    let periods: Vec<&str> = weeks["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(
        periods,
        [
            "2020-06-29",
            "2020-07-06",
            "2020-07-13",
            "2020-07-20",
            "2020-07-27"
        ]
    );
    assert_eq!(weeks["points"][2]["total"], 2);

    let r = app.get("/api/v1/series?format=csv&a=London&b=Russia").await;
    assert!(r.header("content-type").unwrap().starts_with("text/csv"));
    let text = r.text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "period,total,accusation,denial");
    assert_eq!(lines[1], "2020-07-01,2,1,1");
    assert_eq!(lines.len(), 4, "{text}");
}

#[tokio::test]
async fn a_series_too_long_or_with_an_unknown_interval_is_a_clear_400() {
    let app = TestApp::new().await;
    app.scene().await;
    let p = app
        .get("/api/v1/series?interval=day&from=1900-01-01&to=2100-01-01")
        .await
        .problem(400);
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("more than 20000 periods"),
        "{p}"
    );
    app.get("/api/v1/series?interval=year").await.problem(400);
    app.get("/api/v1/series?actor=Atlantis").await.problem(404);
}

/// `%` and `_` are LIKE's wildcards in SQL, but ordinary characters in a
/// name someone searches for.
#[tokio::test]
async fn actor_and_event_search_take_wildcards_literally() {
    let app = TestApp::new().await;
    app.scene().await;
    app.post("/api/v1/events", json!({"name": "Salisbury poisoning"}))
        .await
        .ok();
    for q in ["%25", "_", "%25%25", "%5C"] {
        let hits = app.get(&format!("/api/v1/actors?q={q}")).await.ok();
        assert_eq!(hits["items"], json!([]), "actors?q={q}: {hits}");
        let events = app.get(&format!("/api/v1/events?q={q}")).await.ok();
        assert_eq!(events["items"], json!([]), "events?q={q}: {events}");
    }
    let hits = app.get("/api/v1/actors?q=Russ").await.ok();
    assert_eq!(hits["items"][0]["name"], "Russia");
    let events = app.get("/api/v1/events?q=bury%20pois").await.ok();
    assert_eq!(events["items"][0]["name"], "Salisbury poisoning");
}

#[tokio::test]
async fn the_export_streams_csv_with_cameo_codes() {
    let app = TestApp::new().await;
    app.scene().await;
    let r = app.get("/api/v1/export?format=csv&actor=Russia").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").unwrap().starts_with("text/csv"));
    let text = r.text();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("record,id,stated_on,kind,cameo_code"));
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[1].contains(",accusation,112,"), "{}", lines[1]);
    assert!(lines[2].contains(",denial,016,"), "{}", lines[2]);
}

#[tokio::test]
async fn the_export_streams_json_lines() {
    let app = TestApp::new().await;
    app.scene().await;
    let r = app.get("/api/v1/export?format=jsonl").await;
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/x-ndjson")
    );
    let rows: Vec<serde_json::Value> = r
        .text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["cameo_code"], "016");
    assert_eq!(rows[1]["speaker"], "Dmitry Peskov");
    app.get("/api/v1/export?format=xlsx").await.problem(400);
}

/// An accusation named first in its denial ("denied British accusations")
/// and told after it: the export's sentence is the one that makes the
/// accusation, and the count says there are two.
#[tokio::test]
async fn the_export_gives_the_sentence_that_makes_the_record_and_counts_the_rest() {
    let app = TestApp::new().await;
    let text = "Russia denied British accusations that it hacked vaccine research.\n\n\
                Britain on Thursday accused Russia of hacking vaccine research, the Foreign Office said.\n";
    app.request(
        Method::POST,
        "/api/v1/articles",
        Some(&app.analyst),
        Some(&json!({"text": text, "published": "2020-07-17"})),
        &[],
    )
    .await
    .ok();
    let rows: Vec<serde_json::Value> = app
        .get("/api/v1/export?format=jsonl&kind=accusation")
        .await
        .text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(
        rows[0]["sentence"]
            .as_str()
            .unwrap()
            .starts_with("Britain on Thursday accused Russia"),
        "{}",
        rows[0]
    );
    assert_eq!(rows[0]["evidence_count"], 2);
}

#[tokio::test]
async fn metrics_are_served_in_prometheus_format() {
    let app = TestApp::new().await;
    app.get("/api/v1/timeline").await.ok();
    metrics::counter!(riposte::http::metrics::ARTICLES_IMPORTED).increment(1);
    // closed like the reads it describes
    app.request(Method::GET, "/metrics", None, None, &[])
        .await
        .problem(401);
    let r = app.get("/metrics").await;
    assert_eq!(r.status, StatusCode::OK);
    let text = r.text();
    assert!(text.contains("riposte_http_requests_total{"), "{text}");
    assert!(text.contains("route=\"/api/v1/timeline\""), "{text}");
    assert!(
        text.contains("riposte_http_request_duration_seconds_bucket"),
        "{text}"
    );
    assert!(text.contains("riposte_articles_imported_total"), "{text}");
}

#[tokio::test]
async fn cors_allows_the_configured_origins_only() {
    let app = TestApp::with_config(ApiConfig {
        cors_origins: vec!["https://dash.example.org".into()],
        ..Default::default()
    })
    .await;
    let preflight = |origin: &'static str| {
        axum::http::Request::builder()
            .method(Method::OPTIONS)
            .uri("/api/v1/timeline")
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "authorization")
            .body(axum::body::Body::empty())
            .unwrap()
    };
    let ok = app.send(preflight("https://dash.example.org")).await;
    assert_eq!(
        ok.header("access-control-allow-origin").as_deref(),
        Some("https://dash.example.org")
    );
    let other = app.send(preflight("https://evil.example")).await;
    assert!(other.header("access-control-allow-origin").is_none());
}

/// The unfiltered matrix is served from a rollup the database keeps, with
/// the pairs writes touched since its last refresh aggregated afresh (a
/// read never refreshes it); a filter that narrows nothing (`from` long
/// ago) aggregates the statements themselves. After every kind of write the
/// two must agree: before the refresh (the touched pairs read afresh, the
/// others from the rollup of the step before) and after it.
#[tokio::test]
async fn the_relations_rollup_agrees_with_the_statements_after_every_write() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    let agree = |step: &'static str| {
        let app = &app;
        async move {
            let direct = app.get("/api/v1/relations?from=1000-01-01").await.ok();
            let unrefreshed = app.get("/api/v1/relations").await.ok();
            assert_eq!(
                unrefreshed["pairs"], direct["pairs"],
                "after {step}, before the refresh"
            );
            let mut conn = app.pool.acquire().await.unwrap();
            riposte::store::relations::refresh_relation_pairs(&mut conn)
                .await
                .unwrap();
            let rollup = app.get("/api/v1/relations").await.ok();
            assert_eq!(rollup["pairs"], direct["pairs"], "after {step}");
            rollup
        }
    };
    agree("the scene").await;

    let second = app
        .create_accusation(s.uk, s.russia, "2020-08-01", "vaccine hacking")
        .await;
    let back = app
        .create_accusation(s.russia, s.uk, "2020-08-02", "russophobia")
        .await;
    let r = agree("new accusations").await;
    assert_eq!(r["pairs"][0]["accusations"], 2);

    let link = format!("/api/v1/responses/{}/answers/{second}", s.denial);
    app.request(
        Method::PUT,
        &link,
        Some(&app.analyst),
        None,
        &[("if-match", "*")],
    )
    .await
    .ok();
    let r = agree("a link").await;
    assert_eq!(r["pairs"][0]["answered"], 2);
    app.request(
        Method::DELETE,
        &link,
        Some(&app.analyst),
        None,
        &[("if-match", "*")],
    )
    .await
    .ok();
    agree("an unlink").await;

    app.patch(
        &format!("/api/v1/responses/{}", s.denial),
        json!({"kind": "dismissal"}),
        Some("\"3\""), // linked and unlinked since its creation
    )
    .await
    .ok();
    let r = agree("a corrected response kind").await;
    assert_eq!(r["pairs"][0]["responses"], json!({"dismissal": 1}));

    app.post_write(
        &format!("/api/v1/responses/{}/review", s.denial),
        json!({"review": "rejected"}),
    )
    .await
    .ok();
    let r = agree("a rejected response").await;
    assert_eq!(r["pairs"][0]["answered"], 0);

    app.post_write(
        &format!("/api/v1/accusations/{second}/review"),
        json!({"review": "rejected"}),
    )
    .await
    .ok();
    agree("a rejected accusation").await;

    let deleted = app.delete(&format!("/api/v1/accusations/{back}")).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text());
    let r = agree("a deletion").await;
    assert_eq!(r["pairs"].as_array().unwrap().len(), 1);

    let dup = app
        .create_actor("Russian Federation", "state", Some("RUS"), &[])
        .await;
    app.create_accusation(s.uk, dup, "2020-09-01", "more").await;
    let r = agree("an accusation of a duplicate actor").await;
    assert_eq!(r["pairs"].as_array().unwrap().len(), 2);
    app.post_write(
        &format!("/api/v1/actors/{}/merge", s.russia),
        json!({"duplicate": dup}),
    )
    .await
    .ok();
    let r = agree("a merge").await;
    assert_eq!(r["pairs"].as_array().unwrap().len(), 1);
    assert_eq!(r["pairs"][0]["accusations"], 2);
}

/// Reads never write: every GET reads in a read-only transaction (so a
/// read-only hot standby could serve it), and reading the matrix leaves the
/// rollup's backlog to the writers and the server's refresher.
#[tokio::test]
async fn reads_run_read_only_and_reading_the_matrix_refreshes_nothing() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    let state = riposte::http::AppState::new(app.pool.clone());
    let reads = state.reads.pool();
    let read_only: String = sqlx::query_scalar("select current_setting('transaction_read_only')")
        .fetch_one(&reads)
        .await
        .unwrap();
    assert_eq!(read_only, "on");
    let write = sqlx::query("delete from relation_pairs_dirty")
        .execute(&reads)
        .await
        .unwrap_err();
    assert!(write.to_string().contains("read-only"), "{write}");
    state.reads.close().await;

    app.create_accusation(s.uk, s.russia, "2020-08-01", "vaccine hacking")
        .await;
    let backlog = || async {
        sqlx::query_scalar::<_, i64>("select count(*) from relation_pairs_dirty")
            .fetch_one(&app.pool)
            .await
            .unwrap()
    };
    let before = backlog().await;
    assert!(before > 0);
    app.get("/api/v1/relations").await.ok();
    assert_eq!(backlog().await, before);
}
