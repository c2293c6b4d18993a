//! Stage 4, actors: mentions from the gazetteer and from patterns the
//! gazetteer lacks ("Foreign Ministry spokesman Hong Lei" = a person with a
//! role, affiliated by title; "Moscow-linked cyber actors" = a group tied to
//! RUS; "Russian actors" = unknown with country RUS), then coreference inside
//! the article ("the spokesman", "he", "the ministry").

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use crate::extract::doc::{DocActor, Mention, MentionForm};
use crate::extract::gazetteer::{ActorKind, Gazetteer, GazetteerHit};
use crate::extract::lexicon::{CueHit, Tag};
use crate::extract::sentences::Sentence;

mod actors;
mod candidates;
mod tokens;

use actors::Builder;
use candidates::candidates;
pub(super) use candidates::{after_parenthetical, few_lowercase_words};
pub(super) use tokens::{BodyWords, Tok, tokenize};
use tokens::{not_name, tokenize_into, tokenize_words};

/// Organisation heads that name a business ("the company", "the firm"):
/// one named by its kind alone is the last organisation the article named.
const BUSINESS_HEADS: &[&str] = &["company", "firm", "corporation", "group", "bank", "airline"];

/// Words in NOT_NAME that are also surnames after a first name.
const MONTH_SURNAMES: &[&str] = &[
    "May", "March", "June", "August", "Day", "White", "Special", "General",
];

const PREPS: &[&str] = &[
    "in", "at", "to", "from", "with", "of", "on", "for", "against", "about", "by", "into", "over",
    "between", "toward", "towards", "among", "than", "like", "via", "within", "across",
];

/// Words after which "it" is the sentence's subject ("said it would",
/// "what it called"), not the last thing named.
const IT_SUBJECT: &[&str] = &[
    "said", "says", "called", "calls", "claimed", "claims", "added", "argued", "insisted",
    "stated", "warned", "what", "where", "that", "as",
];

/// Whether `prev` is one of [`IT_SUBJECT`], case ignored.
fn after_it_subject_word(prev: &str) -> bool {
    IT_SUBJECT.iter().any(|w| w.eq_ignore_ascii_case(prev))
}

const PERSON_PRONOUNS: &[&str] = &["he", "she", "him", "his", "her"];
const THING_PRONOUNS: &[&str] = &["it", "its"];
/// Nouns after "his"/"her"/"their" that name a person's entourage, which
/// speaks as itself ("His team says").
const ENTOURAGE: &[&str] = &[
    "team",
    "campaign",
    "camp",
    "lawyer",
    "lawyers",
    "attorney",
    "attorneys",
    "allies",
    "aides",
    "supporters",
    "associates",
    "family",
    "relatives",
    "entourage",
];
const PLURAL_PRONOUNS: &[&str] = &["they", "them", "their"];

/// The length of the longest word of `lists`.
const fn longest(lists: &[&[&str]]) -> usize {
    let mut max = 0;
    let mut i = 0;
    while i < lists.len() {
        let mut j = 0;
        while j < lists[i].len() {
            if lists[i][j].len() > max {
                max = lists[i][j].len();
            }
            j += 1;
        }
        i += 1;
    }
    max
}

/// The length of the longest pronoun: a longer word needs no comparing,
/// and most words are longer.
const PRONOUN_MAX_LEN: usize = longest(&[PERSON_PRONOUNS, THING_PRONOUNS, PLURAL_PRONOUNS]);

/// Per first letter a-z of the words of `lists` (lower-case ASCII), their
/// lengths, as bits `1 << length`.
const fn lengths_by_first_letter(lists: &[&[&str]]) -> [u32; 26] {
    let mut bits = [0u32; 26];
    let mut i = 0;
    while i < lists.len() {
        let mut j = 0;
        while j < lists[i].len() {
            let w = lists[i][j].as_bytes();
            assert!(w[0].is_ascii_lowercase() && w.len() < 32);
            bits[(w[0] - b'a') as usize] |= 1 << w.len();
            j += 1;
        }
        i += 1;
    }
    bits
}

/// The lengths of the pronouns by their first letter: a word of another
/// first letter or length, most words, is no pronoun and needs no key.
const PRONOUN_LENGTHS: [u32; 26] =
    lengths_by_first_letter(&[PERSON_PRONOUNS, THING_PRONOUNS, PLURAL_PRONOUNS]);

/// Whether `w` may be a pronoun: some pronoun has its first letter (case
/// ignored) and its length.
fn may_be_pronoun(w: &[u8]) -> bool {
    w.len() <= PRONOUN_MAX_LEN
        && w.first().is_some_and(|b| {
            let l = b.to_ascii_lowercase();
            l.is_ascii_lowercase() && PRONOUN_LENGTHS[usize::from(l - b'a')] & 1 << w.len() != 0
        })
}

/// A short word lower-cased into one number: its bytes from the lowest
/// up and its length in the highest byte, if it is ASCII and at most seven
/// bytes long, as every word of the short lists here is (and so no other
/// word is in them). Two such words are equal, case ignored, exactly when
/// their keys are: a word is compared with a list a number at a time,
/// without a lower-cased copy.
const fn short_word_key(w: &[u8]) -> Option<u64> {
    if w.len() > 7 {
        return None;
    }
    let mut key = (w.len() as u64) << 56;
    let mut i = 0;
    while i < w.len() {
        if !w[i].is_ascii() {
            return None;
        }
        key |= (w[i].to_ascii_lowercase() as u64) << (8 * i);
        i += 1;
    }
    Some(key)
}

/// The [`short_word_key`]s of `list`, worked out at compile time.
const fn short_word_keys<const N: usize>(list: &[&str]) -> [u64; N] {
    assert!(list.len() == N);
    let mut keys = [0; N];
    let mut i = 0;
    while i < N {
        keys[i] = match short_word_key(list[i].as_bytes()) {
            Some(k) => k,
            None => panic!("a short list word is ASCII and at most seven bytes"),
        };
        i += 1;
    }
    keys
}

const PREP_KEYS: [u64; PREPS.len()] = short_word_keys(PREPS);
const PERSON_PRONOUN_KEYS: [u64; PERSON_PRONOUNS.len()] = short_word_keys(PERSON_PRONOUNS);
const THING_PRONOUN_KEYS: [u64; THING_PRONOUNS.len()] = short_word_keys(THING_PRONOUNS);
const PLURAL_PRONOUN_KEYS: [u64; PLURAL_PRONOUNS.len()] = short_word_keys(PLURAL_PRONOUNS);
/// The possessive pronouns that may own an [`ENTOURAGE`].
const ENTOURAGE_OWNER_KEYS: [u64; 3] = short_word_keys(&["his", "her", "their"]);
/// The possessive pronouns.
const POSSESSIVE_PRONOUN_KEYS: [u64; 4] = short_word_keys(&["his", "her", "its", "their"]);

