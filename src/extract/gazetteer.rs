//! The actor gazetteer (seed-data/gazetteer/*.toml, format in FORMAT.md) and
//! its matcher: every name, alias and demonym indexed by its first word, with
//! the case and word-boundary rules the format prescribes.

// Looked up for many words of every article; never iterated, so the
// order-free fast hasher changes nothing but speed.
use rustc_hash::FxHashMap as HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::extract::error::ExtractError;
use crate::extract::text::{
    Word, WordSet, ascii_lower8, eight_at, first_word, is_boundary_after, word_key, words,
};

/// The kind of an actor, as in gold files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    Person,
    State,
    Organization,
    Group,
    #[default]
    Unknown,
}

impl ActorKind {
    /// The gold-file spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Person => "person",
            ActorKind::State => "state",
            ActorKind::Organization => "organization",
            ActorKind::Group => "group",
            ActorKind::Unknown => "unknown",
        }
    }
}

/// A time-bounded link to another actor: a spokesman of the presidency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GazetteerAffiliation {
    pub of: String,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
}

/// One actor of the gazetteer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GazetteerActor {
    pub key: String,
    pub name: String,
    pub kind: ActorKind,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub formal_name: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub demonyms: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, rename = "affiliation", alias = "affiliations")]
    pub affiliations: Vec<GazetteerAffiliation>,
}

#[derive(Deserialize)]
struct GazetteerFile {
    #[serde(default)]
    actor: Vec<GazetteerActor>,
}

/// How a pattern names its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameForm {
    /// The canonical name, formal name or an alias.
    Name,
    /// A state's adjective ("Russian"): names the state only inside a phrase.
    Demonym,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaseRule {
    /// All-capital aliases ("US", "NCSC") match only as written.
    Exact,
    /// Capitalised aliases match only with a capital first letter.
    Capital,
    /// Lower-case aliases match in any case.
    Any,
}

/// The case rules, one matcher each, in the order their hits are tried.
const CASE_RULES: [CaseRule; 3] = [CaseRule::Exact, CaseRule::Capital, CaseRule::Any];

#[derive(Debug, Clone)]
struct PatternInfo {
    actor: usize,
    form: NameForm,
    case: CaseRule,
    text: String,
}

/// A gazetteer hit in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GazetteerHit {
    pub start: usize,
    pub end: usize,
    pub actor: usize,
    pub form: NameForm,
}

/// The key of a name for exact look-up: lower case, one apostrophe, no
/// leading "the".
fn exact_key(name: &str) -> String {
    // one allocation in the usual case: asked for many words of an article
    let mut l = name.trim().to_lowercase();
    if l.contains('\u{2019}') {
        l = l.replace('\u{2019}', "'");
    }
    if l.starts_with("the ") {
        l.drain(..4);
    }
    l
}

/// The names under one case rule, by their first word. A name begins at a
/// word start with its whole first word ("Russian Federation" at
/// "Russian"), so a word that begins no name is passed over with one probe,
/// and the few names that begin with it are compared with the text
/// directly: the longest the text goes on with wins, the first listed among
/// equals (what an automaton anchored at the word finds, leftmost-longest).
#[derive(Debug, Clone)]
struct NameMatcher {
    case_sensitive: bool,
    /// Its names start with a capital (or a digit or non-ASCII letter), so
    /// lower-case word starts are skipped.
    upper_only: bool,
    first_words: WordSet,
    /// First-word key -> the names that begin with the word, longest first,
    /// then in list order.
    by_first_word: HashMap<u64, NamesUnder>,
}

/// The names filed under one first word, in the order they are tried.
#[derive(Debug, Clone)]
struct NamesUnder {
    names: Vec<FiledName>,
    /// For a crowded first word ("the" heads hundreds of names): the same
    /// names grouped by the bytes that follow the word, so the text's next
    /// bytes pick the few that may match instead of testing every one.
    by_next_bytes: Option<NextBytesIndex>,
}

/// A first word with more names than this gets a [`NextBytesIndex`].
const CROWDED: usize = 8;

