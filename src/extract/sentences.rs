//! Stage 2, sentences: splits each kept paragraph at sentence ends, keeping
//! abbreviations ("U.S.", "Feb.", "Mr.", "Gen.", "Jan. 5") and initials
//! together, and letting a quotation's "?" or "!" run on into "she asked".

use crate::extract::parse::Paragraph;
use crate::extract::text::{char_at, positions_of};

/// A sentence: a byte range of the input text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Index of its paragraph.
    pub para: usize,
    /// Part of a headline-like line at the top.
    pub headline: bool,
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "capt", "cpt", "sgt", "maj", "adm",
    "cmdr", "sen", "rep", "gov", "pres", "amb", "rev", "hon", "st", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "corp", "co", "ltd", "no",
    "nos", "vs", "v", "jr", "sr", "mt", "ft", "gov", "dept", "est", "approx", "fig", "op", "vol",
    "ch", "art", "sec", "mln", "bln", "pct", "e.g", "i.e", "cf", "al",
];

/// Words that start a new sentence after a dotted acronym ("... in the U.S. The
/// ministry"): an acronym followed by anything else does not end one.
const STARTERS: &[&str] = &[
    "The",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "But",
    "And",
    "In",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "His",
    "Her",
    "Their",
    "Our",
    "On",
    "At",
    "As",
    "Its",
    "There",
    "Meanwhile",
    "However",
    "Earlier",
    "Later",
    "After",
    "When",
    "While",
    "Russia",
    "China",
];

/// Of [`STARTERS`], the openers that still end a sentence after a dotted
/// acronym in archived wire copy, whose style capitalises the word after
/// "U.S." mid-sentence ("warned the U.S. And other countries", "exports to
/// the U.S. In May"): pronouns, "The", "But" and their like begin a new
/// sentence there, conjunctions and prepositions go on with the old one.
const WIRE_STARTERS: &[&str] = &[
    "The",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "But",
    "His",
    "Her",
    "Their",
    "Our",
    "Its",
    "There",
    "Meanwhile",
    "However",
    "Russia",
    "China",
];

fn word_before(text: &str, dot: usize) -> &str {
    let before = &text[..dot];
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.' || c == '-'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &text[start..dot]
}

fn next_word(text: &str, i: usize) -> &str {
    let rest = &text[i..];
    let end = rest
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(rest.len(), |(j, _)| j);
    &rest[..end]
}

/// Whether the full stop at byte `dot` ends a sentence, given the next
/// sentence would start at `next`; `wire` for hard-wrapped wire copy.
fn stop_ends_sentence(text: &str, dot: usize, next: usize, wire: bool) -> bool {
    let w = word_before(text, dot);
    if w.is_empty() {
        return true;
    }
    // compared case-blind in place: the word is most often no abbreviation
    let is = |a: &str| w.eq_ignore_ascii_case(a);
    let next_char = text[next..].chars().next();
    if ABBREVIATIONS.iter().any(|a| is(a)) {
        // "Jan. 5", "Mr. Putin": an abbreviation runs on, except before a
        // typical sentence opener ("... Co. The firm").
        return STARTERS.contains(&next_word(text, next))
            && !w.get(..2).is_some_and(|mr| mr.eq_ignore_ascii_case("mr"))
            && !is("ms")
            && !is("dr");
    }
    // A single capital letter is an initial ("Vladimir V. Putin").
    if w.chars().count() == 1 && w.chars().all(char::is_uppercase) {
        return false;
    }
    // Dotted acronyms: U.S., U.K., a.m.
    if w.contains('.') && w.chars().filter(|c| c.is_alphabetic()).count() <= 4 {
        let openers = if wire { WIRE_STARTERS } else { STARTERS };
        return openers.contains(&next_word(text, next));
    }
    if next_char.is_some_and(|c| c.is_ascii_digit()) && w.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    true
}

fn closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{201D}' | '\u{2019}' | ')' | ']' | '\u{00BB}'
    )
}

