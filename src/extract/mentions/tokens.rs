//! The words of a sentence, as the readings for names need them: where
//! each starts and ends, a possessive "'s" split off, and whether it is
//! capitalised and may be (part of) a name.

use rustc_hash::FxHashSet;

use crate::extract::text::{Word, char_at};

/// A word of a sentence.
#[derive(Debug, Clone, Copy)]
pub(in crate::extract) struct Tok {
    pub s: usize,
    /// End without a possessive "'s".
    pub e: usize,
    pub poss: bool,
    pub cap: bool,
    /// Capitalised and not one of [`NOT_NAME`]: a word that may be (part
    /// of) a name. Worked out once here, as the passes for names, titles
    /// and organisations all ask it of the same words.
    pub name: bool,
}

/// Splits a byte range of `text` into words; "Russia’s" is the word "Russia"
/// marked possessive, "Moscow-linked" and "U.S." are one word.
pub(in crate::extract) fn tokenize(text: &str, start: usize, end: usize) -> Vec<Tok> {
    // about one word in six bytes: one allocation for most sentences
    let mut out = Vec::with_capacity(end.saturating_sub(start) / 6 + 1);
    tokenize_into(text, start, end, &mut out);
    out
}

/// [`tokenize`] into a cleared buffer: one buffer serves every sentence of
/// an article.
pub(super) fn tokenize_into(text: &str, start: usize, end: usize, out: &mut Vec<Tok>) {
    out.clear();
    let Some(slice) = text.get(start..end) else {
        return;
    };
    let mut cur: Option<usize> = None;
    let mut last_end = 0usize;
    let mut i = 0;
    let bytes = slice.as_bytes();
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_alphanumeric() {
            // the rest of an ASCII word at once
            cur.get_or_insert(i);
            i += 1;
            while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
                i += 1;
            }
            last_end = i;
            continue;
        }
        if b.is_ascii() && !matches!(b, b'-' | b'.' | b'\'') {
            // a space or other ASCII mark, the usual case: it ends a word,
            // with no decoding and no look at the next character
            if let Some(s) = cur.take() {
                out.push(make_tok(slice, s, last_end, start));
            }
            i += 1;
            continue;
        }
        let Some(c) = char_at(slice, i) else {
            break;
        };
        let next = i + c.len_utf8();
        let inner = matches!(c, '-' | '.' | '\'' | '\u{2019}')
            && cur.is_some()
            && char_at(slice, next).is_some_and(is_alphanumeric);
        if is_alphanumeric(c) || inner {
            if cur.is_none() {
                cur = Some(i);
            }
            last_end = next;
        } else if let Some(s) = cur.take() {
            out.push(make_tok(slice, s, last_end, start));
        }
        i = next;
    }
    if let Some(s) = cur {
        out.push(make_tok(slice, s, last_end, start));
    }
}

/// The words of the article body, split once by [`crate::extract::text::words`]: their
/// offsets are relative to `start`, where the body begins in the text.
pub(in crate::extract) struct BodyWords<'w> {
    pub text: &'w str,
    pub start: usize,
    pub words: &'w [Word],
}

/// [`tokenize_into`] from the body's words instead of its bytes, for a
/// sentence inside the body. The result is the same: both take a letter or
/// digit as `char::is_alphanumeric` does, so a token of the byte scan is a
/// run of words each joined to the next by one inner mark ("Moscow-linked",
/// "U.S", "Russia’s"), cut to the sentence.
pub(super) fn tokenize_words(body: &BodyWords<'_>, start: usize, end: usize, out: &mut Vec<Tok>) {
    out.clear();
    let (s, e) = (start - body.start, end - body.start);
    let bytes = body.text.as_bytes();
    let first = body.words.partition_point(|w| w.end <= s);
    // the token being built: its start and its end so far
    let mut cur: Option<(usize, usize)> = None;
    for w in body.words[first..].iter().take_while(|w| w.start < e) {
        let (ws, we) = (w.start.max(s), w.end.min(e));
        cur = match cur {
            Some((ts, te)) if joined_by_inner_mark(&bytes[te..ws]) => Some((ts, we)),
            Some((ts, te)) => {
                out.push(make_tok(body.text, ts, te, body.start));
                Some((ws, we))
            }
            None => Some((ws, we)),
        };
    }
    if let Some((ts, te)) = cur {
        out.push(make_tok(body.text, ts, te, body.start));
    }
}

/// Whether the bytes between two words are one mark that [`tokenize_into`]
/// keeps inside a word: '-', '.', '\'' or '’' (U+2019, E2 80 99 in UTF-8).
fn joined_by_inner_mark(gap: &[u8]) -> bool {
    matches!(gap, [b'-' | b'.' | b'\''] | [0xE2, 0x80, 0x99])
}

/// The first and last of the General Punctuation block (U+2000-U+206F):
/// spaces, dashes, curly quotes, ellipses, and no letter or digit.
pub(super) const GENERAL_PUNCTUATION: std::ops::RangeInclusive<char> = '\u{2000}'..='\u{206F}';

/// `c.is_alphanumeric()`, answered without the Unicode tables for the
/// curly quotes and dashes that are most of the non-ASCII characters of
/// news text.
fn is_alphanumeric(c: char) -> bool {
    !GENERAL_PUNCTUATION.contains(&c) && c.is_alphanumeric()
}