/// Names grouped by [`FiledName::next_bytes`]: each group holds the places
/// in [`NamesUnder::names`] of the names with those bytes, ascending.
#[derive(Debug, Clone)]
struct NextBytesIndex {
    /// The distinct (where, how many) of the groups' bytes: the text is
    /// read once for each.
    spans: Vec<(usize, usize)>,
    groups: HashMap<(usize, usize, u64), Vec<usize>>,
}

/// A name as filed under its first word, with the bytes that follow the
/// word ready for a one-step test: a common first word ("the", "Russian")
/// heads dozens of names, and the bytes after it tell most apart before
/// the whole name is compared.
#[derive(Debug, Clone)]
struct FiledName {
    pattern: usize,
    /// Where those bytes begin in the name (the first word's length).
    after_at: usize,
    /// How many there are (up to eight; none for a one-word name).
    after_len: usize,
    /// Those bytes as a number, ASCII lower-cased unless the matcher is
    /// case-sensitive.
    after: u64,
}

impl FiledName {
    fn new(pattern: usize, name: &[u8], first_word_len: usize, case_sensitive: bool) -> Self {
        let after_len = name.len().saturating_sub(first_word_len).min(8);
        let after = eight_at(name, first_word_len, after_len).unwrap_or(0);
        FiledName {
            pattern,
            after_at: first_word_len,
            after_len,
            after: fold_case(after, case_sensitive),
        }
    }

    /// Whether the text at `start` goes on after the first word with this
    /// name's next bytes: true of every place the whole name matches.
    fn may_be_at(&self, text: &[u8], start: usize, case_sensitive: bool) -> bool {
        if self.after_len == 0 {
            return true;
        }
        // past the text's end, the whole name cannot match either
        text_after(text, start, self.after_at, self.after_len, case_sensitive)
            .is_some_and(|got| self.after == got)
    }

    /// What [`FiledName::may_be_at`] compares: where the bytes after the
    /// first word begin, how many there are, and their value.
    fn next_bytes(&self) -> (usize, usize, u64) {
        (self.after_at, self.after_len, self.after)
    }
}

/// The `len` bytes `at` bytes past `start`, as a name filed with them
/// holds them (see [`FiledName`]); none past the text's end.
fn text_after(
    text: &[u8],
    start: usize,
    at: usize,
    len: usize,
    case_sensitive: bool,
) -> Option<u64> {
    eight_at(text, start + at, len).map(|got| fold_case(got, case_sensitive))
}

impl NamesUnder {
    fn new(names: Vec<FiledName>) -> NamesUnder {
        let by_next_bytes = (names.len() > CROWDED).then(|| {
            let mut groups: HashMap<(usize, usize, u64), Vec<usize>> = HashMap::default();
            for (place, n) in names.iter().enumerate() {
                groups.entry(n.next_bytes()).or_default().push(place);
            }
            let mut spans: Vec<(usize, usize)> =
                groups.keys().map(|&(at, len, _)| (at, len)).collect();
            spans.sort_unstable();
            spans.dedup();
            NextBytesIndex { spans, groups }
        });
        NamesUnder {
            names,
            by_next_bytes,
        }
    }

    /// The first name, in order, that `fits` and whose next bytes the text
    /// at `start` goes on with: with the index, the first fitting name of
    /// each group whose bytes the text has (a name outside those groups
    /// fails [`FiledName::may_be_at`]), the earliest of them.
    fn first_at(
        &self,
        text: &[u8],
        start: usize,
        case_sensitive: bool,
        fits: impl Fn(&FiledName) -> bool,
    ) -> Option<&FiledName> {
        let Some(index) = &self.by_next_bytes else {
            return self
                .names
                .iter()
                .find(|n| n.may_be_at(text, start, case_sensitive) && fits(n));
        };
        index
            .spans
            .iter()
            .filter_map(|&(at, len)| {
                let got = if len == 0 {
                    0
                } else {
                    text_after(text, start, at, len, case_sensitive)?
                };
                let group = index.groups.get(&(at, len, got))?;
                group
                    .iter()
                    .copied()
                    .find(|&place| fits(&self.names[place]))
            })
            .min()
            .map(|place| &self.names[place])
    }
}

/// Packed bytes as a matcher compares them: ASCII lower-cased unless it is
/// case-sensitive.
fn fold_case(eight: u64, case_sensitive: bool) -> u64 {
    if case_sensitive {
        eight
    } else {
        ascii_lower8(eight)
    }
}