/// Whether `w` is one of [`PREPS`], case ignored.
pub(in crate::extract) fn is_prep(w: &str) -> bool {
    short_word_key(w.as_bytes()).is_some_and(|k| PREP_KEYS.contains(&k))
}

/// Words after a group noun that tie it to a country: "hackers connected to
/// Russia", "a group of hackers working for Moscow", "forces in Russia".
const TIES: &[&str] = &[
    "connected to",
    "linked to",
    "working for",
    "tied to",
    "backed by",
    "based in",
    "in",
    "from",
    "loyal to",
    "associated with",
    "affiliated with",
    "acting on behalf of",
    "of",
];

/// [`TIES`] between spaces, built once.
static TIES_SPACED: std::sync::LazyLock<Vec<String>> =
    std::sync::LazyLock::new(|| TIES.iter().map(|t| format!(" {t} ")).collect());

/// How many bytes after a group noun are searched for a tie; the places
/// where one may start are kept as the bits of a `u64`.
const TIE_WINDOW: usize = 60;
const _: () = assert!(TIE_WINDOW < 64);

/// How far into `rest`, the text after a group noun, a tie may start: after
/// at most three words and before any punctuation ("hackers (allegedly)
/// connected to Russia", not "hackers, who are connected to Russia").
fn tie_reach(rest: &str) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in rest.char_indices() {
        if matches!(c, ',' | '.' | ';') {
            return i;
        }
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
            if words == 4 {
                return i;
            }
        }
    }
    rest.len()
}

/// Words that end the search for a group noun's country modifier.
const GROUP_GAP_STOP: &[&str] = &[
    "a", "an", "the", "has", "have", "had", "was", "were", "is", "are", "and", "or", "of", "to",
    "in", "on", "that", "which", "who", "by", "for", "with", "said", "says", "its", "their",
];

/// Group heads that stand for the state itself ("Russian officials" speak
/// for Russia, "the Russian side").
const STATE_HEADS: &[&str] = &[
    "officials",
    "government",
    "side",
    "authorities",
    "state",
    "leadership",
    "regime",
];

/// Group heads that make an organisation rather than a group.
const ORG_LIKE: &[&str] = &[
    "intelligence",
    "military",
    "media",
    "state media",
    "embassy",
    "ministry",
    "services",
    "special services",
    "intelligence services",
    "intelligence agencies",
    "security services",
    "army",
    "navy",
    "air force",
    "foreign ministry",
    "defence ministry",
    "defense ministry",
    "sports ministry",
    "military intelligence",
    "troops",
    "unit",
    "units",
    "military unit",
];