fn can_start(c: char) -> bool {
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(
            c,
            '"' | '\''
                | '\u{201C}'
                | '\u{2018}'
                | '('
                | '['
                | '\u{00AB}'
                | '-'
                | '\u{2014}'
                | '\u{2013}'
                | '•'
        )
}

/// Splits the paragraphs into sentences.
pub(super) fn split(text: &str, paragraphs: &[Paragraph]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (pi, p) in paragraphs.iter().enumerate() {
        let Some(ptext) = text.get(p.start..p.end) else {
            continue;
        };
        let mut s = 0usize; // sentence start, relative to the paragraph
        let mut at = 0usize; // where the search for the next terminator resumes
        // only '.', '!', '?' and '…' (led by 0xE2, as are curly quotes and
        // dashes, which are passed over) can end a sentence
        let marks = positions_of(ptext.as_bytes(), [b'.', b'!', b'?', 0xE2])
            .filter_map(|i| Some((i, char_at(ptext, i)?)));
        for (i, c) in marks {
            // swallowed into the previous end
            if i < at {
                continue;
            }
            at = i + c.len_utf8();
            if !matches!(c, '.' | '!' | '?' | '…') {
                continue;
            }
            // swallow repeated terminators and closing quotes/brackets
            let mut j = at;
            for d in ptext[j..].chars() {
                if matches!(d, '.' | '!' | '?' | '…') || closing(d) {
                    j += d.len_utf8();
                } else {
                    break;
                }
            }
            at = j;
            // need whitespace, then a character that can start a sentence
            let rest = &ptext[j..];
            let ws = rest.len() - rest.trim_start().len();
            if ws == 0 {
                continue;
            }
            let next = j + ws;
            let Some(nc) = ptext[next..].chars().next() else {
                continue;
            };
            if !can_start(nc) {
                continue;
            }
            // "En Marche! (Onwards!) party": an exclamation inside a name
            if c != '.' && !(nc.is_uppercase() || matches!(nc, '"' | '\u{201C}' | '\u{2018}')) {
                continue;
            }
            if c == '.' && !stop_ends_sentence(ptext, i, next, p.wrapped) {
                continue;
            }
            push(&mut out, text, p.start + s, p.start + j, pi, p.headline);
            s = next;
        }
        push(&mut out, text, p.start + s, p.end, pi, p.headline);
    }
    out
}

/// The longest sentence the later stages read, in bytes. Their work grows
/// faster than a sentence's length (every mention is weighed against every
/// cue), so a run-on "sentence" (a list, a table, a text with no stops) is
/// read in pieces of at most this size. Real sentences stay whole: the
/// longest of tens of thousands of news sentences is under 2,000 bytes.
pub(super) const MAX_SENTENCE_BYTES: usize = 2_000;

fn push(
    out: &mut Vec<Sentence>,
    text: &str,
    start: usize,
    end: usize,
    para: usize,
    headline: bool,
) {
    let (mut s, e) = crate::extract::text::trim_range(text, start, end);
    while e - s > MAX_SENTENCE_BYTES {
        let cut = piece_end(text, s);
        push_trimmed(out, text, s, cut, para, headline);
        s = cut;
    }
    push_trimmed(out, text, s, e, para, headline);
}

/// Where the piece of an over-long sentence that starts at `start` ends:
/// after the last ';' or ',' in its second half, else at its last space,
/// else at a character boundary.
fn piece_end(text: &str, start: usize) -> usize {
    let limit = crate::extract::text::floor_boundary(text, start + MAX_SENTENCE_BYTES);
    let half = crate::extract::text::floor_boundary(text, start + MAX_SENTENCE_BYTES / 2);
    let window = text.get(half..limit).unwrap_or("");
    let after = |i: usize| half + i + 1;
    window
        .rfind([';', ','])
        .map(after)
        .or_else(|| window.rfind(char::is_whitespace).map(after))
        .filter(|&cut| cut > start && text.is_char_boundary(cut))
        .unwrap_or(limit.max(start + 1))
}