/// Every first word any matcher files names under.
fn union_of_first_words(matchers: &[NameMatcher]) -> WordSet {
    let mut all = WordSet::new();
    for m in matchers {
        all.add_all(&m.first_words);
    }
    all
}

impl NameMatcher {
    fn new(patterns: &[PatternInfo], rule: CaseRule) -> Option<NameMatcher> {
        let case_sensitive = rule == CaseRule::Exact;
        let mut first_words = WordSet::new();
        let mut filed: HashMap<u64, Vec<FiledName>> = HashMap::default();
        // a name that does not begin with a letter or digit never matches
        // at a word start
        for (i, p) in patterns.iter().enumerate().filter(|(_, p)| p.case == rule) {
            if let Some(word) = first_word(&p.text) {
                let key = word_key(word.as_bytes());
                first_words.insert(key);
                filed.entry(key).or_default().push(FiledName::new(
                    i,
                    p.text.as_bytes(),
                    word.len(),
                    case_sensitive,
                ));
            }
        }
        if filed.is_empty() {
            return None;
        }
        let by_first_word = filed
            .into_iter()
            .map(|(key, mut names)| {
                names.sort_by_key(|n| {
                    (std::cmp::Reverse(patterns[n.pattern].text.len()), n.pattern)
                });
                (key, NamesUnder::new(names))
            })
            .collect();
        Some(NameMatcher {
            case_sensitive,
            upper_only: rule != CaseRule::Any,
            first_words,
            by_first_word,
        })
    }

    /// The longest of its names that `text` goes on with at word `w`.
    fn longest_at(&self, patterns: &[PatternInfo], text: &[u8], w: &Word) -> Option<usize> {
        if !self.first_words.may_contain(w.key) {
            return None;
        }
        let rest = &text[w.start..];
        self.by_first_word
            .get(&w.key)?
            .first_at(text, w.start, self.case_sensitive, |n| {
                let name = patterns[n.pattern].text.as_bytes();
                rest.get(..name.len()).is_some_and(|t| {
                    if self.case_sensitive {
                        t == name
                    } else {
                        t.eq_ignore_ascii_case(name)
                    }
                })
            })
            .map(|n| n.pattern)
    }
}

/// The registry of known actors with its matcher.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    actors: Vec<GazetteerActor>,
    by_key: HashMap<String, usize>,
    /// One matcher per case rule: all-capital names case-sensitive ("US"
    /// never stops at "thus"), the rest ASCII-case-insensitive.
    matchers: Vec<NameMatcher>,
    /// The first words of every matcher's names: a word that begins no
    /// name at all is skipped once instead of once per case rule.
    first_words: WordSet,
    patterns: Vec<PatternInfo>,
    /// Lower-case name or alias -> the first actor with it, for exact look-ups.
    exact: HashMap<String, usize>,
    /// Lower-case last name -> people with it, for "May says" headlines.
    surnames: HashMap<String, Vec<usize>>,
}

impl Gazetteer {
    /// Every actor, in file order.
    pub fn actors(&self) -> &[GazetteerActor] {
        &self.actors
    }

    /// The actor with this key.
    pub fn get(&self, key: &str) -> Option<&GazetteerActor> {
        self.by_key.get(key).map(|&i| &self.actors[i])
    }

    /// The index of the actor with this key.
    pub fn index_of(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
    }

    /// The actor at an index returned by [`Gazetteer::find`].
    pub fn actor(&self, i: usize) -> &GazetteerActor {
        &self.actors[i]
    }