/// What a candidate names. Words as written borrow from the article's text
/// `'t`: most candidates are dropped unresolved or resolve to an actor
/// that exists, and need no copy.
#[derive(Debug, Clone)]
enum Spec<'t> {
    Gaz(usize),
    Person {
        name: &'t str,
        role: Option<String>,
        modifier: Option<Box<Spec<'t>>>,
    },
    Named {
        name: String,
        kind: ActorKind,
        country: Option<String>,
        modifier: Option<Box<Spec<'t>>>,
    },
    /// A description to resolve by coreference: "the spokesman", "the ministry".
    Describe {
        head: String,
        text: &'t str,
        person: bool,
        modifier: Option<Box<Spec<'t>>>,
        /// The subject of a speech or an answer: without an antecedent the
        /// description itself is the actor ("the company denied").
        subject: bool,
    },
    Pronoun(Pron),
    /// "Mrs May", "Peskov": a surname of a person named earlier.
    Surname(&'t str),
    /// A name nobody introduced, as the subject of a speech or answer ("Lin
    /// denied", "Mr Clarke dismissed"): a person named earlier, else a new
    /// actor under that name (a person after a title like "Mr", else of
    /// unknown kind: a company or a person alike).
    Subject {
        name: &'t str,
        person: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pron {
    Person,
    Thing,
    Plural,
}

#[derive(Debug, Clone)]
struct Cand<'t> {
    s: usize,
    e: usize,
    spec: Spec<'t>,
    prio: u8,
    poss: bool,
}

/// The stage's result.
pub(super) struct Mentions {
    pub actors: Vec<DocActor>,
    pub mentions: Vec<Mention>,
}

/// What [`Builder`] knows of an alias of an actor.
struct AliasKey {
    /// `norm` of the alias.
    key: String,
    /// Whether `key` holds the key of the actor's name (when it was added:
    /// only a person's name changes).
    holds_name: bool,
}

impl AliasKey {
    fn new(key: String, name_key: &str) -> Self {
        let holds_name = key.contains(name_key);
        AliasKey { key, holds_name }
    }
}

/// Whether one of `aliases` has the key `key`.
fn has_alias_key(aliases: &[AliasKey], key: &str) -> bool {
    aliases.iter().any(|a| a.key == key)
}

fn norm(s: &str) -> String {
    // built in place: one allocation for ASCII text, not one per word
    let mut out = String::with_capacity(s.len());
    norm_into(s, &mut out);
    out
}

/// [`norm`] into a cleared buffer, for keys that are only compared.
fn norm_into(s: &str, out: &mut String) {
    out.clear();
    // the usual case, ASCII: asked for every name at every mention
    if norm_ascii_into(s, out) {
        return;
    }
    out.clear();
    for (k, w) in norm_words(s).enumerate() {
        if k > 0 {
            out.push(' ');
        }
        if w.is_ascii() {
            push_ascii_lower(out, w);
        } else {
            out.push_str(&w.to_lowercase());
        }
    }
}

/// Per byte, what [`norm`] makes of it in ASCII text: an ASCII letter or
/// digit lower-cased, and 0 for anything else (a separator, or a byte of a
/// non-ASCII character).
const NORM_BYTE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0u8;
    while b < 0x80 {
        if b.is_ascii_alphanumeric() {
            table[b as usize] = b.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// [`norm_into`] for ASCII text, in one pass through [`NORM_BYTE`]: the
/// letters and digits lower-cased, each run of other bytes a single space
/// between words. False, with `out` half built, at the first non-ASCII
/// byte: such text takes the long way, through Unicode's letters and case.
fn norm_ascii_into(s: &str, out: &mut String) -> bool {
    out.reserve(s.len());
    let mut gap = false;
    for &b in s.as_bytes() {
        match NORM_BYTE[usize::from(b)] {
            0 if b.is_ascii() => gap = true,
            0 => return false,
            l => {
                if gap && !out.is_empty() {
                    out.push(' ');
                }
                gap = false;
                out.push(char::from(l));
            }
        }
    }
    true
}

/// Appends `w` lower-cased (ASCII letters only).
fn push_ascii_lower(out: &mut String, w: &str) {
    let at = out.len();
    out.push_str(w);
    out[at..].make_ascii_lowercase();
}

/// The first word of a [`norm`] key ("" if none).
fn first_word(key: &str) -> &str {
    key.split(' ').next().unwrap_or("")
}

/// The last word of a [`norm`] key ("" if none): a person's surname.
fn last_word(key: &str) -> &str {
    key.rsplit(' ').next().unwrap_or("")
}

/// The words of `norm(s)` before lower-casing, without building it.
fn norm_words(s: &str) -> impl DoubleEndedIterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Whether a word of [`norm_words`] lower-cases to `lower` (no allocation
/// for ASCII words, the usual case).
fn word_is(w: &str, lower: &str) -> bool {
    if w.is_ascii() {
        w.len() == lower.len()
            && w.bytes()
                .zip(lower.bytes())
                .all(|(a, b)| a.to_ascii_lowercase() == b)
    } else {
        w.to_lowercase() == lower
    }
}

/// `norm(s) == normed`, without allocating: asked for every alias of an
/// actor at every mention.
fn norm_eq(s: &str, normed: &str) -> bool {
    let mut rest = normed;
    for (k, w) in norm_words(s).enumerate() {
        if k > 0 {
            match rest.strip_prefix(' ') {
                Some(r) => rest = r,
                None => return false,
            }
        }
        let len = if w.is_ascii() {
            w.len()
        } else {
            w.to_lowercase().len()
        };
        match rest.get(..len) {
            Some(head) if word_is(w, head) => rest = &rest[len..],
            _ => return false,
        }
    }
    rest.is_empty()
}

/// A phrase as a name: without surrounding punctuation, a leading "the",
/// brackets or runs of spaces. Borrowed when there is nothing inside to
/// change, as in most names.
fn clean_phrase(s: &str) -> Cow<'_, str> {
    // a phrase from a letter or digit to a letter or digit, as most are,
    // has nothing to trim
    let b = s.as_bytes();
    let t = if b.first().is_some_and(u8::is_ascii_alphanumeric)
        && b.last().is_some_and(u8::is_ascii_alphanumeric)
    {
        s
    } else {
        s.trim_matches(|c: char| !c.is_alphanumeric())
    };
    let t = t
        .strip_prefix("the ")
        .or_else(|| t.strip_prefix("The "))
        .unwrap_or(t);
    if is_single_spaced(t) {
        return Cow::Borrowed(t);
    }
    // "(RUSADA) officials" -> "RUSADA officials"
    let mut out = String::with_capacity(t.len());
    for w in t
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']'))
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    Cow::Owned(out)
}

/// Whether `t` is ASCII words and punctuation with single spaces between
/// them and none at either end, without brackets: what [`clean_phrase`]
/// would rebuild unchanged. (Other text takes the long way.)
fn is_single_spaced(t: &str) -> bool {
    let b = t.as_bytes();
    if b.starts_with(b" ") || b.ends_with(b" ") {
        return false;
    }
    // one pass: each byte is a space after no space, or a plain character
    let mut after_space = false;
    for &c in b {
        match PHRASE_BYTE[usize::from(c)] {
            PhraseByte::Space if !after_space => after_space = true,
            PhraseByte::Plain => after_space = false,
            _ => return false,
        }
    }
    true
}

/// What a byte is to [`is_single_spaced`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum PhraseByte {
    /// The space, b' '.
    Space,
    /// An ASCII character that is neither whitespace nor a bracket.
    Plain,
    /// Other whitespace, a bracket, or a byte of a non-ASCII character.
    Other,
}

/// [`PhraseByte`] by byte, worked out once rather than for every byte of
/// every phrase.
const PHRASE_BYTE: [PhraseByte; 256] = {
    let mut table = [PhraseByte::Other; 256];
    let mut c = 0u8;
    while c < 0x80 {
        table[c as usize] = if c == b' ' {
            PhraseByte::Space
        } else if !c.is_ascii_whitespace() && c != 0x0B && !matches!(c, b'(' | b')' | b'[' | b']') {
            PhraseByte::Plain
        } else {
            PhraseByte::Other
        };
        c += 1;
    }
    table
};

/// Sets flag `i`, growing `flags` as needed.
fn set_flag(flags: &mut Vec<bool>, i: usize) {
    if flags.len() <= i {
        flags.resize(i + 1, false);
    }
    flags[i] = true;
}

/// The word just before byte `pos` (letters only), or "".
pub(super) fn prev_word(text: &str, pos: usize) -> &str {
    let before = text.get(..pos).unwrap_or("");
    let trimmed = trim_end_whitespace(before);
    if trimmed.len() != before.len() || before.is_empty() {
        let end = trimmed.len();
        // the word's ASCII letters by bytes, the usual case; a non-ASCII
        // byte before them may be a letter's, so that takes the long way
        let ascii_start = trimmed
            .bytes()
            .rposition(|b| !is_ascii_word_byte(b))
            .map_or(0, |i| i + 1);
        if trimmed.as_bytes()[..ascii_start]
            .last()
            .is_none_or(u8::is_ascii)
        {
            return &trimmed[ascii_start..end];
        }
        let start = trimmed
            .char_indices()
            .rev()
            .find(|&(_, c)| !c.is_alphanumeric())
            .map_or(0, |(i, c)| i + c.len_utf8());
        return &trimmed[start..end];
    }
    ""
}

/// `s.trim_end_matches(char::is_whitespace)`, by bytes when the spaces
/// trimmed are ASCII, as nearly all are. A non-ASCII character before them
/// may be a space of its own (U+00A0, U+2009), so that takes the long way.
fn trim_end_whitespace(s: &str) -> &str {
    // ASCII whitespace as `char::is_whitespace` has it: with the vertical
    // tab, which `u8::is_ascii_whitespace` leaves out
    let is_space = |b: u8| b.is_ascii_whitespace() || b == 0x0B;
    match s.bytes().rposition(|b| !is_space(b)) {
        // an ASCII byte is a whole character: the text ends after it
        Some(i) if s.as_bytes()[i].is_ascii() => &s[..=i],
        Some(_) => s.trim_end_matches(char::is_whitespace),
        None => "",
    }
}

