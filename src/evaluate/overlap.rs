//! The evidence-overlap test of ANNOTATION.md: two sentences match when the
//! words they share are at least half of the shorter sentence's words and at
//! least 30% of the longer's.

use std::collections::HashMap;

/// Lowercased words (letters and digits) of a sentence, so punctuation and
/// quote styles do not decide a match.
pub fn words(sentence: &str) -> Vec<String> {
    sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// How many words two word lists share, counting repeated words as often as
/// both contain them (a multiset intersection).
pub(super) fn shared(a: &[String], b: &[String]) -> usize {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for w in a {
        *counts.entry(w.as_str()).or_default() += 1;
    }
    let mut n = 0;
    for w in b {
        if let Some(c) = counts.get_mut(w.as_str())
            && *c > 0
        {
            *c -= 1;
            n += 1;
        }
    }
    n
}

/// The overlap of two sentences as a score in 0..=1 when they match under the
/// guide's rule, `None` when they do not. The score (shared words over the
/// longer sentence) lets the matcher prefer the closest of several matches.
pub fn sentence_overlap(a: &[String], b: &[String]) -> Option<f64> {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return None;
    }
    let n = shared(short, long) as f64;
    if n * 2.0 >= short.len() as f64 && n >= 0.3 * long.len() as f64 {
        Some(n / long.len() as f64)
    } else {
        None
    }
}

/// The best overlap between any evidence sentence of one statement and any
/// of another's, or `None` when no pair matches.
pub(super) fn evidence_overlap(a: &[Vec<String>], b: &[Vec<String>]) -> Option<f64> {
    let mut best: Option<f64> = None;
    for x in a {
        for y in b {
            if let Some(s) = sentence_overlap(x, y) {
                best = Some(best.map_or(s, |b: f64| b.max(s)));
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ov(a: &str, b: &str) -> Option<f64> {
        sentence_overlap(&words(a), &words(b))
    }

    #[test]
    fn identical_sentences_match_fully() {
        assert_eq!(ov("Russia denied it.", "Russia denied it"), Some(1.0));
    }

    #[test]
    fn a_sentence_matches_the_paragraph_only_when_it_is_thirty_percent_of_it() {
        let s = "Peskov denied the claims";
        let short_para = "Peskov denied the claims on Friday in Moscow";
        assert!(ov(s, short_para).is_some());
        let long_para = "Peskov denied the claims. Then he went on to speak about many other things that \
                         have nothing at all to do with this story or anything in it really";
        assert!(ov(s, long_para).is_none());
    }

    #[test]
    fn sentences_sharing_under_half_of_the_shorter_do_not_match() {
        assert!(ov("the cat sat on the mat", "a dog ran in the park today").is_none());
    }

    #[test]
    fn empty_evidence_never_matches() {
        assert!(ov("", "anything").is_none());
    }
}