    /// Parses and merges gazetteer files given as (file name, TOML text).
    pub fn from_sources(files: &[(String, String)]) -> Result<Gazetteer, ExtractError> {
        let mut actors: Vec<GazetteerActor> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::default();
        let mut origin: Vec<String> = Vec::new();
        for (file, text) in files {
            let parsed: GazetteerFile =
                toml::from_str(text).map_err(|source| ExtractError::Toml {
                    file: file.clone(),
                    source,
                })?;
            for a in parsed.actor {
                if a.key.trim().is_empty() {
                    return Err(ExtractError::Actor {
                        file: file.clone(),
                        key: a.name.clone(),
                        message: "empty key".into(),
                    });
                }
                if a.name.trim().is_empty() {
                    return Err(ExtractError::Actor {
                        file: file.clone(),
                        key: a.key.clone(),
                        message: "empty name".into(),
                    });
                }
                if let Some(&i) = by_key.get(&a.key) {
                    return Err(ExtractError::DuplicateKey {
                        key: a.key.clone(),
                        first: origin[i].clone(),
                        second: file.clone(),
                    });
                }
                by_key.insert(a.key.clone(), actors.len());
                origin.push(file.clone());
                actors.push(a);
            }
        }
        for (i, a) in actors.iter().enumerate() {
            for af in &a.affiliations {
                if !by_key.contains_key(&af.of) {
                    return Err(ExtractError::Actor {
                        file: origin[i].clone(),
                        key: a.key.clone(),
                        message: format!("affiliation with unknown actor '{}'", af.of),
                    });
                }
            }
        }
        Self::build(actors, by_key)
    }