/// `b.is_ascii_alphanumeric()`, looked up in [`NORM_BYTE`].
fn is_ascii_word_byte(b: u8) -> bool {
    NORM_BYTE[usize::from(b)] != 0
}

/// The cues starting at `from..=to`. A sentence's cues come sorted by
/// start, so this is a binary search rather than a scan of all of them for
/// every word.
fn cues_starting_in(cues: &[CueHit], from: usize, to: usize) -> &[CueHit] {
    let lo = cues.partition_point(|c| c.start < from);
    let hi = cues.partition_point(|c| c.start <= to);
    cues.get(lo..hi).unwrap_or(&[])
}

/// The cues of an article and, per sentence, the range of them it holds.
#[derive(Debug, Clone, Copy)]
pub(super) struct SentenceCues<'a> {
    pub cues: &'a [CueHit],
    pub ranges: &'a [std::ops::Range<usize>],
}

impl<'a> SentenceCues<'a> {
    fn of(&self, si: usize) -> &'a [CueHit] {
        self.ranges
            .get(si)
            .and_then(|r| self.cues.get(r.clone()))
            .unwrap_or(&[])
    }
}

/// Runs the stage over all sentences.
pub(super) fn detect(
    text: &str,
    body: &BodyWords<'_>,
    sentences: &[Sentence],
    gaz: &Gazetteer,
    gaz_hits: &[GazetteerHit],
    cues: SentenceCues<'_>,
    budget: &crate::extract::budget::Budget,
) -> Mentions {
    let mut b = Builder {
        gaz,
        // room for the actors of most articles, as below: no regrowing
        actors: Vec::with_capacity(32),
        name_keys: Vec::with_capacity(32),
        scratch: String::new(),
        alias_keys: Vec::new(),
        surname_gaz: FxHashMap::default(),
        named_gaz: FxHashMap::default(),
        // room for the actors of most articles: no regrowing
        by_gaz: FxHashMap::with_capacity_and_hasher(32, Default::default()),
        by_name: FxHashMap::with_capacity_and_hasher(32, Default::default()),
        // a few mentions a sentence: no regrowing in most articles
        mentions: Vec::with_capacity(sentences.len() * 4),
        last_speaker_person: None,
        last_person: None,
        last_thing: None,
        last_plural: None,
        sentence_start: 0,
        named_canonically: Vec::new(),
        home_state: None,
    };
    let mut hi = 0usize;
    // the sentence's gazetteer hits, in one buffer for all sentences
    let mut hits: Vec<GazetteerHit> = Vec::new();
    // and so are its words and candidates
    let mut toks: Vec<Tok> = Vec::new();
    let mut cands: Vec<Cand> = Vec::new();
    for (si, sent) in sentences.iter().enumerate() {
        // a spent budget ends the article (its caller reports why)
        if !budget.open() {
            break;
        }
        while hi < gaz_hits.len() && gaz_hits[hi].start < sent.start {
            hi += 1;
        }
        let mut hj = hi;
        while hj < gaz_hits.len() && gaz_hits[hj].start < sent.end {
            hj += 1;
        }
        hits.clear();
        hits.extend(
            gaz_hits[hi..hj]
                .iter()
                .copied()
                .filter(|h| h.end <= sent.end),
        );
        let sc = cues.of(si);
        // sentences lie in the body, whose words are split already
        if body.start <= sent.start && sent.end <= body.start + body.text.len() {
            tokenize_words(body, sent.start, sent.end, &mut toks);
        } else {
            tokenize_into(text, sent.start, sent.end, &mut toks);
        }
        candidates(text, &toks, &hits, sc, gaz, &mut cands);
        select(&mut cands);
        drop_descriptions_before_names(text, &mut cands, gaz);
        entourage(text, sent.end, &mut cands, gaz);
        b.sentence_start = b.mentions.len();
        for c in cands.drain(..) {
            resolve(&mut b, text, sentences, si, c, sc, gaz_hits);
        }
    }
    merge_described_persons(&mut b);
    name_bodies_as_written(&mut b);
    b.mentions.sort_by_key(|m| (m.start, m.end));
    Mentions {
        actors: b.actors,
        mentions: b.mentions,
    }
}

/// An organisation or group the article never calls by the gazetteer's
/// canonical name is named the way the article names it ("Russia's
/// military intelligence" rather than a formal title the text never uses);
/// the canonical name stays an alias. States and people keep their
/// canonical names.
fn name_bodies_as_written(b: &mut Builder<'_>) {
    for (i, a) in b.actors.iter_mut().enumerate() {
        if a.gazetteer.is_none()
            || matches!(a.kind, ActorKind::State | ActorKind::Person)
            || b.named_canonically.get(i).copied().unwrap_or(false)
            || a.aliases.is_empty()
        {
            continue;
        }
        // the shortest form: an acronym or the bare noun phrase, which a
        // reader's list of the article's names is the likeliest to hold
        let Some(k) = (0..a.aliases.len()).min_by_key(|&k| a.aliases[k].len()) else {
            continue;
        };
        let written = a.aliases.remove(k);
        let canonical = std::mem::replace(&mut a.name, written);
        a.aliases.push(canonical);
    }
}

