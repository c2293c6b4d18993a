//! Human-readable renderings of a [`Report`]: the summary table (`Display`)
//! and the per-article breakdown of misses, false positives and wrong fields.

use std::fmt;

use crate::evaluate::score::{Accuracy, ClassReport, Report};

fn acc(a: &Accuracy) -> String {
    match a.rate {
        Some(r) => format!("{:.3} ({}/{})", r, a.correct, a.total),
        None => "-".to_string(),
    }
}

fn class_rows(f: &mut fmt::Formatter<'_>, name: &str, c: &ClassReport) -> fmt::Result {
    writeln!(f, "{name}")?;
    writeln!(
        f,
        "  detection       P {:.3}  R {:.3}  F1 {:.3}   (gold {}, predicted {}, matched {}, duplicates {}, false positives {})",
        c.precision,
        c.recall,
        c.f1,
        c.gold,
        c.predicted,
        c.matched,
        c.duplicates,
        c.false_positives
    )?;
    writeln!(f, "  speaker         {}", acc(&c.speaker))?;
    writeln!(f, "  speaker country {}", acc(&c.speaker_country))?;
    writeln!(f, "  target          {}", acc(&c.target))?;
    writeln!(f, "  target country  {}", acc(&c.target_country))?;
    writeln!(f, "  date            {}", acc(&c.date))?;
    writeln!(f, "  date (gold known) {}", acc(&c.date_known))?;
    if c.response_type.total > 0 || name == "response" {
        writeln!(f, "  response type   {}", acc(&c.response_type))?;
        writeln!(f, "  link            {}", acc(&c.link))?;
    }
    Ok(())
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "articles: {}", self.articles)?;
        class_rows(f, "accusation", &self.accusation)?;
        class_rows(f, "response", &self.response)
    }
}

/// The per-article breakdown, rendered by `Display`.
pub struct PerArticle<'a>(pub &'a Report);

impl fmt::Display for PerArticle<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for a in &self.0.per_article {
            writeln!(
                f,
                "== {}  (gold {}, predicted {}, matched {})",
                a.article, a.gold, a.predicted, a.matched
            )?;
            for m in &a.misses {
                writeln!(
                    f,
                    "  MISS {} {} {} -> {}: {}",
                    m.id,
                    m.kind,
                    m.speaker.as_deref().unwrap_or("null"),
                    m.target.as_deref().unwrap_or("null"),
                    m.evidence.as_deref().unwrap_or("")
                )?;
            }
            for m in &a.false_positives {
                writeln!(
                    f,
                    "  FALSE {} {} {} -> {}: {}",
                    m.id,
                    m.kind,
                    m.speaker.as_deref().unwrap_or("null"),
                    m.target.as_deref().unwrap_or("null"),
                    m.evidence.as_deref().unwrap_or("")
                )?;
            }
            for (p, g) in &a.duplicates {
                writeln!(f, "  DUP {p} duplicates {g}")?;
            }
            for w in &a.wrong_fields {
                writeln!(
                    f,
                    "  WRONG {}/{} {}: gold {} predicted {}",
                    w.gold_id, w.predicted_id, w.field, w.gold, w.predicted
                )?;
            }
        }
        Ok(())
    }
}

impl Report {
    /// The per-article breakdown (misses, false positives, duplicates, wrong
    /// fields), for `--per-article`.
    pub fn per_article(&self) -> PerArticle<'_> {
        PerArticle(self)
    }
}