    fn build(
        actors: Vec<GazetteerActor>,
        by_key: HashMap<String, usize>,
    ) -> Result<Gazetteer, ExtractError> {
        let mut patterns: Vec<PatternInfo> = Vec::new();
        let mut seen: HashMap<(String, usize), ()> = HashMap::default();
        for (i, a) in actors.iter().enumerate() {
            let names = std::iter::once(&a.name)
                .chain(a.formal_name.iter())
                .chain(a.aliases.iter())
                .map(|n| (n, NameForm::Name))
                .chain(a.demonyms.iter().map(|d| (d, NameForm::Demonym)));
            for (raw, form) in names {
                let trimmed = raw.trim();
                // "the Kremlin" also matches "Kremlin": drop the article.
                let body = trimmed
                    .strip_prefix("the ")
                    .or_else(|| trimmed.strip_prefix("The "))
                    .unwrap_or(trimmed)
                    .trim();
                if body.chars().count() < 2 {
                    continue;
                }
                let case = if body.chars().any(|c| c.is_alphabetic())
                    && body
                        .chars()
                        .filter(|c| c.is_alphabetic())
                        .all(|c| c.is_uppercase())
                {
                    CaseRule::Exact
                } else if body.chars().next().is_some_and(char::is_uppercase) {
                    CaseRule::Capital
                } else {
                    CaseRule::Any
                };
                // Write both apostrophes so "Russia's" matches "Russia’s".
                let mut variants = vec![body.to_string()];
                if body.contains('\'') {
                    variants.push(body.replace('\'', "\u{2019}"));
                }
                if body.contains('\u{2019}') {
                    variants.push(body.replace('\u{2019}', "'"));
                }
                for v in variants {
                    if seen.insert((v.to_lowercase(), i), ()).is_some() {
                        continue;
                    }
                    patterns.push(PatternInfo {
                        actor: i,
                        form,
                        case,
                        text: v,
                    });
                }
            }
        }
        let matchers: Vec<NameMatcher> = CASE_RULES
            .into_iter()
            .filter_map(|rule| NameMatcher::new(&patterns, rule))
            .collect();
        let first_words = union_of_first_words(&matchers);
        let mut exact: HashMap<String, usize> = HashMap::default();
        for p in patterns.iter().filter(|p| p.form == NameForm::Name) {
            exact.entry(exact_key(&p.text)).or_insert(p.actor);
        }
        let mut surnames: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, a) in actors.iter().enumerate() {
            if a.kind == ActorKind::Person
                && let Some(last) = a.name.split_whitespace().next_back()
            {
                surnames.entry(last.to_lowercase()).or_default().push(i);
            }
        }
        Ok(Gazetteer {
            actors,
            by_key,
            matchers,
            first_words,
            patterns,
            exact,
            surnames,
        })
    }

    /// An empty gazetteer (for tests and for analysts starting from scratch).
    pub fn empty() -> Gazetteer {
        Gazetteer {
            actors: Vec::new(),
            by_key: HashMap::default(),
            matchers: Vec::new(),
            first_words: WordSet::new(),
            patterns: Vec::new(),
            exact: HashMap::default(),
            surnames: HashMap::default(),
        }
    }

    /// Every actor name in `text`, leftmost-longest, at word boundaries and
    /// under the case rules. When several actors share a name, the first
    /// listed wins (files list states before institutions and people).
    pub fn find(&self, text: &str) -> Vec<GazetteerHit> {
        self.find_in(text, &words(text))
    }

    /// [`Gazetteer::find`] with the words of `text` already split.
    pub(super) fn find_in(&self, text: &str, words: &[Word]) -> Vec<GazetteerHit> {
        // Leftmost-longest at word starts: names begin at word boundaries,
        // so nothing inside "Smithson" or "woman" is ever tried.
        let bytes = text.as_bytes();
        let mut cands: Vec<GazetteerHit> = Vec::new();
        // One pass over the words for all case rules: most words begin no
        // name under any rule and are passed over with one probe. A word's
        // hits come out in rule order, as they would rule by rule, so the
        // stable sort below keeps the same ties.
        let mut next_free = [0usize; CASE_RULES.len()];
        for w in words {
            if !self.first_words.may_contain(w.key) {
                continue;
            }
            let s = w.start;
            for (m, next_free) in self.matchers.iter().zip(next_free.iter_mut()) {
                if s < *next_free || (m.upper_only && bytes[s].is_ascii_lowercase()) {
                    continue;
                }
                let Some(i) = m.longest_at(&self.patterns, bytes, w) else {
                    continue;
                };
                let p = &self.patterns[i];
                let e = s + p.text.len();
                let ok = is_boundary_after(text, e)
                    && match p.case {
                        CaseRule::Exact | CaseRule::Any => true,
                        CaseRule::Capital => bytes[s].is_ascii_uppercase() || !bytes[s].is_ascii(),
                    };
                if ok {
                    cands.push(GazetteerHit {
                        start: s,
                        end: e,
                        actor: p.actor,
                        form: p.form,
                    });
                    *next_free = e;
                }
            }
        }
        // leftmost, then longest, then first-listed actor
        cands.sort_by(|a, b| {
            a.start
                .cmp(&b.start)
                .then(b.end.cmp(&a.end))
                .then(a.actor.cmp(&b.actor))
        });
        let mut out: Vec<GazetteerHit> = Vec::with_capacity(cands.len());
        let mut last_end = 0;
        for c in cands {
            if c.start >= last_end {
                last_end = c.end;
                out.push(c);
            }
        }
        out
    }

    /// The one person whose last name this is, if exactly one has it.
    pub fn person_by_surname(&self, surname: &str) -> Option<usize> {
        match self
            .surnames
            .get(&surname.to_lowercase())
            .map(Vec::as_slice)
        {
            Some([one]) => Some(*one),
            _ => None,
        }
    }

    /// The actor whose name or alias is exactly `name` (case ignored).
    pub fn lookup(&self, name: &str) -> Option<usize> {
        self.exact.get(&exact_key(name)).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaz() -> Gazetteer {
        let toml = r#"
[[actor]]
key = "rus"
name = "Russia"
kind = "state"
country = "RUS"
aliases = ["Moscow", "the Kremlin"]
demonyms = ["Russian"]

[[actor]]
key = "usa"
name = "United States"
kind = "state"
country = "USA"
aliases = ["US", "Washington"]
demonyms = ["American"]

[[actor]]
key = "peskov"
name = "Dmitry Peskov"
kind = "person"
country = "RUS"
aliases = ["Peskov"]

[[actor.affiliation]]
of = "rus"
role = "spokesman"
from = "2012-05-22"
"#;
        match Gazetteer::from_sources(&[("t.toml".into(), toml.into())]) {
            Ok(g) => g,
            Err(e) => panic!("test gazetteer: {e}"),
        }
    }

    #[test]
    fn the_longest_name_at_a_word_wins_and_the_first_listed_among_equals() {
        let toml = r#"
[[actor]]
key = "a"
name = "Foreign Ministry"
kind = "organization"
aliases = ["U.S."]

[[actor]]
key = "b"
name = "Foreign Ministry of Ruritania"
kind = "organization"

[[actor]]
key = "c"
name = "Other"
kind = "organization"
aliases = ["Foreign Ministry"]
"#;
        let g = Gazetteer::from_sources(&[("t.toml".into(), toml.into())]).expect("gazetteer");
        let text = "The Foreign Ministry of Ruritania, the Foreign Ministry, U.S. and U.Sx";
        let hits: Vec<(&str, &str)> = g
            .find(text)
            .iter()
            .map(|h| (&text[h.start..h.end], g.actors()[h.actor].key.as_str()))
            .collect();
        assert_eq!(
            hits,
            [
                ("Foreign Ministry of Ruritania", "b"),
                ("Foreign Ministry", "a"),
                ("U.S.", "a")
            ]
        );
    }

    #[test]
    fn an_alias_inside_a_longer_word_is_not_a_mention() {
        assert!(gaz().find("the Peskovs and Moscowian things").is_empty());
    }

    #[test]
    fn all_capital_aliases_match_only_as_written() {
        let g = gaz();
        assert_eq!(g.find("the US said").len(), 1);
        assert!(g.find("let us say").is_empty());
    }

    #[test]
    fn a_leading_the_in_an_alias_is_optional() {
        let hits = gaz().find("Kremlin spokesman Dmitry Peskov");
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[1].end - hits[1].start, "Dmitry Peskov".len());
    }

    #[test]
    fn curly_apostrophes_and_affiliations_are_read() {
        let g = gaz();
        assert_eq!(g.get("peskov").map(|a| a.affiliations.len()), Some(1));
        assert_eq!(g.find("Russian officials")[0].form, NameForm::Demonym);
    }

    #[test]
    fn an_affiliation_with_an_unknown_actor_is_an_error_naming_it() {
        let toml = "[[actor]]\nkey = \"x\"\nname = \"X\"\nkind = \"person\"\n[[actor.affiliation]]\nof = \"nope\"\n";
        let err = Gazetteer::from_sources(&[("f.toml".into(), toml.into())]);
        let msg = err.map(|_| String::new()).unwrap_or_else(|e| e.to_string());
        assert!(msg.contains("nope") && msg.contains("f.toml"), "{msg}");
    }

    #[test]
    fn the_next_bytes_index_picks_what_trying_every_name_picks() {
        // names under one crowded first word: shared prefixes, names ending
        // within the eight bytes after the word, a one-word name, and names
        // longer than the text
        let names = [
            "the",
            "the EU",
            "the E.U.",
            "the Kremlin",
            "the Kremlin Palace",
            "the Kreml",
            "the White House",
            "the White House press office",
            "the Whites",
            "the UN",
            "the UN Security Council",
            "the UNSC",
            "the Pentagon",
            "the Pentagon's",
        ];
        for case_sensitive in [false, true] {
            let filed: Vec<FiledName> = names
                .iter()
                .enumerate()
                .map(|(i, n)| FiledName::new(i, n.as_bytes(), 3, case_sensitive))
                .collect();
            let indexed = NamesUnder::new(filed.clone());
            let plain = NamesUnder {
                names: filed,
                by_next_bytes: None,
            };
            assert!(indexed.by_next_bytes.is_some());
            let texts = [
                "the Kremlin Palace said",
                "the Kremlin",
                "the kremlin palace",
                "THE WHITE HOUSE",
                "the White House press office",
                "the UN Security",
                "the UNSC.",
                "the E.U. and",
                "the EU",
                "the",
                "the Pentagon's view",
                "them",
                "the Kreml",
                "the Wh",
            ];
            for text in texts {
                // every name fits, or only the long ones: the first fitting
                // name is chosen, not merely the first with the right bytes
                for min_len in [0, 9] {
                    let fits = |n: &FiledName| {
                        let name = names[n.pattern].as_bytes();
                        name.len() >= min_len
                            && text.as_bytes().get(..name.len()).is_some_and(|t| {
                                if case_sensitive {
                                    t == name
                                } else {
                                    t.eq_ignore_ascii_case(name)
                                }
                            })
                    };
                    let got = indexed.first_at(text.as_bytes(), 0, case_sensitive, fits);
                    let want = plain.first_at(text.as_bytes(), 0, case_sensitive, fits);
                    assert_eq!(got.map(|n| n.pattern), want.map(|n| n.pattern), "{text}");
                }
            }
        }
    }
}
