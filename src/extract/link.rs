//! Stage 7, links: each response to the accusations it answers. The
//! responder must be on the accused side (the same actor, the same country,
//! or affiliated: Peskov answers for Russia); among those, an accuser the
//! response names, a shared subject, and not being a past accusation ("in
//! 2016") narrow the choice.

use std::borrow::Cow;
use std::cell::OnceCell;
// Sets of stems, only looked up, so the fast hasher changes nothing but
// speed.
use rustc_hash::FxHashSet as HashSet;

use chrono::{Datelike, NaiveDate};

use crate::extract::doc::Doc;
use crate::extract::text;

/// A subject word's stem (its first five characters, lower-cased) packed
/// without loss: each character's code point (21 bits, never 0) in turn, so
/// two stems are equal exactly when their keys are. Sets of stems are kept
/// as sorted slices: a union or an overlap is a merge, with no String per
/// word.
pub(super) type Stem = u128;

/// The key of a stem of at most six characters (beyond that the shifts
/// would drop bits and two stems could share a key).
fn stem_key(chars: impl Iterator<Item = char>) -> Stem {
    chars.fold(0, |k, c| (k << 21) | Stem::from(u32::from(c)))
}

/// Per sentence, what the linker and the assembly ask of it again and again
/// (for every pair of statements), worked out on first use.
#[derive(Debug, Default)]
pub(super) struct SentenceMemo {
    past: Vec<OnceCell<bool>>,
    topics: Vec<OnceCell<Vec<Stem>>>,
}

impl SentenceMemo {
    pub(super) fn new(sentences: usize) -> SentenceMemo {
        SentenceMemo {
            past: vec![OnceCell::new(); sentences],
            topics: vec![OnceCell::new(); sentences],
        }
    }
}

/// The subject words of a sentence ([`topic_words`]), computed once.
fn sentence_topics<'d>(doc: &'d Doc<'_>, s: usize) -> &'d [Stem] {
    match doc.memo.topics.get(s) {
        Some(cell) => cell.get_or_init(|| {
            // the actors a sentence names are compared as actors, not as
            // subject words: "Moscow", "the Kremlin" or "Russian officials"
            // say who, not what about
            let start = doc.sentences.get(s).map_or(0, |x| x.start);
            let named: Vec<(usize, usize)> = doc
                .mentions_of(s)
                .iter()
                .map(|m| (m.start.saturating_sub(start), m.end.saturating_sub(start)))
                .collect();
            topic_words(doc.sentence_text(s), &named)
        }),
        None => &[],
    }
}

/// The subject words of several sentences, as one sorted set.
fn topics_of<'d>(doc: &'d Doc<'_>, sentences: &[usize]) -> Cow<'d, [Stem]> {
    match sentences {
        [s] => Cow::Borrowed(sentence_topics(doc, *s)),
        _ => {
            let lists: Vec<&[Stem]> = sentences.iter().map(|&s| sentence_topics(doc, s)).collect();
            let mut all: Vec<Stem> = Vec::with_capacity(lists.iter().map(|l| l.len()).sum());
            for l in lists {
                all.extend_from_slice(l);
            }
            all.sort_unstable();
            all.dedup();
            Cow::Owned(all)
        }
    }
}

/// How many stems two sorted sets share.
fn shared(a: &[Stem], b: &[Stem]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// An accusation as the linker sees it.
pub(super) struct AccView<'a> {
    pub speaker: Option<usize>,
    pub target: Option<usize>,
    pub sentences: &'a [usize],
    /// The subject words of its sentences ([`topic_words`]), gathered only
    /// when a link is decided by subject (most are decided before).
    words: OnceCell<Cow<'a, [Stem]>>,
    /// A wrong told without its doer ("Navalny was poisoned"): anyone not
    /// on the accuser's side may answer it.
    pub open: bool,
}