fn resolve(
    b: &mut Builder<'_>,
    text: &str,
    sentences: &[Sentence],
    si: usize,
    c: Cand<'_>,
    sc: &[CueHit],
    gaz_hits: &[GazetteerHit],
) {
    // asked only of persons: most candidates are not, or resolve to nothing
    let followed_by_verb = || {
        cues_starting_in(sc, c.e, c.e + 24).iter().any(|h| {
            matches!(h.tag, Tag::Speech | Tag::AccVerb | Tag::Response(_, _))
                && text
                    .get(c.e..h.start)
                    .is_some_and(|between| !has_quote_or_comma(between))
        })
    };
    let actor = match &c.spec {
        Spec::Pronoun(p) => match p {
            Pron::Person => {
                if followed_by_verb() {
                    b.last_speaker_person.or(b.last_person)
                } else {
                    b.last_person
                }
            }
            // "The Kremlin ... what it called": the sentence's own subject
            // first, then the last organisation or state named
            Pron::Thing if !after_it_subject_word(prev_word(text, c.s)) => b.last_thing,
            Pron::Thing => b.mentions[b.sentence_start..]
                .iter()
                .find(|m| !m.prep && b.actors[m.actor].kind != ActorKind::Person)
                .map(|m| m.actor)
                .or(b.last_thing),
            Pron::Plural => b.last_plural.or(b.last_thing),
        },
        Spec::Describe {
            head,
            text: desc,
            person,
            modifier,
            subject,
        } => {
            let head_l = head.to_lowercase();
            let spokes = head_l.starts_with("spokes");
            let home = if !*person && head_l == "government" {
                home_state(b)
            } else {
                None
            };
            let found = if *person {
                b.actors
                    .iter()
                    .rposition(|a| {
                        a.kind == ActorKind::Person
                            && a.roles.iter().any(|r| {
                                lower_contains(r, &head_l)
                                    || (spokes
                                        && (lower_contains(r, "spokes")
                                            || lower_contains(r, "press secretary")))
                            })
                    })
                    .or_else(|| {
                        (head_l == "official" || head_l == "strongman")
                            .then_some(b.last_person)
                            .flatten()
                    })
                    .or_else(|| forward_person(text, sentences, si, &head_l, gaz_hits, b))
            } else {
                b.actors
                    .iter()
                    .rposition(|a| a.kind != ActorKind::Person && lower_contains(&a.name, &head_l))
                    .or_else(|| {
                        // "Leadplex Inc ... the company said": a business
                        // named by its kind is the last organisation named
                        // (in an earlier sentence: in its own, an organisation
                        // named before it is its subject, "regulators accused
                        // the company")
                        BUSINESS_HEADS.contains(&head_l.as_str()).then(|| {
                            b.mentions[..b.sentence_start]
                                .iter()
                                .rev()
                                .map(|m| m.actor)
                                .find(|&a| b.actors[a].kind == ActorKind::Organization)
                        })?
                    })
                    .or(home)
            };
            match found {
                Some(a) => Some(a),
                None if *person || modifier.is_some() || *subject => {
                    // No antecedent: the description itself is the actor.
                    let spec = Spec::Named {
                        name: clean_phrase(desc).into_owned(),
                        kind: if *person {
                            ActorKind::Person
                        } else {
                            ActorKind::Organization
                        },
                        country: None,
                        modifier: modifier.clone(),
                    };
                    let a = b.resolve_named(&spec);
                    if let (Some(a), true) = (a, *person)
                        && !b.actors[a].roles.contains(head)
                    {
                        b.actors[a].roles.push(head.clone());
                    }
                    a
                }
                None => None,
            }
        }
        other => b.resolve_named(other),
    };
    let Some(actor) = actor else { return };
    let form = match c.spec {
        Spec::Pronoun(_) | Spec::Describe { .. } => MentionForm::Coref,
        _ => MentionForm::Name,
    };
    if let Spec::Describe { text: desc, .. } = &c.spec {
        let d = clean_phrase(desc);
        if b.alias_keys.len() <= actor {
            b.alias_keys.resize_with(actor + 1, Vec::new);
        }
        let a = &mut b.actors[actor];
        let alias_keys = &mut b.alias_keys[actor];
        let d_n = &mut b.scratch;
        norm_into(&d, d_n);
        if *d_n != b.name_keys[actor] && !has_alias_key(alias_keys, d_n) {
            a.aliases.push(d.into_owned());
            alias_keys.push(AliasKey::new(d_n.clone(), &b.name_keys[actor]));
        }
    }
    b.add_mention(c.s, c.e, actor, form, c.poss, text);
    if b.actors[actor].kind == ActorKind::Person && followed_by_verb() {
        b.last_speaker_person = Some(actor);
    }
}

/// "The government has blamed the blasts on ...": a government named by
/// its kind alone is that of the state the article has named most before
/// this sentence (the later one on a tie), the state the story is about.
/// Only the first [`HOME_STATE_READ`] mentions are counted: the story's
/// state is named early, and the count stays bounded in a long article.
fn home_state(b: &mut Builder<'_>) -> Option<usize> {
    // counted once the first mentions are all read: a long article asks it
    // again and again
    let read = b.sentence_start.min(HOME_STATE_READ);
    if let Some((counted, state)) = b.home_state
        && counted == read
    {
        return state;
    }
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for m in b.mentions[..b.sentence_start].iter().take(HOME_STATE_READ) {
        if b.actors[m.actor].kind != ActorKind::State {
            continue;
        }
        match counts.iter_mut().find(|(a, _)| *a == m.actor) {
            Some((_, n)) => *n += 1,
            None => counts.push((m.actor, 1)),
        }
    }
    // (max_by_key keeps the last of equal counts: the one first named later)
    let state = counts.into_iter().max_by_key(|&(_, n)| n).map(|(a, _)| a);
    b.home_state = Some((read, state));
    state
}

/// How many of an article's first mentions [`home_state`] reads.
const HOME_STATE_READ: usize = 200;

/// Whether `s` holds a comma or a double quote, straight or curly:
/// `s.contains(['"', '\u{201C}', '\u{201D}', ','])` by bytes. (The curly
/// quotes are E2 80 9C and E2 80 9D in UTF-8; a lead byte E2 starts a
/// character, so those bytes in a row are always one of them.)
fn has_quote_or_comma(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &c)| match c {
        b'"' | b',' => true,
        0xE2 => matches!(b.get(i + 1..i + 3), Some([0x80, 0x9C | 0x9D])),
        _ => false,
    })
}

/// `hay.to_lowercase().contains(lower)` for a lower-cased `lower`, without
/// the copy when both are ASCII: asked of every actor at every description.
fn lower_contains(hay: &str, lower: &str) -> bool {
    if !(hay.is_ascii() && lower.is_ascii()) {
        return hay.to_lowercase().contains(lower);
    }
    lower.is_empty()
        || hay
            .as_bytes()
            .windows(lower.len())
            .any(|w| w.eq_ignore_ascii_case(lower.as_bytes()))
}

/// "A spokeswoman for the Russian Foreign Ministry ... The spokeswoman, Maria
/// Zakharova": a description with no antecedent may name the person given
/// with the same title in the next sentences.
fn forward_person(
    text: &str,
    sentences: &[Sentence],
    si: usize,
    head: &str,
    gaz_hits: &[GazetteerHit],
    b: &mut Builder<'_>,
) -> Option<usize> {
    let end = sentences.get(si + 2).or(sentences.last())?.end;
    let start = sentences.get(si)?.end;
    let window = text.get(start..end)?;
    let at = if lower_cases_in_place(window) {
        // lower-cased byte for byte: found in place, without a lower-cased copy
        find_lowered(window, head)?
    } else {
        window.to_lowercase().find(head)?
    };
    let after = start + at + head.len();
    // ", Maria Zakharova" or " Maria Zakharova"
    let rest = text.get(after..end)?;
    let rest_trim = rest.trim_start_matches([',', ' ']);
    let off = after + (rest.len() - rest_trim.len());
    let toks = tokenize(text, off, end.min(off + 80));
    let name_toks: Vec<&Tok> = toks.iter().take_while(|t| t.cap).take(3).collect();
    if name_toks.len() < 2 {
        return None;
    }
    let (s, e) = (name_toks[0].s, name_toks[name_toks.len() - 1].e);
    let name = text.get(s..e)?;
    if let Some(h) = gaz_hits.iter().find(|h| h.start == s)
        && b.gaz.actor(h.actor).kind == ActorKind::Person
    {
        return Some(b.gaz_actor(h.actor));
    }
    b.resolve_named(&Spec::Person {
        name,
        role: Some(head.to_string()),
        modifier: None,
    })
}