fn push_trimmed(
    out: &mut Vec<Sentence>,
    text: &str,
    start: usize,
    end: usize,
    para: usize,
    headline: bool,
) {
    let (s, e) = crate::extract::text::trim_range(text, start, end);
    if e > s {
        out.push(Sentence {
            start: s,
            end: e,
            para,
            headline,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_on_sentence_is_read_in_bounded_pieces_that_cover_it() {
        let t =
            "Russia denied it, Britain said so; ".repeat(500) + "and 日本 ".repeat(300).as_str();
        let p = [Paragraph {
            start: 0,
            end: t.len(),
            headline: false,
            wrapped: false,
        }];
        let v = split(&t, &p);
        assert!(v.len() > 5);
        assert!(v.iter().all(|s| s.end - s.start <= MAX_SENTENCE_BYTES));
        // no text is lost between the pieces but the spaces they trim
        let kept: usize = v
            .iter()
            .map(|s| t[s.start..s.end].split_whitespace().count())
            .sum();
        assert_eq!(kept, t.split_whitespace().count());
    }

    fn sents(t: &str) -> Vec<String> {
        sents_of(t, false)
    }

    fn sents_of(t: &str, wrapped: bool) -> Vec<String> {
        let p = [Paragraph {
            start: 0,
            end: t.len(),
            headline: false,
            wrapped,
        }];
        split(t, &p)
            .into_iter()
            .map(|s| t[s.start..s.end].to_string())
            .collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let s = sents(
            "Tensions with the U.S. and Mr. Putin grew on Jan. 5 and Gen. Smith spoke. Then it ended.",
        );
        assert_eq!(s.len(), 2, "{s:?}");
    }

    #[test]
    fn a_question_in_quotes_runs_on_into_the_attribution() {
        let s = sents("“Where are the facts?” she asked. He left.");
        assert_eq!(s, vec!["“Where are the facts?” she asked.", "He left."]);
    }

    #[test]
    fn a_quote_is_split_at_its_inner_sentence_ends() {
        let s = sents("“We deny it. And we reject it,” the spokesman said.");
        assert_eq!(
            s,
            vec!["“We deny it.", "And we reject it,” the spokesman said."]
        );
    }

    #[test]
    fn an_acronym_before_a_sentence_opener_ends_the_sentence() {
        assert_eq!(
            sents("It came from the U.S. The ministry denied it.").len(),
            2
        );
    }

    #[test]
    fn initials_do_not_end_sentences() {
        assert_eq!(sents("Vladimir V. Putin said so.").len(), 1);
    }

    #[test]
    fn a_line_break_inside_a_wrapped_paragraph_does_not_end_a_sentence() {
        let t = "Iran said reports that it intended to\nthreaten shipping were baseless, and warned the\nU.S. And other countries not to interfere.\n    The Foreign Ministry said so.";
        assert_eq!(
            sents_of(t, true),
            vec![
                "Iran said reports that it intended to\nthreaten shipping were baseless, and warned the\nU.S. And other countries not to interfere.",
                "The Foreign Ministry said so."
            ]
        );
    }

    #[test]
    fn in_wire_copy_a_capitalised_conjunction_after_an_acronym_goes_on_with_the_sentence() {
        assert_eq!(sents_of("Exports to the U.S. In May rose.", true).len(), 1);
        assert_eq!(
            sents_of("Japan denied it broke a pact with the U.S. On chips.", true).len(),
            1
        );
        assert_eq!(
            sents_of("It came from the U.S. The ministry denied it.", true).len(),
            2
        );
        assert_eq!(
            sents_of("It is a rule in the U.S. He said so.", true).len(),
            2
        );
        // ordinary text keeps the wider list of openers
        assert_eq!(
            sents_of("It came from the U.S. And then it ended.", false).len(),
            2
        );
    }
}
