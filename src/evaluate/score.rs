//! Scoring by ANNOTATION.md's rules: match predicted statements to gold ones
//! by evidence overlap (per class, each gold statement at most once), then
//! measure the fields of the matched pairs.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::evaluate::gold::{GoldArticle, GoldStatement, StatementClass};
use crate::evaluate::overlap::{evidence_overlap, words};

/// A share with its counts, so a reader sees how many cases a figure rests on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Accuracy {
    pub correct: usize,
    pub total: usize,
    /// `correct / total`, or `None` when there was nothing to measure.
    pub rate: Option<f64>,
}

impl Accuracy {
    fn add(&mut self, ok: bool) {
        self.total += 1;
        if ok {
            self.correct += 1;
        }
        self.rate = Some(self.correct as f64 / self.total as f64);
    }
}

/// The figures for one statement class.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ClassReport {
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
    /// Predictions whose evidence matches a gold statement already matched.
    pub duplicates: usize,
    /// Predictions matching no gold statement at all.
    pub false_positives: usize,
    /// Matched over predicted (a duplicate is not a correct detection).
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub speaker: Accuracy,
    pub speaker_country: Accuracy,
    pub target: Accuracy,
    pub target_country: Accuracy,
    pub date: Accuracy,
    /// Date accuracy on the pairs whose gold date is known.
    pub date_known: Accuracy,
    /// Responses only.
    pub response_type: Accuracy,
    /// Responses only.
    pub link: Accuracy,
}

impl ClassReport {
    fn finish(&mut self) {
        self.precision = ratio(self.matched, self.predicted);
        self.recall = ratio(self.matched, self.gold);
        self.f1 = if self.precision + self.recall > 0.0 {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        } else {
            0.0
        };
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// A statement named in a per-article breakdown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatementRef {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub speaker: Option<String>,
    pub target: Option<String>,
    pub evidence: Option<String>,
}

/// One wrong field of a matched pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldError {
    pub gold_id: String,
    pub predicted_id: String,
    pub field: &'static str,
    pub gold: String,
    pub predicted: String,
}

/// What went right and wrong in one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ArticleReport {
    pub article: String,
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
    pub misses: Vec<StatementRef>,
    pub false_positives: Vec<StatementRef>,
    /// (predicted id, the gold id it duplicates)
    pub duplicates: Vec<(String, String)>,
    pub wrong_fields: Vec<FieldError>,
}

/// The result of scoring a set of articles.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    pub articles: usize,
    pub accusation: ClassReport,
    pub response: ClassReport,
    pub per_article: Vec<ArticleReport>,
}

/// Lowercase with punctuation dropped and spaces collapsed: the guide says
/// names compare with "case and punctuation ignored".
pub fn normalize_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w.to_lowercase());
    }
    out
}

/// Whether a predicted actor (by key in the prediction) is one of the gold
/// actors (by key in the gold file); `country_level` also accepts a shared
/// country. Both null counts as right.
fn actor_ok(
    pred: &GoldArticle,
    pred_key: Option<&str>,
    gold: &GoldArticle,
    gold_keys: &[&str],
    country_level: bool,
) -> bool {
    let Some(pk) = pred_key else {
        return gold_keys.is_empty();
    };
    if gold_keys.is_empty() {
        return false;
    }
    let pa = pred.actor(pk);
    let pname = normalize_name(pa.map_or(pk, |a| a.name.as_str()));
    let pcountry = pa.and_then(|a| a.country.as_deref());
    gold_keys.iter().filter_map(|k| gold.actor(k)).any(|ga| {
        normalize_name(&ga.name) == pname
            || ga.aliases.iter().any(|al| normalize_name(al) == pname)
            || (country_level && pcountry.is_some() && pcountry == ga.country.as_deref())
    })
}

fn display_actor(art: &GoldArticle, key: Option<&str>) -> String {
    match key {
        None => "null".to_string(),
        Some(k) => match art.actor(k) {
            Some(a) => format!("{} ({})", a.name, a.country.as_deref().unwrap_or("-")),
            None => k.to_string(),
        },
    }
}

fn sref(art: &GoldArticle, s: &GoldStatement) -> StatementRef {
    StatementRef {
        id: s.id.clone(),
        kind: s.kind.clone(),
        speaker: s.speaker.as_deref().map(|k| display_actor(art, Some(k))),
        target: s.target.as_deref().map(|k| display_actor(art, Some(k))),
        evidence: s.evidence.first().cloned(),
    }
}