impl<'a> AccView<'a> {
    pub(super) fn new(
        speaker: Option<usize>,
        target: Option<usize>,
        sentences: &'a [usize],
        open: bool,
    ) -> AccView<'a> {
        AccView {
            speaker,
            target,
            sentences,
            words: OnceCell::new(),
            open,
        }
    }

    fn words(&self, doc: &'a Doc<'_>) -> &[Stem] {
        self.words.get_or_init(|| topics_of(doc, self.sentences))
    }
}

const STOP: &[&str] = &[
    "that",
    "this",
    "with",
    "from",
    "have",
    "were",
    "been",
    "their",
    "they",
    "will",
    "would",
    "said",
    "says",
    "also",
    "about",
    "which",
    "there",
    "what",
    "when",
    "into",
    "than",
    "them",
    "these",
    "those",
    "such",
    "other",
    "some",
    "more",
    "most",
    "only",
    "over",
    "after",
    "before",
    "being",
    "does",
    "could",
    "should",
    "against",
    "accusations",
    "allegations",
    "claims",
    "spokesman",
    "spokeswoman",
    "told",
    "reporters",
    "statement",
    "officials",
    "government",
    "minister",
    "ministry",
    "president",
];

/// The stems of a sentence's subject words (four letters or more, not a
/// [`STOP`] word's beginning), sorted, each once.
/// Words inside the byte ranges `skip` are passed over.
fn topic_words(text: &str, skip: &[(usize, usize)]) -> Vec<Stem> {
    // a word of four bytes and the character after it take five: room for
    // every stem up front, so the list never grows by copying
    let mut stems: Vec<Stem> = Vec::with_capacity(text.len() / 5 + 1);
    let stop = &*STOP_PREFIXES;
    stems.extend(
        text::word_spans(text)
            .filter(|&(s, e)| e - s >= 4 && !skip.iter().any(|&(a, b)| s < b && a < e))
            .map(|(s, e)| stem(&text[s..e]))
            .filter(|k| !stop.contains(k)),
    );
    stems.sort_unstable();
    stems.dedup();
    stems
}

/// The runs of letters and digits of `text`: the non-empty pieces of
/// splitting it on every other character (the article's words).
fn alnum_runs(text: &str) -> impl Iterator<Item = &str> {
    text::word_spans(text).map(|(start, end)| &text[start..end])
}

/// A crude stem, so "hacking"/"hackers"/"hack" and "elections"/"election"
/// meet: the first five characters (bytes, counted on the lower-cased word,
/// when that is shorter), lower-cased.
fn stem(w: &str) -> Stem {
    if w.is_ascii() {
        return ascii_stem(w.as_bytes());
    }
    let l = w.to_lowercase();
    stem_key(l.chars().take(l.len().min(5)))
}

/// [`stem`] of an ASCII word, without lower-casing the whole word.
fn ascii_stem(w: &[u8]) -> Stem {
    stem_key(w.iter().take(5).map(|b| char::from(b.to_ascii_lowercase())))
}

/// Every prefix of a [`STOP`] word: a stem that begins one is no subject
/// word. One lookup instead of a scan of the list for every word. Stems have
/// at most five characters, so longer prefixes could never match.
static STOP_PREFIXES: std::sync::LazyLock<HashSet<Stem>> = std::sync::LazyLock::new(|| {
    STOP.iter()
        .flat_map(|s| (1..=s.len().min(5)).map(move |n| stem_key(s[..n].chars())))
        .collect()
});

/// The years a sentence uses as a time ("in 2016", "since 2014", "in
/// March 2017"), not as a name's modifier ("the 2016 Brexit referendum",
/// "the 2019 elections").
fn time_years(sentence: &str) -> impl Iterator<Item = i32> + '_ {
    // a year is four ASCII digits: most sentences have no digit at all
    if !sentence.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new().into_iter();
    }
    let words: Vec<&str> = alnum_runs(sentence).collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let Some(y) = (w.len() == 4).then(|| w.parse::<i32>().ok()).flatten() else {
            continue;
        };
        // step back over "March 4," to the word that governs the date
        let mut j = i;
        while j > 0 && (is_day_number(words[j - 1]) || is_month(words[j - 1])) {
            j -= 1;
        }
        let timed = j.checked_sub(1).is_some_and(|k| {
            ["in", "since", "during", "until", "on", "early", "late"]
                .iter()
                .any(|g| words[k].eq_ignore_ascii_case(g))
        });
        if timed {
            out.push(y);
        }
    }
    out.into_iter()
}

