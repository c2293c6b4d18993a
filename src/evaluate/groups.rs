//! Figures by group of articles: the same scoring run on each subset of a
//! gold directory chosen by file-name prefix (a source, a batch, the random
//! news stream), so a figure that holds on one kind of text and fails on
//! another is seen as such.

use serde::Serialize;

use crate::evaluate::gold::GoldArticle;
use crate::evaluate::score::{Report, score};

/// The name of the group of articles matching no given prefix.
pub const OTHER_GROUP: &str = "(other)";

/// One group's figures.
#[derive(Debug, Clone, Serialize)]
pub struct GroupReport {
    /// The prefix, or [`OTHER_GROUP`].
    pub group: String,
    pub report: Report,
    /// Predicted statements matching no gold statement (false positives and
    /// duplicates) per article: the cost of running on ordinary news.
    pub false_records_per_article: f64,
    /// Articles whose gold file holds no statement at all.
    pub articles_without_statements: usize,
    /// ... and of those, how many got at least one predicted statement.
    pub quiet_articles_with_records: usize,
}

/// The group an article belongs to: the first prefix its name starts with
/// (longest first, so `web2-` is not taken for `web-`).
fn group_of<'p>(article: &str, prefixes: &'p [String]) -> Option<&'p str> {
    prefixes
        .iter()
        .filter(|p| article.starts_with(p.as_str()))
        .max_by_key(|p| p.len())
        .map(String::as_str)
}

/// Scores every group of `pairs` (gold, predicted) separately: one group per
/// prefix in the order given, then the articles matching none.
pub fn score_groups(pairs: &[(GoldArticle, GoldArticle)], prefixes: &[String]) -> Vec<GroupReport> {
    let names = prefixes
        .iter()
        .map(|p| Some(p.as_str()))
        .chain([None])
        .collect::<Vec<_>>();
    names
        .into_iter()
        .filter_map(|name| {
            let subset: Vec<(GoldArticle, GoldArticle)> = pairs
                .iter()
                .filter(|(g, _)| group_of(&g.article, prefixes) == name)
                .cloned()
                .collect();
            (!subset.is_empty()).then(|| group_report(name.unwrap_or(OTHER_GROUP), &subset))
        })
        .collect()
}

fn group_report(group: &str, pairs: &[(GoldArticle, GoldArticle)]) -> GroupReport {
    let report = score(pairs);
    let false_records = [&report.accusation, &report.response]
        .iter()
        .map(|c| c.false_positives + c.duplicates)
        .sum::<usize>();
    let quiet: Vec<&(GoldArticle, GoldArticle)> = pairs
        .iter()
        .filter(|(g, _)| g.statements.is_empty())
        .collect();
    GroupReport {
        group: group.to_string(),
        false_records_per_article: false_records as f64 / pairs.len() as f64,
        articles_without_statements: quiet.len(),
        quiet_articles_with_records: quiet
            .iter()
            .filter(|(_, p)| !p.statements.is_empty())
            .count(),
        report,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::gold::GoldStatement;

    fn article(name: &str, evidence: &[&str]) -> GoldArticle {
        GoldArticle {
            article: format!("{name}.txt"),
            url: None,
            published: None,
            actors: vec![],
            statements: evidence
                .iter()
                .enumerate()
                .map(|(i, e)| GoldStatement {
                    id: format!("S{i}"),
                    kind: "accusation".into(),
                    speaker: None,
                    co_speakers: vec![],
                    target: None,
                    subject: None,
                    date: None,
                    hedge: None,
                    responds_to: vec![],
                    evidence: vec![e.to_string()],
                })
                .collect(),
        }
    }

    #[test]
    fn the_longest_matching_prefix_names_the_group() {
        let prefixes = vec!["web-".to_string(), "web2-".to_string()];
        assert_eq!(group_of("web2-x.txt", &prefixes), Some("web2-"));
        assert_eq!(group_of("web-x.txt", &prefixes), Some("web-"));
        assert_eq!(group_of("kremlin-x.txt", &prefixes), None);
    }

    #[test]
    fn each_group_is_scored_on_its_own_articles_and_quiet_articles_count_false_records() {
        let s = "Russia accused Britain of lying about the attack.";
        let pairs = vec![
            (article("wire-a", &[s]), article("wire-a", &[s])),
            (article("stream-b", &[]), article("stream-b", &[s])),
            (article("stream-c", &[]), article("stream-c", &[])),
            (article("other", &[s]), article("other", &[])),
        ];
        let groups = score_groups(&pairs, &["stream-".to_string(), "wire-".to_string()]);
        let names: Vec<&str> = groups.iter().map(|g| g.group.as_str()).collect();
        assert_eq!(names, ["stream-", "wire-", OTHER_GROUP]);
        let stream = &groups[0];
        assert_eq!(stream.report.articles, 2);
        assert_eq!(stream.articles_without_statements, 2);
        assert_eq!(stream.quiet_articles_with_records, 1);
        assert!((stream.false_records_per_article - 0.5).abs() < 1e-9);
        assert!((groups[1].report.accusation.f1 - 1.0).abs() < 1e-9);
        assert_eq!(groups[2].report.accusation.recall, 0.0);
    }
}