/// Maximum matching between predictions and gold statements of one class
/// (Kuhn's augmenting paths), trying the best-overlapping partner first so
/// that among equally large matchings the closest pairs win.
fn match_class(
    articles: (&GoldArticle, &GoldArticle),
    gold: &[&GoldStatement],
    pred: &[&GoldStatement],
    gold_words: &[Vec<Vec<String>>],
    pred_words: &[Vec<Vec<String>>],
) -> (Vec<Option<usize>>, Vec<bool>) {
    // edges[p] = gold indices with their preference weights, best first
    let mut edges: Vec<Vec<(usize, f64)>> = Vec::with_capacity(pred.len());
    for (pi, p) in pred.iter().enumerate() {
        let mut e = Vec::new();
        for (gi, g) in gold.iter().enumerate() {
            if let Some(ov) = evidence_overlap(&pred_words[pi], &gold_words[gi]) {
                let mut w = ov;
                if p.kind == g.kind {
                    w += 1.0;
                }
                // keys are each file's own: the same speaker is the same
                // actor by name or alias
                let (gold_art, pred_art) = articles;
                let mut gkeys: Vec<&str> = g.speaker.iter().map(String::as_str).collect();
                gkeys.extend(g.co_speakers.iter().map(String::as_str));
                if p.speaker.is_some()
                    && actor_ok(pred_art, p.speaker.as_deref(), gold_art, &gkeys, false)
                {
                    w += 0.25;
                }
                e.push((gi, w));
            }
        }
        e.sort_by(|a, b| b.1.total_cmp(&a.1));
        edges.push(e);
    }
    let mut order: Vec<usize> = (0..pred.len()).collect();
    order.sort_by(|&a, &b| {
        let wa = edges[a].first().map_or(0.0, |e| e.1);
        let wb = edges[b].first().map_or(0.0, |e| e.1);
        wb.total_cmp(&wa).then(a.cmp(&b))
    });
    let mut gold_to_pred: Vec<Option<usize>> = vec![None; gold.len()];
    for &p in &order {
        let mut seen = vec![false; gold.len()];
        augment(p, &edges, &mut gold_to_pred, &mut seen);
    }
    let has_edge = edges.iter().map(|e| !e.is_empty()).collect();
    (gold_to_pred, has_edge)
}

fn augment(
    p: usize,
    edges: &[Vec<(usize, f64)>],
    gold_to_pred: &mut [Option<usize>],
    seen: &mut [bool],
) -> bool {
    for &(g, _) in &edges[p] {
        if seen[g] {
            continue;
        }
        seen[g] = true;
        let free = match gold_to_pred[g] {
            None => true,
            Some(other) => augment(other, edges, gold_to_pred, seen),
        };
        if free {
            gold_to_pred[g] = Some(p);
            return true;
        }
    }
    false
}

/// Scores predicted articles against gold ones (pairs of gold, predicted).
pub fn score(cases: &[(GoldArticle, GoldArticle)]) -> Report {
    let mut report = Report {
        articles: cases.len(),
        ..Report::default()
    };
    for (gold, pred) in cases {
        let ar = score_article(gold, pred, &mut report);
        report.per_article.push(ar);
    }
    report.accusation.finish();
    report.response.finish();
    report
}

