//! Comparing what two statements are about, by their content words: enough
//! to tell that two outlets report the same accusation, that a denial answers
//! an accusation made last week, or that accusations share an event.

/// Words that say nothing about the alleged act.
const STOPWORDS: &[&str] = &[
    "about",
    "after",
    "against",
    "alleged",
    "allegation",
    "allegations",
    "also",
    "been",
    "being",
    "claim",
    "claims",
    "country",
    "from",
    "have",
    "into",
    "involvement",
    "its",
    "made",
    "over",
    "said",
    "says",
    "some",
    "such",
    "than",
    "that",
    "their",
    "them",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "trying",
    "were",
    "what",
    "when",
    "which",
    "while",
    "with",
    "would",
    "accusation",
    "accusations",
    "charges",
    "report",
    "reports",
];

/// The content words of a subject: lower case, four letters or more, no
/// stopwords, a plural "s" dropped, sorted and unique.
pub fn content_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .map(|w| match w.strip_suffix('s') {
            Some(stem) if !stem.ends_with('s') && stem.chars().count() >= 4 => stem.to_owned(),
            _ => w,
        })
        .collect();
    words.sort();
    words.dedup();
    words
}

/// How many content words two subjects share.
pub fn shared(a: &[String], b: &[String]) -> usize {
    a.iter().filter(|w| b.binary_search(w).is_ok()).count()
}

/// Shared words over the smaller set's size: 1.0 when one subject's words
/// all appear in the other, 0.0 when they share none (or either is empty).
pub fn overlap(a: &[String], b: &[String]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    shared(a, b) as f32 / a.len().min(b.len()) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reworded_subjects_about_one_act_overlap() {
        let a = content_words("trying to steal British coronavirus vaccine research");
        let b = content_words("the hacking of coronavirus vaccine research");
        assert!(overlap(&a, &b) >= 0.5, "{a:?} {b:?}");
    }

    #[test]
    fn different_acts_do_not_overlap() {
        let a = content_words("interference in the December 2019 UK general election");
        let b = content_words("trying to steal British coronavirus vaccine research");
        assert_eq!(overlap(&a, &b), 0.0);
    }
}