/// Whether `s.to_lowercase()` is `s` with its ASCII letters lower-cased:
/// `s` is ASCII but for General Punctuation (curly quotes, dashes), which
/// has no case.
fn lower_cases_in_place(s: &str) -> bool {
    // by bytes: the window is searched for a title at each description
    // without an antecedent, and such a window is a few hundred bytes
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match (c, b.get(i + 1), b.get(i + 2)) {
            (0..=0x7F, _, _) => i += 1,
            // U+2000-U+203F is E2 80 xx, U+2040-U+206F is E2 81 80-AF
            (0xE2, Some(0x80), _) | (0xE2, Some(0x81), Some(0x80..=0xAF)) => i += 3,
            _ => return false,
        }
    }
    true
}

/// `hay.to_lowercase().find(lower)` for a `hay` that
/// [lower-cases in place](lower_cases_in_place), without the copy. (A
/// match of whole UTF-8 text begins at a character boundary, as `find`'s.)
fn find_lowered(hay: &str, lower: &str) -> Option<usize> {
    let lower = lower.as_bytes();
    if lower.is_empty() {
        return Some(0);
    }
    hay.as_bytes().windows(lower.len()).position(|w| {
        w.iter()
            .zip(lower)
            .all(|(a, b)| a.to_ascii_lowercase() == *b)
    })
}

/// Keeps the best non-overlapping candidates: longer spans and higher
/// priorities first.
fn select(cands: &mut Vec<Cand<'_>>) {
    // In text order first: when no two overlap, as in most sentences, all
    // are kept in that order, and nothing is left to rank. The sort is
    // stable, so candidates starting together keep the order they were
    // found in, by which the ranking below breaks ties.
    cands.sort_by_key(|c| c.s);
    if cands
        .windows(2)
        .all(|w| w[0].s < w[1].s && w[0].e <= w[1].s)
    {
        return;
    }
    cands.sort_by(|a, b| {
        (b.e - b.s, b.prio)
            .cmp(&(a.e - a.s, a.prio))
            .then(a.s.cmp(&b.s))
    });
    // the kept ones gather in order at the front, without a second vector
    let mut kept = 0;
    for i in 0..cands.len() {
        let c = &cands[i];
        if cands[..kept].iter().all(|k| c.e <= k.s || c.s >= k.e) {
            cands.swap(kept, i);
            kept += 1;
        }
    }
    cands.truncate(kept);
    cands.sort_by_key(|c| c.s);
}

/// "the Lebanese group Hezbollah", "the US firm Microsoft": a body named by
/// its kind right before its name, a space between, is that name; the
/// description is dropped so that the name is what a frame reads after
/// a verb. Only a description ending in a lower-case noun ("group",
/// "company") qualifies: "the Foreign Ministry" before a name is a title.
fn drop_descriptions_before_names(text: &str, cands: &mut Vec<Cand<'_>>, gaz: &Gazetteer) {
    let describes_body = |c: &Cand<'_>| {
        let common_head = text
            .get(c.s..c.e)
            .and_then(|t| t.rsplit(' ').next())
            .is_some_and(|w| w.starts_with(|ch: char| ch.is_lowercase()));
        common_head
            && match &c.spec {
                Spec::Describe { person, .. } => !person,
                Spec::Named { kind, .. } => *kind != ActorKind::Person,
                _ => false,
            }
    };
    // ("Ethiopian military spokesman Colonel Getnet Adane": a title in
    // lower case starts no name; "the company Elon Musk founded": a person
    // after a body's description names no body)
    let is_name = |c: &Cand<'_>| {
        text.get(c.s..)
            .is_some_and(|t| t.starts_with(|ch: char| ch.is_uppercase()))
            && match &c.spec {
                Spec::Gaz(g) => !matches!(gaz.actor(*g).kind, ActorKind::State | ActorKind::Person),
                Spec::Named { kind, .. } => *kind != ActorKind::Person,
                Spec::Subject { person, .. } => !person,
                _ => false,
            }
    };
    let dropped: Vec<bool> = (0..cands.len())
        .map(|i| {
            let c = &cands[i];
            cands.get(i + 1).is_some_and(|next| {
                describes_body(c) && is_name(next) && text.get(c.e..next.s) == Some(" ")
            })
        })
        .collect();
    let mut i = 0;
    cands.retain(|_| {
        i += 1;
        !dropped[i - 1]
    });
}

/// `s.to_ascii_lowercase().starts_with(lower)` for a lower-case ASCII
/// prefix, without copying `s` (which may be the rest of the article).
fn starts_with_ignore_ascii_case(s: &str, lower: &str) -> bool {
    s.as_bytes()
        .get(..lower.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(lower.as_bytes()))
}

/// `s.to_ascii_lowercase().ends_with(lower)` for a lower-case ASCII suffix,
/// without copying `s` (which may be the article up to here).
fn ends_with_ignore_ascii_case(s: &str, lower: &str) -> bool {
    s.len()
        .checked_sub(lower.len())
        .and_then(|k| s.as_bytes().get(k..))
        .is_some_and(|t| t.eq_ignore_ascii_case(lower.as_bytes()))
}

fn word<'a>(text: &'a str, t: &Tok) -> &'a str {
    text.get(t.s..t.e).unwrap_or("")
}

fn tok_at(toks: &[Tok], pos: usize) -> Option<usize> {
    // words are ordered and disjoint: only the last one starting at or
    // before `pos` can hold it
    let k = toks.partition_point(|t| t.s <= pos).checked_sub(1)?;
    let t = &toks[k];
    (pos < t.e.max(t.s + 1)).then_some(k)
}

/// Whether two role titles name the same post ("spokesman" and "Kremlin
/// spokesman", "spokeswoman" and "press secretary").
fn same_role(a: &str, b: &str) -> bool {
    let spokes = |r: &str| lower_contains(r, "spokes") || lower_contains(r, "press secretary");
    contains_ignore_case(a, b) || contains_ignore_case(b, a) || (spokes(a) && spokes(b))
}