fn score_article(gold: &GoldArticle, pred: &GoldArticle, report: &mut Report) -> ArticleReport {
    let mut ar = ArticleReport {
        article: gold.article.clone(),
        gold: gold.statements.len(),
        predicted: pred.statements.len(),
        ..ArticleReport::default()
    };
    // gold id -> predicted id, filled for accusations first so that the
    // responses' links can be checked against it.
    let mut matched_ids: HashMap<&str, &str> = HashMap::new();
    for class in [StatementClass::Accusation, StatementClass::Response] {
        let g: Vec<&GoldStatement> = gold
            .statements
            .iter()
            .filter(|s| s.class() == Some(class))
            .collect();
        let p: Vec<&GoldStatement> = pred
            .statements
            .iter()
            .filter(|s| s.class() == Some(class))
            .collect();
        let gw: Vec<Vec<Vec<String>>> = g
            .iter()
            .map(|s| s.evidence.iter().map(|e| words(e)).collect())
            .collect();
        let pw: Vec<Vec<Vec<String>>> = p
            .iter()
            .map(|s| s.evidence.iter().map(|e| words(e)).collect())
            .collect();
        let (g2p, has_edge) = match_class((gold, pred), &g, &p, &gw, &pw);
        let cr = match class {
            StatementClass::Accusation => &mut report.accusation,
            StatementClass::Response => &mut report.response,
        };
        cr.gold += g.len();
        cr.predicted += p.len();
        let mut pred_matched = vec![false; p.len()];
        for (gi, m) in g2p.iter().enumerate() {
            match m {
                Some(pi) => {
                    pred_matched[*pi] = true;
                    matched_ids.insert(g[gi].id.as_str(), p[*pi].id.as_str());
                }
                None => ar.misses.push(sref(gold, g[gi])),
            }
        }
        for (pi, s) in p.iter().enumerate() {
            if pred_matched[pi] {
                continue;
            }
            if has_edge[pi] {
                cr.duplicates += 1;
                // name the gold statement it overlaps, for the breakdown
                let dup_of = g
                    .iter()
                    .enumerate()
                    .find(|(gi, _)| evidence_overlap(&pw[pi], &gw[*gi]).is_some())
                    .map(|(_, gs)| gs.id.clone())
                    .unwrap_or_default();
                ar.duplicates.push((s.id.clone(), dup_of));
            } else {
                cr.false_positives += 1;
                ar.false_positives.push(sref(pred, s));
            }
        }
        for (gi, m) in g2p.iter().enumerate() {
            let Some(pi) = *m else { continue };
            let (gs, ps) = (g[gi], p[pi]);
            cr.matched += 1;
            ar.matched += 1;
            let mut gkeys: Vec<&str> = gs.speaker.iter().map(String::as_str).collect();
            gkeys.extend(gs.co_speakers.iter().map(String::as_str));
            let sp = actor_ok(pred, ps.speaker.as_deref(), gold, &gkeys, false);
            let spc = actor_ok(pred, ps.speaker.as_deref(), gold, &gkeys, true);
            cr.speaker.add(sp);
            cr.speaker_country.add(spc);
            if !sp {
                ar.wrong_fields.push(FieldError {
                    gold_id: gs.id.clone(),
                    predicted_id: ps.id.clone(),
                    field: if spc {
                        "speaker (country ok)"
                    } else {
                        "speaker"
                    },
                    gold: display_actor(gold, gs.speaker.as_deref()),
                    predicted: display_actor(pred, ps.speaker.as_deref()),
                });
            }
            let tkeys: Vec<&str> = gs.target.iter().map(String::as_str).collect();
            let tg = actor_ok(pred, ps.target.as_deref(), gold, &tkeys, false);
            let tgc = actor_ok(pred, ps.target.as_deref(), gold, &tkeys, true);
            cr.target.add(tg);
            cr.target_country.add(tgc);
            if !tg {
                ar.wrong_fields.push(FieldError {
                    gold_id: gs.id.clone(),
                    predicted_id: ps.id.clone(),
                    field: if tgc { "target (country ok)" } else { "target" },
                    gold: display_actor(gold, gs.target.as_deref()),
                    predicted: display_actor(pred, ps.target.as_deref()),
                });
            }
            let date_ok = gs.date == ps.date;
            cr.date.add(date_ok);
            if gs.date.is_some() {
                cr.date_known.add(date_ok);
            }
            if !date_ok {
                ar.wrong_fields.push(FieldError {
                    gold_id: gs.id.clone(),
                    predicted_id: ps.id.clone(),
                    field: "date",
                    gold: opt(gs.date),
                    predicted: opt(ps.date),
                });
            }
            if class == StatementClass::Response {
                let type_ok = gs.kind == ps.kind;
                cr.response_type.add(type_ok);
                if !type_ok {
                    ar.wrong_fields.push(FieldError {
                        gold_id: gs.id.clone(),
                        predicted_id: ps.id.clone(),
                        field: "type",
                        gold: gs.kind.clone(),
                        predicted: ps.kind.clone(),
                    });
                }
                let want: BTreeSet<&str> = gs
                    .responds_to
                    .iter()
                    .filter_map(|id| matched_ids.get(id.as_str()).copied())
                    .collect();
                let got: BTreeSet<&str> = ps.responds_to.iter().map(String::as_str).collect();
                let link_ok = want == got;
                cr.link.add(link_ok);
                if !link_ok {
                    ar.wrong_fields.push(FieldError {
                        gold_id: gs.id.clone(),
                        predicted_id: ps.id.clone(),
                        field: "responds_to",
                        gold: format!("{:?} (predicted ids {:?})", gs.responds_to, want),
                        predicted: format!("{got:?}"),
                    });
                }
            }
        }
    }
    ar
}

fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "null".to_string(), |d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::gold::GoldActor;

    fn actor(key: &str, name: &str, country: &str, aliases: &[&str]) -> GoldActor {
        GoldActor {
            key: key.into(),
            name: name.into(),
            kind: "person".into(),
            country: Some(country.into()),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn st(id: &str, kind: &str, sp: &str, tg: &str, ev: &str, rt: &[&str]) -> GoldStatement {
        GoldStatement {
            id: id.into(),
            kind: kind.into(),
            speaker: Some(sp.into()),
            co_speakers: vec![],
            target: Some(tg.into()),
            subject: None,
            date: None,
            hedge: None,
            responds_to: rt.iter().map(|s| s.to_string()).collect(),
            evidence: vec![ev.into()],
        }
    }

    fn article(actors: Vec<GoldActor>, statements: Vec<GoldStatement>) -> GoldArticle {
        GoldArticle {
            article: "a.txt".into(),
            url: None,
            published: None,
            actors,
            statements,
        }
    }

    fn gold() -> GoldArticle {
        article(
            vec![
                actor("raab", "Dominic Raab", "GBR", &["Raab"]),
                actor("rus", "Russia", "RUS", &["Moscow"]),
                actor("peskov", "Dmitry Peskov", "RUS", &["the spokesman"]),
            ],
            vec![
                st(
                    "S1",
                    "accusation",
                    "raab",
                    "rus",
                    "Raab accused Russia of meddling in the vote.",
                    &[],
                ),
                st(
                    "R1",
                    "denial",
                    "peskov",
                    "raab",
                    "Peskov denied that Russia meddled in the vote.",
                    &["S1"],
                ),
            ],
        )
    }

    #[test]
    fn a_perfect_prediction_scores_one_everywhere() {
        let g = gold();
        let r = score(&[(g.clone(), g)]);
        assert_eq!(r.accusation.f1, 1.0);
        assert_eq!(r.response.f1, 1.0);
        assert_eq!(r.response.link.rate, Some(1.0));
        assert_eq!(r.accusation.speaker.rate, Some(1.0));
    }

    #[test]
    fn a_second_prediction_on_the_same_gold_statement_is_a_duplicate() {
        let g = gold();
        let mut p = g.clone();
        let mut extra = p.statements[1].clone();
        extra.id = "R9".into();
        p.statements.push(extra);
        let r = score(&[(g, p)]);
        assert_eq!(r.response.duplicates, 1);
        assert_eq!(r.response.matched, 1);
        assert_eq!(r.response.precision, 0.5);
    }

    #[test]
    fn a_speaker_matches_by_alias_and_the_country_figure_accepts_the_same_country() {
        let g = gold();
        let mut p = g.clone();
        p.actors = vec![
            actor("a", "raab", "GBR", &[]),
            actor("b", "Kremlin", "RUS", &[]),
            actor("c", "The Spokesman!", "RUS", &[]),
        ];
        p.statements[0].speaker = Some("a".into());
        p.statements[0].target = Some("b".into());
        p.statements[1].speaker = Some("c".into());
        p.statements[1].target = Some("a".into());
        let r = score(&[(g, p)]);
        assert_eq!(r.accusation.speaker.rate, Some(1.0));
        assert_eq!(r.accusation.target.rate, Some(0.0));
        assert_eq!(r.accusation.target_country.rate, Some(1.0));
        assert_eq!(r.response.speaker.rate, Some(1.0));
        assert_eq!(r.response.target.rate, Some(1.0));
    }

    #[test]
    fn a_link_counts_only_when_it_points_to_the_prediction_matched_to_the_gold_accusation() {
        let g = gold();
        let mut p = g.clone();
        p.statements[0].id = "X1".into();
        p.statements[1].responds_to = vec!["X1".into()];
        assert_eq!(
            score(&[(g.clone(), p.clone())]).response.link.rate,
            Some(1.0)
        );
        p.statements[1].responds_to = vec![];
        assert_eq!(score(&[(g, p)]).response.link.rate, Some(0.0));
    }

    #[test]
    fn a_statement_of_the_other_class_never_matches() {
        let g = gold();
        let mut p = g.clone();
        p.statements[0].kind = "denial".into();
        let r = score(&[(g, p)]);
        assert_eq!(r.accusation.matched, 0);
        assert_eq!(r.response.duplicates, 1);
    }
}