fn is_day_number(w: &str) -> bool {
    w.len() <= 2 && w.chars().all(|c| c.is_ascii_digit())
}

/// A capitalised English month name ("March", "Dec").
fn is_month(w: &str) -> bool {
    const MONTHS: &[&str] = &[
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
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
    ];
    MONTHS.contains(&w)
}

/// Whether an accusation is told as past background ("In 2016, ...",
/// "last year", "in the past"). `published` is the article's, the same on
/// every call, so the answer per sentence is kept.
pub(super) fn is_past(doc: &Doc<'_>, sentences: &[usize], published: Option<NaiveDate>) -> bool {
    sentences.iter().all(|&s| match doc.memo.past.get(s) {
        Some(cell) => *cell.get_or_init(|| sentence_is_past(doc.sentence_text(s), published)),
        None => sentence_is_past(doc.sentence_text(s), published),
    })
}

fn sentence_is_past(t: &str, published: Option<NaiveDate>) -> bool {
    let l = t.to_ascii_lowercase();
    let old_year = published.is_some_and(|p| time_years(t).any(|y| (1990..p.year()).contains(&y)));
    old_year
        || (l.contains("last year")
            && !l.contains("last year's")
            && !l.contains("last year\u{2019}s"))
        || l.contains("in the past")
        || l.contains("years of")
        || l.contains("an earlier report")
        || l.contains("previously")
}

/// Whether a sentence points back to an accusation told before it: "these
/// accusations", "the allegation", "such claims".
fn refers_back(doc: &Doc<'_>, s: usize) -> bool {
    doc.cues_of(s).iter().any(|c| {
        c.tag == crate::extract::lexicon::Tag::AccNoun
            && ["the", "these", "those", "such", "this", "that"]
                .iter()
                .any(|d| {
                    crate::extract::mentions::prev_word(doc.text, c.start).eq_ignore_ascii_case(d)
                })
    })
}

