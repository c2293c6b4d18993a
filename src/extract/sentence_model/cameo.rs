//! The CAMEO verb dictionary of PETRARCH2 (`seed-data/cameo/`), read as an
//! index from a verb form to its CAMEO codes, and from a verb to the objects
//! that change its code ("dismiss * accusation" is 016, deny).
//!
//! The file's blocks open with `---  NAME   [CODE]  ---`; synonym lines
//! follow (`CHARGE`, `ACCUSE [112]`, `SWEAR {SWEARS SWORE SWORN}`), then
//! pattern lines (`- * ACCUSATION   [016]   # DISMISS`). Multi-word verbs
//! (`+BRING_OUT`) and patterns with a subject side are left out: the index
//! serves single words and "verb ... object" pairs.

use rustc_hash::FxHashMap;

/// A CAMEO code cut to its family of three digits ("1122" is "112").
pub(crate) type Code = [u8; 3];

/// One verb of the dictionary: its code, and its object patterns (first
/// object word, code).
#[derive(Debug, Clone, Default)]
struct Verb {
    code: Option<Code>,
    objects: Vec<(String, Code)>,
}

/// The dictionary's verb forms and verb-object patterns.
#[derive(Debug, Clone, Default)]
pub(crate) struct CameoVerbs {
    /// Lower-case verb form -> the verbs (bases) it is a form of.
    forms: FxHashMap<String, Vec<u32>>,
    bases: Vec<Verb>,
}

fn code_of(s: &str) -> Option<Code> {
    let inner = s.split_once('[')?.1.split_once(']')?.0;
    let b = inner.as_bytes();
    (b.len() >= 3 && b[..3].iter().all(u8::is_ascii_digit)).then(|| [b[0], b[1], b[2]])
}

/// The regular forms PETRARCH generates for a verb without listed ones.
fn regular_forms(base: &str) -> Vec<String> {
    let mut out = vec![base.to_string()];
    let stem_e = base.strip_suffix('e');
    let ends_y_consonant = base.len() > 2
        && base.ends_with('y')
        && !matches!(base.as_bytes()[base.len() - 2], b'a' | b'e' | b'o' | b'u');
    if ends_y_consonant {
        let s = &base[..base.len() - 1];
        out.push(format!("{s}ies"));
        out.push(format!("{s}ied"));
    } else if ["s", "sh", "ch", "x", "z"]
        .iter()
        .any(|e| base.ends_with(e))
    {
        out.push(format!("{base}es"));
        out.push(format!("{base}ed"));
    } else {
        out.push(format!("{base}s"));
        out.push(match stem_e {
            Some(_) => format!("{base}d"),
            None => format!("{base}ed"),
        });
    }
    out.push(match stem_e {
        Some(s) if !base.ends_with("ee") => format!("{s}ing"),
        _ => format!("{base}ing"),
    });
    out
}

impl CameoVerbs {
    /// Reads the dictionary text. Lines it does not understand are skipped:
    /// the file is hand-written and the index needs only its common shapes.
    pub(crate) fn parse(text: &str) -> CameoVerbs {
        let mut index = CameoVerbs::default();
        let mut block_code: Option<Code> = None;
        // base name (upper case, as pattern comments name it) -> base id
        let mut by_name: FxHashMap<String, u32> = FxHashMap::default();
        for line in text.lines() {
            let line = line.trim_end();
            if line.starts_with("---") {
                block_code = code_of(line);
                by_name.clear();
                continue;
            }
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(pattern) = line.strip_prefix("- ") {
                index.add_pattern(pattern, &by_name);
                continue;
            }
            let body = line.split('#').next().unwrap_or("");
            let name = body.split_whitespace().next().unwrap_or("");
            if name.is_empty()
                || !name.bytes().all(|b| b.is_ascii_uppercase() || b == b'-')
                || name.starts_with('-')
            {
                continue;
            }
            let code = code_of(body).or(block_code);
            let id = index.bases.len() as u32;
            index.bases.push(Verb {
                code,
                objects: Vec::new(),
            });
            by_name.insert(name.to_string(), id);
            let lower = name.to_ascii_lowercase();
            let forms = match body.split_once('{') {
                Some((_, listed)) => {
                    let listed = listed.split('}').next().unwrap_or("");
                    std::iter::once(lower)
                        .chain(
                            listed
                                .split_whitespace()
                                .filter(|f| f.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-'))
                                .map(str::to_ascii_lowercase),
                        )
                        .collect()
                }
                None => regular_forms(&lower),
            };
            for f in forms {
                let ids = index.forms.entry(f).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        index
    }

    fn add_pattern(&mut self, pattern: &str, by_name: &FxHashMap<String, u32>) {
        let Some(code) = code_of(pattern) else { return };
        let Some(verb) = pattern.split('#').nth(1).map(str::trim) else {
            return;
        };
        let Some(&id) = by_name.get(verb) else { return };
        let body = pattern.split('[').next().unwrap_or("");
        // only "verb * object" patterns: nothing before the verb's place
        let Some(object) = body.trim_start().strip_prefix('*') else {
            return;
        };
        let first = object
            .split(|c: char| c.is_whitespace() || "{}()".contains(c))
            .find(|w| !w.is_empty());
        let Some(word) = first.filter(|w| w.bytes().all(|b| b.is_ascii_uppercase())) else {
            return;
        };
        self.bases[id as usize]
            .objects
            .push((word.to_ascii_lowercase(), code));
    }

    /// The codes of a (lower-case) word used as a verb.
    pub(crate) fn codes(&self, word: &str) -> impl Iterator<Item = Code> + '_ {
        self.forms
            .get(word)
            .into_iter()
            .flatten()
            .filter_map(|&id| self.bases[id as usize].code)
    }

    /// The codes of the patterns of `verb` whose object word is among `later`
    /// (the sentence's lower-case words after the verb).
    pub(crate) fn pattern_codes<'a>(
        &'a self,
        verb: &str,
        later: &'a [&'a str],
    ) -> impl Iterator<Item = Code> + 'a {
        self.forms
            .get(verb)
            .into_iter()
            .flatten()
            .flat_map(|&id| self.bases[id as usize].objects.iter())
            .filter(|(object, _)| {
                later
                    .iter()
                    .any(|w| *w == object || w.strip_suffix('s') == Some(object.as_str()))
            })
            .map(|(_, code)| *code)
    }

    /// How many verb forms the index holds.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.forms.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