/// `hay.to_lowercase().contains(&needle.to_lowercase())`, without the
/// copies when both are ASCII: asked of every pair of roles of an article's
/// persons.
fn contains_ignore_case(hay: &str, needle: &str) -> bool {
    if !(hay.is_ascii() && needle.is_ascii()) {
        return hay.to_lowercase().contains(&needle.to_lowercase());
    }
    needle.is_empty()
        || hay
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// "A Kremlin spokesman said ..." named before "Dmitry Peskov, the Kremlin
/// spokesman": a person known only by a description is the one named person
/// of the article who holds that post on the same side.
fn merge_described_persons(b: &mut Builder<'_>) {
    let described = |a: &DocActor| {
        a.kind == ActorKind::Person
            && a.gazetteer.is_none()
            && a.roles.iter().any(|r| contains_ignore_case(&a.name, r))
    };
    // asked of every pair of actors below, and each asking lower-cases
    let is_described: Vec<bool> = b.actors.iter().map(described).collect();
    let mut remap: Vec<(usize, usize)> = Vec::new();
    for (d, da) in b.actors.iter().enumerate() {
        if !is_described[d] {
            continue;
        }
        let (d_aff, d_country) = (da.affiliated, da.country.clone());
        let cands: Vec<usize> = b
            .actors
            .iter()
            .enumerate()
            .filter(|&(p, pa)| {
                p != d
                    && pa.kind == ActorKind::Person
                    && !is_described[p]
                    && pa
                        .roles
                        .iter()
                        .any(|r| da.roles.iter().any(|h| same_role(r, h)))
                    && (d_country.is_none() || pa.country.is_none() || pa.country == d_country)
                    && (d_aff.is_none()
                        || pa.affiliated.is_none()
                        || pa.affiliated == d_aff
                        || d_country.is_some() && pa.country == d_country)
            })
            .map(|(p, _)| p)
            .collect();
        if let [p] = cands[..] {
            remap.push((d, p));
        }
    }
    for (d, p) in remap {
        for m in b.mentions.iter_mut().filter(|m| m.actor == d) {
            m.actor = p;
        }
        let name = b.actors[d].name.clone();
        let country = b.actors[d].country.clone();
        let pa = &mut b.actors[p];
        let name_n = norm(&name);
        if !pa.aliases.iter().any(|x| norm_eq(x, &name_n)) {
            pa.aliases.push(name);
        }
        if pa.country.is_none() {
            pa.country = country;
        }
    }
}

/// The nouns after a person's name that make an [`entourage`].
const ENTOURAGE_HEADS: &[&str] = &[
    " campaign team",
    " campaign",
    " team",
    " camp",
    " press office",
    " office",
    " lawyers",
    " attorneys",
    " legal team",
];

/// The letters [`ENTOURAGE_HEADS`] start with (after their space), lower
/// case: most words after a name start with none of them.
const ENTOURAGE_FIRST: &[u8] = b"ctpola";

/// "the Hillary Clinton campaign", "Clinton's team": a person's entourage
/// is an organisation of the person's side, not the person.
fn entourage<'t>(text: &'t str, limit: usize, cands: &mut Vec<Cand<'t>>, gaz: &Gazetteer) {
    let mut i = 0;
    while i < cands.len() {
        let c = &cands[i];
        let person = match &c.spec {
            Spec::Gaz(g) => gaz.actor(*g).kind == ActorKind::Person,
            Spec::Person { .. } | Spec::Surname(_) => true,
            Spec::Subject { person, .. } => *person,
            _ => false,
        };
        if !person {
            i += 1;
            continue;
        }
        let end = crate::extract::text::floor_boundary(text, limit.min(c.e + 24));
        let rest = text.get(c.e..end.max(c.e)).unwrap_or("");
        let (poss, after) = match rest
            .strip_prefix("'s")
            .or_else(|| rest.strip_prefix("\u{2019}s"))
        {
            Some(a) => (rest.len() - a.len(), a),
            None => (0, rest),
        };
        // every head starts with a space, and then one of a few letters
        if !after.starts_with(' ')
            || !after
                .as_bytes()
                .get(1)
                .is_some_and(|&b| ENTOURAGE_FIRST.contains(&(b | 0x20)))
        {
            i += 1;
            continue;
        }
        let head = ENTOURAGE_HEADS.iter().find(|h| {
            after
                .get(..h.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(h))
                && !after
                    .get(h.len()..)
                    .and_then(|x| x.chars().next())
                    .is_some_and(char::is_alphanumeric)
        });
        if let Some(h) = head {
            let e = c.e + poss + h.len();
            let name = clean_phrase(text.get(c.s..e).unwrap_or("")).into_owned();
            let spec = Spec::Named {
                name,
                kind: ActorKind::Organization,
                country: None,
                modifier: Some(Box::new(c.spec.clone())),
            };
            let s0 = c.s;
            cands[i] = Cand {
                s: s0,
                e,
                spec,
                prio: c.prio,
                poss: text
                    .get(e..)
                    .is_some_and(|t| t.starts_with("'s") || t.starts_with('\u{2019}')),
            };
            cands.retain(|x| x.s >= e || x.e <= s0 || x.s == s0);
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::tokens::GENERAL_PUNCTUATION;
    use super::*;

    #[test]
    fn norm_lower_cases_and_single_spaces() {
        assert_eq!(
            norm("  The U.S. State-Department "),
            "the u s state department"
        );
        assert_eq!(norm("Sergéi LAVROV’s"), "sergéi lavrov s");
    }

    /// `norm` the plain way: the Unicode words, lower-cased, one space
    /// between them.
    fn norm_plainly(s: &str) -> String {
        norm_words(s)
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn norm_by_table_is_norm_of_the_lower_cased_words() {
        let mut all_ascii = String::new();
        for b in 0u8..0x80 {
            all_ascii.push(char::from(b));
            all_ascii.push('x');
        }
        for s in [
            "",
            " ",
            "Vladimir Putin",
            "  The U.S. State-Department ",
            "GRU (Unit 26165)",
            "--a--b--",
            "Sergéi LAVROV’s",
            "Russia\u{2019}s military",
            "x\u{a0}y",
            all_ascii.as_str(),
        ] {
            let mut out = String::from("left over");
            norm_into(s, &mut out);
            assert_eq!(out, norm_plainly(s), "{s:?}");
        }
    }

    /// `is_single_spaced` the plain way, by characters.
    fn is_single_spaced_plainly(t: &str) -> bool {
        !t.starts_with(' ')
            && !t.ends_with(' ')
            && !t.contains("  ")
            && t.chars().all(|c| {
                c == ' '
                    || (c.is_ascii() && !c.is_whitespace() && !matches!(c, '(' | ')' | '[' | ']'))
            })
    }

    #[test]
    fn single_spacing_by_table_is_single_spacing_by_characters() {
        for b in 0u8..=0xFF {
            let c = char::from(b);
            for t in [
                format!("a{c}b"),
                format!("{c}"),
                format!("a{c}{c}b"),
                format!("a {c}b"),
            ] {
                assert_eq!(is_single_spaced(&t), is_single_spaced_plainly(&t), "{t:?}");
            }
        }
    }

    #[test]
    fn trimming_by_bytes_is_trimming_by_characters() {
        for s in [
            "",
            " ",
            " \t\n\x0B\x0C\r",
            "said ",
            "said",
            "said \x0B",
            "a\u{a0}",
            "a\u{a0} ",
            "a\u{2009}\n",
            "Moskva\u{301} ",
            "\u{2019} ",
        ] {
            assert_eq!(
                trim_end_whitespace(s),
                s.trim_end_matches(char::is_whitespace),
                "{s:?}"
            );
        }
    }

    #[test]
    fn prev_word_reads_the_word_before_the_spaces() {
        let text = "He met Lavrov in\u{a0}Moscow, said\tit and\u{2009}then Sergéi \x0Bhe";
        for (pos, _) in text.char_indices() {
            let before = &text[..pos];
            let trimmed = before.trim_end_matches(char::is_whitespace);
            let plain = if trimmed.len() != before.len() || before.is_empty() {
                let start = trimmed
                    .char_indices()
                    .rev()
                    .find(|&(_, c)| !c.is_alphanumeric())
                    .map_or(0, |(i, c)| i + c.len_utf8());
                &trimmed[start..]
            } else {
                ""
            };
            assert_eq!(prev_word(text, pos), plain, "{pos}");
        }
    }

    #[test]
    fn short_word_keys_are_equal_exactly_for_words_equal_but_for_case() {
        let words = [
            "",
            "a",
            "A",
            "he",
            "He",
            "HE",
            "her",
            "hers",
            "his",
            "it",
            "its",
            "It's",
            "their",
            "theirs",
            "towards",
            "Towards",
            "towardss",
            "in",
            "\u{e9}t\u{e9}",
            "h\u{e9}",
        ];
        for a in words {
            for b in words {
                match (short_word_key(a.as_bytes()), short_word_key(b.as_bytes())) {
                    (Some(ka), Some(kb)) => {
                        assert_eq!(ka == kb, a.eq_ignore_ascii_case(b), "{a:?} {b:?}");
                    }
                    // no key: not ASCII or too long, and so in no short list
                    _ => assert!(!(a.is_ascii() && a.len() <= 7 && b.is_ascii() && b.len() <= 7)),
                }
            }
            assert_eq!(
                is_prep(a),
                PREPS.iter().any(|p| p.eq_ignore_ascii_case(a)),
                "{a:?}"
            );
        }
        for p in PREPS {
            assert!(is_prep(p) && is_prep(&p.to_uppercase()), "{p}");
        }
    }

    #[test]
    fn pronouns_are_found_by_their_first_letter_and_length() {
        for w in [
            "he", "He", "HIS", "her", "its", "It", "they", "Their", "them", "she",
        ] {
            assert!(may_be_pronoun(w.as_bytes()), "{w}");
        }
        for w in ["the", "to", "she's", "herself", "", "é", "hé", "s"] {
            let in_lists = [PERSON_PRONOUNS, THING_PRONOUNS, PLURAL_PRONOUNS]
                .iter()
                .any(|l| l.iter().any(|p| p.eq_ignore_ascii_case(w)));
            assert!(!in_lists);
            assert!(
                !may_be_pronoun(w.as_bytes()) || w.len() <= PRONOUN_MAX_LEN,
                "{w}"
            );
        }
        assert!(!may_be_pronoun(b"the") && !may_be_pronoun(b"to") && !may_be_pronoun(b""));
    }

    #[test]
    fn every_tie_starts_with_a_space_and_a_lower_case_letter() {
        // what the search for a tie compares first
        for spaced in TIES_SPACED.iter() {
            let b = spaced.as_bytes();
            assert!(b[0] == b' ' && b[1].is_ascii_lowercase(), "{spaced:?}");
        }
    }

    #[test]
    fn quotes_and_commas_are_found_by_bytes_as_by_characters() {
        for s in [
            "",
            " said",
            ", said",
            "\" said",
            "\u{201C}x",
            "x\u{201D}",
            "\u{201E}\u{2019}\u{2018}",
            "\u{2014} ",
        ] {
            assert_eq!(
                has_quote_or_comma(s),
                s.contains(['"', '\u{201C}', '\u{201D}', ',']),
                "{s:?}"
            );
        }
    }

    #[test]
    fn lower_casing_in_place_is_read_by_bytes_as_by_characters() {
        for s in [
            "",
            "The Spokesman said",
            "\u{201C}No,\u{201D} the \u{2014} x\u{2026}",
            "\u{2000}\u{203F}\u{2040}\u{206F}",
            "\u{2070}",
            "x\u{207F}",
            "\u{1FFF}",
            "\u{2100}",
            "Sergéi",
            "\u{E2}",
        ] {
            assert_eq!(
                lower_cases_in_place(s),
                s.chars()
                    .all(|c| c.is_ascii() || GENERAL_PUNCTUATION.contains(&c)),
                "{s:?}"
            );
        }
    }

    #[test]
    fn every_entourage_head_starts_with_a_space_then_a_listed_letter() {
        // what `entourage` asks before comparing heads
        for h in ENTOURAGE_HEADS {
            let first = h.as_bytes()[1];
            assert!(
                h.starts_with(' ') && ENTOURAGE_FIRST.contains(&first),
                "{h}"
            );
        }
    }

    #[test]
    fn find_lowered_is_find_in_a_lower_cased_copy() {
        for (hay, needle) in [
            ("The Spokesman said", "spokesman"),
            ("abc", ""),
            ("ab", "abc"),
            ("xSPOKESx", "spokes"),
            (
                "\u{201C}No,\u{201D} the SPOKESWOMAN \u{2014} said",
                "spokeswoman",
            ),
        ] {
            assert!(lower_cases_in_place(hay));
            assert_eq!(find_lowered(hay, needle), hay.to_lowercase().find(needle));
        }
        assert!(!lower_cases_in_place("Sergéi"));
    }
}