/// Of the accusations `cands`, the one told last before the response's
/// first sentence.
fn told_last_before(
    accs: &[AccView<'_>],
    cands: &[usize],
    response_sentences: &[usize],
) -> Option<usize> {
    let first = *response_sentences.iter().min()?;
    let last_before = |i: usize| {
        accs[i]
            .sentences
            .iter()
            .copied()
            .filter(|&s| s < first)
            .max()
    };
    cands
        .iter()
        .copied()
        .filter(|&i| last_before(i).is_some())
        .max_by_key(|&i| last_before(i))
}

/// The accusations (indices into `accs`) a response answers.
pub(super) fn link<'a>(
    doc: &'a Doc<'_>,
    responder: Option<usize>,
    accuser_named: Option<usize>,
    response_sentences: &[usize],
    accs: &[AccView<'a>],
    published: Option<NaiveDate>,
) -> Vec<usize> {
    let Some(r) = responder else {
        return Vec::new();
    };
    // never an accusation made by the responder's own side
    let mut cands: Vec<usize> = (0..accs.len())
        .filter(|&i| accs[i].open || accs[i].target.is_some_and(|t| doc.same_side(r, t)))
        .filter(|&i| accs[i].speaker.is_none_or(|s| !doc.same_side(r, s)))
        .collect();
    if cands.is_empty() {
        // a responder whose side is unknown answers whoever is accusing
        // someone else than themselves
        // an international body (the EU, the UN) answering nobody's
        // accusation against it is a third party, not a responder
        let known = doc.actors.get(r).is_some_and(|a| {
            a.country.is_some()
                || matches!(
                    a.kind,
                    crate::extract::gazetteer::ActorKind::Organization
                        | crate::extract::gazetteer::ActorKind::State
                )
        });
        if known {
            return Vec::new();
        }
        cands = (0..accs.len())
            .filter(|&i| accs[i].speaker.is_none_or(|s| !doc.same_side(r, s)))
            .collect();
    }
    // "In the past, the Kremlin repeatedly denied ...": a past answer
    // answers only what the article tells as past
    if is_past(doc, response_sentences, published) {
        cands.retain(|&i| is_past(doc, accs[i].sentences, published));
        return cands;
    }
    let current: Vec<usize> = cands
        .iter()
        .copied()
        .filter(|&i| !is_past(doc, accs[i].sentences, published))
        .collect();
    if !current.is_empty() {
        cands = current;
    }
    // "an allegation which Russia immediately denied": a response inside an
    // accusation's own sentence answers that accusation
    let same_sentence: Vec<usize> = cands
        .iter()
        .copied()
        .filter(|&i| {
            accs[i]
                .sentences
                .iter()
                .any(|s| response_sentences.contains(s))
        })
        .collect();
    if !same_sentence.is_empty() {
        return same_sentence;
    }
    if let Some(a) = accuser_named {
        let exact: Vec<usize> = cands
            .iter()
            .copied()
            .filter(|&i| accs[i].speaker == Some(a))
            .collect();
        let named: Vec<usize> = if exact.is_empty() {
            cands
                .iter()
                .copied()
                .filter(|&i| accs[i].speaker.is_some_and(|s| doc.same_side(s, a)))
                .collect()
        } else {
            exact
        };
        if !named.is_empty() {
            cands = named;
        }
    }
    // "appeal a decision by the World Anti-Doping Agency": an accuser the
    // response sentence names picks that accuser's accusations
    if accuser_named.is_none() && cands.len() > 1 {
        let named: Vec<usize> = cands
            .iter()
            .copied()
            .filter(|&i| {
                accs[i].speaker.is_some_and(|sp| {
                    response_sentences
                        .iter()
                        .any(|&s| doc.mentions_of(s).iter().any(|m| m.actor == sp))
                })
            })
            .collect();
        if !named.is_empty() {
            cands = named;
        }
    }
    // "Moscow does not accept these accusations", "the Kremlin dismissed
    // the allegation": a definite reference answers the accusation told last
    if cands.len() > 1
        && accuser_named.is_none()
        && response_sentences.iter().any(|&s| refers_back(doc, s))
        && let Some(last_told) = told_last_before(accs, &cands, response_sentences)
    {
        return vec![last_told];
    }
    if cands.len() > 1 {
        let rw = topics_of(doc, response_sentences);
        let scores: Vec<usize> = cands
            .iter()
            .map(|&i| shared(&rw, accs[i].words(doc)))
            .collect();
        let max = scores.iter().copied().max().unwrap_or(0);
        if max >= 2 {
            let keep: Vec<usize> = cands
                .iter()
                .zip(&scores)
                .filter(|&(_, &s)| s * 2 >= max && s >= 1)
                .map(|(&i, _)| i)
                .collect();
            cands = keep;
        }
        // still several: most answers answer one accusation, the one told
        // last before them (else the first the article tells)
        if cands.len() > 1 {
            cands = vec![told_last_before(accs, &cands, response_sentences).unwrap_or(cands[0])];
        }
    }
    cands
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alnum_runs_are_the_pieces_of_a_split_on_other_characters() {
        for text in [
            "",
            "Russia",
            "“Moscow’s claims,” Peskov said — 2016’s vote, Zürich and Šimečka.",
            "  ends with space ",
            "ends with letter é",
            "日本語 and ٣٤ digits",
        ] {
            let split: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(alnum_runs(text).collect::<Vec<_>>(), split, "{text:?}");
        }
    }
}