---  BLAME   [112]  ---
ACCUSE [112] 
CHARGE 
CONDEMN [111] 
SWEAR {SWEARS SWORE SWORN}
- * {HUMAN RIGHTS ABUSE}   [1122]   # CHARGE

---  DESPATCH   [---]  ---
DISMISS [110] 
- * ACCUSATION      [016]         # DISMISS
- SYMBOLICALLY *    [---]         # DISMISS
";

    fn codes(c: &CameoVerbs, w: &str) -> Vec<String> {
        c.codes(w)
            .map(|k| String::from_utf8_lossy(&k).into_owned())
            .collect()
    }

    #[test]
    fn a_synonym_takes_its_own_code_or_its_blocks() {
        let c = CameoVerbs::parse(SAMPLE);
        assert_eq!(codes(&c, "accused"), ["112"]);
        assert_eq!(codes(&c, "charges"), ["112"]);
        assert_eq!(codes(&c, "condemning"), ["111"]);
        assert_eq!(codes(&c, "dismissed"), ["110"]);
    }

    #[test]
    fn listed_forms_replace_the_regular_ones() {
        let c = CameoVerbs::parse(SAMPLE);
        assert_eq!(codes(&c, "swore"), ["112"]);
        assert!(codes(&c, "sweared").is_empty());
    }

    #[test]
    fn an_object_pattern_gives_its_code_when_the_object_follows() {
        let c = CameoVerbs::parse(SAMPLE);
        let later = ["the", "accusations"];
        let got: Vec<Code> = c.pattern_codes("dismissed", &later).collect();
        assert_eq!(got, [*b"016"]);
        assert_eq!(c.pattern_codes("dismissed", &["him"]).count(), 0);
        assert_eq!(c.pattern_codes("charged", &["human"]).count(), 1);
    }

    #[test]
    fn regular_forms_follow_english_spelling() {
        assert_eq!(
            regular_forms("deny"),
            ["deny", "denies", "denied", "denying"]
        );
        assert_eq!(
            regular_forms("accuse"),
            ["accuse", "accuses", "accused", "accusing"]
        );
        assert_eq!(
            regular_forms("dismiss"),
            ["dismiss", "dismisses", "dismissed", "dismissing"]
        );
    }

    #[test]
    fn the_shipped_dictionary_knows_the_verbs_of_accusing_and_denying() {
        let c = CameoVerbs::parse(include_str!("../../../seed-data/cameo/CAMEO.2.0.txt"));
        assert!(c.len() > 5_000, "{} forms", c.len());
        assert!(codes(&c, "accused").iter().any(|k| k == "112"));
        // (DENY sits in an uncoded block; REFUTE is coded 016, deny)
        assert!(codes(&c, "refuted").iter().any(|k| k == "016"));
        assert!(codes(&c, "threatened").iter().any(|k| k.starts_with("13")));
    }
}
