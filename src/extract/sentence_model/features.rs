//! The features a sentence is scored on: its ordinary words (lightly
//! stemmed; names, numbers and capitalised words left out, so the model
//! learns how accusations are said rather than who is in the news), negated
//! words, CAMEO verb codes and verb-object patterns, the lexicon's cue
//! classes, what the rules found in it, and its shape (quotation,
//! headline, how many actors it names).

use crate::extract::acts::Raw;
use crate::extract::doc::Doc;
use crate::extract::lexicon::Tag;
use crate::extract::model::StatementKind;
use crate::extract::sentence_model::cameo::CameoVerbs;

/// Words that negate the word after them.
const NEGATORS: &[&str] = &[
    "not", "no", "never", "nothing", "neither", "nor", "t", "without",
];

/// How many words after a verb its CAMEO pattern's object may be ("accused
/// the ministry of ..."): the rest of any ordinary sentence, while the work
/// per word stays bounded in a run-on one.
const OBJECT_WINDOW: usize = 40;

/// A light stem: enough to merge "denies", "denied" and "deny" or
/// "allegations" and "allegation", without a dictionary.
pub(crate) fn stem(w: &str) -> &str {
    for suffix in ["ing", "ied", "ies", "ed", "es", "s"] {
        if let Some(s) = w.strip_suffix(suffix)
            && s.len() >= 3
        {
            return s;
        }
    }
    w.strip_suffix('e').filter(|s| s.len() >= 3).unwrap_or(w)
}

/// Whether a word as written is a name or an acronym rather than an
/// ordinary word: capitalised anywhere but at the sentence's start.
fn is_name_like(word: &str, first: bool) -> bool {
    let mut chars = word.chars();
    let Some(c) = chars.next() else { return true };
    if c.is_ascii_digit() {
        return true;
    }
    if !c.is_uppercase() {
        return false;
    }
    !first || word.len() > 1 && word.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
}

fn tag_name(tag: Tag) -> Option<&'static str> {
    Some(match tag {
        Tag::Speech => "speech",
        Tag::SpeechAfter => "according_to",
        Tag::AccVerb => "acc_verb",
        Tag::AccAttributive => "acc_attributive",
        Tag::AccNoun => "acc_noun",
        Tag::Wrongdoing => "wrongdoing",
        Tag::AgentMarker => "agent",
        Tag::ChargeVerb => "charge_verb",
        Tag::SanctionVerb => "sanction_verb",
        Tag::Response(kind, negated) => {
            return Some(match (kind.as_str(), negated) {
                ("denial", false) => "resp_denial",
                ("dismissal", false) => "resp_dismissal",
                ("counter_accusation", false) => "resp_counter",
                ("deflection", false) => "resp_deflection",
                ("threat", false) => "resp_threat",
                ("admission", false) => "resp_admission",
                ("no_comment", false) => "resp_no_comment",
                _ => "resp_negated",
            });
        }
        Tag::Negation => "negation",
        Tag::Hedge(_) => "hedge",
        Tag::Role | Tag::OrgHead | Tag::GroupHead | Tag::GenericSpeaker => return None,
    })
}

/// The features of sentence `si`, given the rules' statements in it.
pub(crate) fn sentence_features(
    doc: &Doc<'_>,
    si: usize,
    rules: &[&Raw],
    cameo: &CameoVerbs,
    out: &mut Vec<String>,
) {
    out.clear();
    out.push("bias".into());
    let text = doc.sentence_text(si);
    let lower = text.to_lowercase();
    // words as written and lower-cased, at the same places
    let spans: Vec<(usize, usize)> = word_spans(text);
    // (a span the lower-cased text cannot cut at reads as no word)
    let words: Vec<&str> = spans
        .iter()
        .map(|&(s, e)| lower.get(s..e).unwrap_or(""))
        .collect();
    let mut names = 0;
    for (i, (&(s, e), w)) in spans.iter().zip(&words).enumerate() {
        let written = text.get(s..e).unwrap_or("");
        if is_name_like(written, i == 0) {
            names += 1;
            continue;
        }
        out.push(format!("w:{}", stem(w)));
        if i > 0 && NEGATORS.contains(&words[i - 1]) {
            out.push(format!("neg:{}", stem(w)));
        }
        for code in cameo.codes(w) {
            out.push(format!("cameo:{}", String::from_utf8_lossy(&code)));
        }
        let object_reach = words.len().min(i + 1 + OBJECT_WINDOW);
        for code in cameo.pattern_codes(w, &words[i + 1..object_reach]) {
            out.push(format!("cameo_obj:{}", String::from_utf8_lossy(&code)));
        }
    }
    out.push(format!("names:{}", names.min(3)));
    for c in doc.cues_of(si) {
        if let Some(t) = tag_name(c.tag) {
            out.push(format!("cue:{t}"));
            if doc.quote_at(c.start).is_some() {
                out.push(format!("cue_quoted:{t}"));
            }
        }
    }
    for r in rules {
        let kind = match r.kind {
            StatementKind::Accusation => "accusation",
            StatementKind::Response(k) => k.as_str(),
        };
        out.push(format!("rule:{kind}"));
        out.push(format!("rule:{}", r.rule));
        out.push(format!(
            "rule_speaker:{}",
            if r.speaker.is_some() { "known" } else { "none" }
        ));
    }
    let sentence = &doc.sentences[si];
    if sentence.headline {
        out.push("headline".into());
    }
    if text.contains(['"', '\u{201C}', '\u{201D}']) {
        out.push("has_quote".into());
    }
    if doc.quote_at(sentence.start).is_some() {
        out.push("in_quote".into());
    }
    if doc.narrator.get(si).copied().flatten().is_some() {
        out.push("transcript".into());
    }
    out.push(format!("mentions:{}", doc.mentions_of(si).len().min(3)));
    out.sort_unstable();
    out.dedup();
}

/// Runs of letters and digits (with inner apostrophes cut off: "n't" gives
/// "t", which stands for the negation), as byte ranges of `text`. The
/// lower-cased copy has the same ranges for ASCII text; for the rare
/// non-ASCII word whose lower case changes length, ranges come from the
/// lower-cased text itself, so they are always valid in both.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s, i));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    if text.to_lowercase().len() != text.len() {
        // a character whose lower case has another length: keep the words
        // whose ranges are valid in both (the others are names in any case)
        let lower = text.to_lowercase();
        out.retain(|&(s, e)| {
            lower.is_char_boundary(s) && lower.is_char_boundary(e) && e <= lower.len()
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_merge_the_forms_of_a_word() {
        assert_eq!(stem("denies"), stem("denied"));
        assert_eq!(stem("allegations"), "allegation");
        assert_eq!(stem("accused"), stem("accuse"));
        assert_eq!(stem("is"), "is");
    }

    #[test]
    fn capitalised_words_inside_a_sentence_are_names() {
        assert!(is_name_like("Kremlin", false));
        assert!(!is_name_like("The", true));
        assert!(is_name_like("NATO", true));
        assert!(!is_name_like("denied", false));
        assert!(is_name_like("2019", false));
    }

    #[test]
    fn word_spans_are_valid_in_the_text_and_its_lower_case() {
        let t = "İstanbul denied it, the ministry's spokesman said.";
        let lower = t.to_lowercase();
        for (s, e) in word_spans(t) {
            assert!(t.get(s..e).is_some() && lower.get(s..e).is_some());
        }
        assert_eq!(word_spans("a b").len(), 2);
    }
}