// inlined into the word loop: returned through memory, the word is
// stored, read back and stored again
#[inline(always)]
fn make_tok(slice: &str, s: usize, e: usize, base: usize) -> Tok {
    // read as bytes: a word's ends are character boundaries, and checking
    // them again at each slicing of the text was most of a word's cost
    let w = &slice.as_bytes()[s..e];
    let e2 = e - possessive_len(w);
    let cap = match w.first() {
        // an ASCII letter without decoding, the usual case
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => slice[s..e].chars().next().is_some_and(char::is_uppercase),
    };
    Tok {
        s: base + s,
        e: base + e2,
        poss: e2 != e,
        cap,
        // the word as `word` reads it: without the possessive (looked up
        // only if its first letter and length may make it one of NOT_NAME)
        name: cap && !(may_be_not_name(&w[..e2 - s]) && NOT_NAME_SET.contains(&slice[s..e2])),
    }
}

/// The length of the possessive "'s" or "’s" that ends `word`, or 0.
fn possessive_len(word: &[u8]) -> usize {
    // most words end otherwise than in an "s"
    if word.last() != Some(&b's') {
        0
    } else if word.ends_with(b"'s") {
        2
    } else if word.ends_with("\u{2019}s".as_bytes()) {
        4
    } else {
        0
    }
}

/// Words that are capitalised at a sentence start or as titles but never
/// part of a name.
const NOT_NAME: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "But",
    "And",
    "Or",
    "If",
    "As",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "This",
    "That",
    "These",
    "Those",
    "His",
    "Her",
    "Their",
    "Our",
    "Its",
    "After",
    "Before",
    "When",
    "While",
    "Asked",
    "According",
    "Speaking",
    "Writing",
    "Earlier",
    "Later",
    "Last",
    "Meanwhile",
    "However",
    "Thus",
    "Separately",
    "Also",
    "Both",
    "Such",
    "Latest",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Sir",
    "Lord",
    "Question",
    "Answer",
    "Home",
    "News",
    "Read",
    "More",
    "Image",
    "Photo",
    "Video",
    "Advertisement",
    "Not",
    "No",
    "Yes",
    "Definitely",
    "Unfortunately",
    "Overall",
    "Particularly",
    "Representatives",
    "Russian",
    "British",
    "American",
    "Chinese",
    "Western",
    "European",
    "French",
    "German",
    "Ukrainian",
    "Iranian",
    "Israeli",
    "Korean",
    "Prime",
    "Minister",
    "President",
    "Secretary",
    "Foreign",
    "Deputy",
    "Chancellor",
    "Investigator",
    "Governor",
    "Senator",
    "General",
    "Chief",
    "Head",
    "Presidential",
    "Spokesman",
    "Spokeswoman",
    "Spokesperson",
    "Ambassador",
    "Special",
    "Intelligence",
    "White",
    "Election",
    "Day",
    "Olympic",
    "Games",
];

static NOT_NAME_SET: std::sync::LazyLock<FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| NOT_NAME.iter().copied().collect());

/// Per capital letter A-Z, the lengths of the [`NOT_NAME`] words starting
/// with it, as bits `1 << length`.
const NOT_NAME_LENGTHS: [u32; 26] = {
    let mut bits = [0u32; 26];
    let mut i = 0;
    while i < NOT_NAME.len() {
        let w = NOT_NAME[i].as_bytes();
        assert!(w[0].is_ascii_uppercase() && w.len() < 32);
        bits[(w[0] - b'A') as usize] |= 1 << w.len();
        i += 1;
    }
    bits
};

/// Whether a capitalised word is no name (a hashed look-up: it is asked for
/// every capitalised word). A word is hashed only if some [`NOT_NAME`] word
/// has its first letter and its length: every one of them starts with an
/// ASCII capital, and most names differ from all of them in one or the other.
pub(super) fn not_name(w: &str) -> bool {
    may_be_not_name(w.as_bytes()) && NOT_NAME_SET.contains(w)
}

/// Whether some [`NOT_NAME`] word has the first letter and the length of
/// `w`: if not, `w` is none of them.
fn may_be_not_name(w: &[u8]) -> bool {
    match w.first() {
        Some(&b) if b.is_ascii_uppercase() => {
            w.len() < 32 && NOT_NAME_LENGTHS[usize::from(b - b'A')] & 1 << w.len() != 0
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn general_punctuation_holds_no_letter_or_digit() {
        for c in GENERAL_PUNCTUATION {
            assert!(!c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn a_word_read_as_bytes_is_the_word_read_as_text() {
        let text = "Russia’s Lavrov and The Kremlin's aide met HIM in Sergéi’s É city's";
        let mut toks = Vec::new();
        tokenize_into(text, 0, text.len(), &mut toks);
        assert!(toks.len() > 5);
        for t in &toks {
            let w = &text[t.s..t.e];
            let whole = &text[t.s..];
            let plain_poss = ["'s", "\u{2019}s"]
                .iter()
                .any(|p| whole.starts_with(&format!("{w}{p}")));
            assert_eq!(t.poss, plain_poss, "{w:?}");
            let cap = w.chars().next().is_some_and(char::is_uppercase);
            assert_eq!(t.cap, cap, "{w:?}");
            assert_eq!(t.name, cap && !NOT_NAME_SET.contains(w), "{w:?}");
            assert_eq!(not_name(w), NOT_NAME_SET.contains(w), "{w:?}");
        }
    }
}
