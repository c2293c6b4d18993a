//! The weights file: UTF-8 text, one record a line, fields separated by
//! tabs (a treebank word never holds a tab; shown as `⇥` below), in
//! sections each opened by a line "NAME COUNT":
//!
//! ```text
//! riposte-tagger 1                  format name and version
//! # ...                             comment lines (between header and tags)
//! tags 68                           the classes, in order (XPOS:UPOS)
//! NN:NOUN
//! ...
//! tagdict 569                       word (exact form) ⇥ class number
//! the⇥2
//! ...
//! ambiguity 5994                    lowercased word ⇥ the classes training
//! denied⇥VBD:VERB|VBN:VERB          saw it with (numbers folded: !YEAR, !DIGITS)
//! ...
//! lemmas 1627                       lowercased form ⇥ XPOS ⇥ lemma,
//! was⇥VBD⇥be                        where the suffix rules get it wrong
//! ...
//! features 128120                   template ⇥ value(s) ⇥ class:weight ...
//! w⇥denied⇥15:3.21 14:-1.7
//! t12⇥-START-⇥DT:DET⇥4:0.51
//! ...
//! ```
//!
//! Weights are averaged perceptron weights rounded to three decimals; the
//! class numbers index the `tags` section, which must match the tagger's
//! classes; the templates are those of `features::TEMPLATES`. Sections are
//! sorted, so the same model is always the same file.

use std::fmt::Write as _;
use std::path::Path;

use rustc_hash::FxHashMap;

use super::features::{Ambiguity, hash_str, text_hash};
use super::{N_TAGS, Pos, TAG_NAMES, Tagger, TaggerError};

/// The first line of a weights file.
pub const HEADER: &str = "riposte-tagger 1";

impl Tagger {
    /// Reads a weights file.
    pub fn from_file(path: &Path) -> Result<Tagger, TaggerError> {
        let text = std::fs::read_to_string(path).map_err(|source| TaggerError::Io {
            path: path.to_owned(),
            source,
        })?;
        Tagger::from_text(&text, &path.display().to_string())
    }

    /// Parses the text of a weights file; `file` names it in errors.
    pub fn from_text(text: &str, file: &str) -> Result<Tagger, TaggerError> {
        let first_record = text
            .lines()
            .enumerate()
            .skip(1)
            .find(|(_, l)| !l.starts_with('#'))
            .map_or(usize::MAX, |(i, _)| i + 1);
        let mut cur = Cursor {
            lines: text
                .lines()
                .enumerate()
                .map(|(i, l)| (i + 1, l))
                // comments: the lines between the header and the tags
                // section that begin with '#' (a word may begin with '#')
                .filter(|&(i, l)| !(i > 1 && i < first_record && l.starts_with('#')))
                .collect(),
            at: 0,
            file,
        };
        let err = |line: usize, message: String| cur_err(file, line, message);

        let (n, header) = cur.next("the header")?;
        if header != HEADER {
            return Err(err(n, format!("expected \"{HEADER}\", found {header:?}")));
        }

        let n_tags = cur.section("tags")?;
        if n_tags != N_TAGS {
            return Err(err(0, format!("{n_tags} tags, the tagger has {N_TAGS}")));
        }
        for expected in TAG_NAMES {
            let (n, line) = cur.next("a tag")?;
            if line != expected {
                return Err(err(n, format!("tag {line:?}, expected {expected:?}")));
            }
        }

        let class = |n: usize, s: &str| {
            s.parse::<usize>()
                .ok()
                .and_then(Pos::from_index)
                .ok_or_else(|| err(n, format!("bad class number {s:?}")))
        };

        let mut tagger = Tagger::default();
        let n_dict = cur.section("tagdict")?;
        for _ in 0..n_dict {
            let (n, line) = cur.next("a tagdict entry")?;
            let (word, pos) = line
                .split_once('\t')
                .ok_or_else(|| err(n, "expected WORD TAB CLASS".to_owned()))?;
            let pos = class(n, pos)?;
            tagger.tagdict.insert(hash_str(word), pos);
            tagger.tagdict_words.push((word.into(), pos));
        }

        let n_ambiguity = cur.section("ambiguity")?;
        for _ in 0..n_ambiguity {
            let (n, line) = cur.next("an ambiguity entry")?;
            let (word, classes) = line
                .split_once('\t')
                .ok_or_else(|| err(n, "expected WORD TAB CLASSES".to_owned()))?;
            tagger.ambiguity.insert(word, classes);
        }

        let n_lemmas = cur.section("lemmas")?;
        for _ in 0..n_lemmas {
            let (n, line) = cur.next("a lemma entry")?;
            let mut fields = line.split('\t');
            let (Some(form), Some(xpos), Some(lemma), None) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                return Err(err(n, "expected FORM TAB XPOS TAB LEMMA".to_owned()));
            };
            let xpos = Pos::from_xpos(xpos)
                .ok_or_else(|| err(n, format!("unknown XPOS {xpos:?}")))?
                .as_str();
            tagger
                .lemmas
                .entry(form.into())
                .or_default()
                .push((xpos, lemma.into()));
        }

        let n_features = cur.section("features")?;
        tagger.features.reserve(n_features);
        tagger.offsets.reserve(n_features + 1);
        tagger.offsets.push(0);
        for row in 0..n_features {
            let (n, line) = cur.next("a feature")?;
            let (feature, weights) = line
                .rsplit_once('\t')
                .ok_or_else(|| err(n, "expected FEATURE TAB WEIGHTS".to_owned()))?;
            let id = text_hash(feature).ok_or_else(|| {
                err(
                    n,
                    format!("unknown template or wrong values in {feature:?}"),
                )
            })?;
            for entry in weights.split(' ') {
                let (c, w) = entry
                    .split_once(':')
                    .ok_or_else(|| err(n, format!("expected CLASS:WEIGHT, found {entry:?}")))?;
                let w: f32 = w.parse().map_err(|_| err(n, format!("bad weight {w:?}")))?;
                tagger.classes.push(class(n, c)?.index() as u8);
                tagger.weights.push(w);
            }
            tagger.offsets.push(tagger.weights.len() as u32);
            if tagger.features.insert(id, row as u32).is_some() {
                return Err(err(
                    n,
                    format!("feature {feature:?} has the id of an earlier one"),
                ));
            }
            tagger.feature_names.push(feature.into());
        }
        if let Some((n, line)) = cur.next("").ok().filter(|(_, l)| !l.is_empty()) {
            return Err(err(
                n,
                format!("unexpected line after the features: {line:?}"),
            ));
        }
        Ok(tagger)
    }

    /// The weights file text, with `comments` (one per line) after the header.
    pub fn to_text(&self, comments: &[String]) -> String {
        let mut out = String::with_capacity(self.weights.len() * 8);
        out.push_str(HEADER);
        out.push('\n');
        for comment in comments {
            let _ = writeln!(out, "# {comment}");
        }
        let _ = writeln!(out, "tags {N_TAGS}");
        for name in TAG_NAMES {
            let _ = writeln!(out, "{name}");
        }

        let mut dict: Vec<(&str, Pos)> =
            self.tagdict_words.iter().map(|(w, p)| (&**w, *p)).collect();
        dict.sort();
        let _ = writeln!(out, "tagdict {}", dict.len());
        for (word, pos) in dict {
            let _ = writeln!(out, "{word}\t{}", pos.index());
        }

        let ambiguity = self.ambiguity.entries();
        let _ = writeln!(out, "ambiguity {}", ambiguity.len());
        for (word, classes) in ambiguity {
            let _ = writeln!(out, "{word}\t{classes}");
        }

        let mut lemmas: Vec<(&str, &str, &str)> = self
            .lemmas
            .iter()
            .flat_map(|(form, entries)| entries.iter().map(move |(x, l)| (&**form, *x, &**l)))
            .collect();
        lemmas.sort();
        let _ = writeln!(out, "lemmas {}", lemmas.len());
        for (form, xpos, lemma) in lemmas {
            let _ = writeln!(out, "{form}\t{xpos}\t{lemma}");
        }

        let mut features: Vec<(&str, u32)> = self
            .feature_names
            .iter()
            .enumerate()
            .map(|(row, f)| (&**f, row as u32))
            .collect();
        features.sort();
        let _ = writeln!(out, "features {}", features.len());
        for (feature, row) in features {
            out.push_str(feature);
            out.push('\t');
            let range =
                self.offsets[row as usize] as usize..self.offsets[row as usize + 1] as usize;
            for (k, j) in range.enumerate() {
                if k > 0 {
                    out.push(' ');
                }
                let _ = write!(out, "{}:", self.classes[j]);
                push_weight(&mut out, self.weights[j]);
            }
            out.push('\n');
        }
        out
    }

    /// Writes the weights file.
    pub fn write_file(&self, path: &Path, comments: &[String]) -> Result<(), TaggerError> {
        let io = |source| TaggerError::Io {
            path: path.to_owned(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        std::fs::write(path, self.to_text(comments)).map_err(io)
    }

    /// Builds a tagger from its parts: per feature, its (class, weight)
    /// entries (zero weights dropped).
    pub(super) fn from_parts(
        rows: Vec<(String, Vec<(Pos, f32)>)>,
        tagdict: Vec<(Box<str>, Pos)>,
        ambiguity: Ambiguity,
        lemmas: FxHashMap<Box<str>, Vec<(&'static str, Box<str>)>>,
    ) -> Tagger {
        let mut tagger = Tagger {
            tagdict: tagdict.iter().map(|(w, p)| (hash_str(w), *p)).collect(),
            tagdict_words: tagdict,
            ambiguity,
            lemmas,
            ..Tagger::default()
        };
        tagger.offsets.push(0);
        for (feature, entries) in rows {
            let entries: Vec<_> = entries.into_iter().filter(|&(_, w)| w != 0.0).collect();
            if entries.is_empty() {
                continue;
            }
            let row = tagger.feature_names.len() as u32;
            for (pos, w) in entries {
                tagger.classes.push(pos.index() as u8);
                tagger.weights.push(w);
            }
            tagger.offsets.push(tagger.weights.len() as u32);
            let id = text_hash(&feature).expect("a feature's text gives its id");
            tagger.features.insert(id, row);
            tagger.feature_names.push(feature.into_boxed_str());
        }
        tagger
    }
}

fn cur_err(file: &str, line: usize, message: String) -> TaggerError {
    TaggerError::Model {
        file: file.to_owned(),
        line,
        message,
    }
}

/// The lines of a weights file being read (comments left out).
struct Cursor<'a> {
    lines: Vec<(usize, &'a str)>,
    at: usize,
    file: &'a str,
}

impl<'a> Cursor<'a> {
    fn next(&mut self, what: &str) -> Result<(usize, &'a str), TaggerError> {
        let line = self.lines.get(self.at).copied().ok_or_else(|| {
            let last = self.lines.last().map_or(0, |l| l.0);
            cur_err(self.file, last, format!("the file ends before {what}"))
        })?;
        self.at += 1;
        Ok(line)
    }

    /// A section's opening line, "NAME COUNT": the count.
    fn section(&mut self, name: &str) -> Result<usize, TaggerError> {
        let (n, line) = self.next(name)?;
        line.strip_prefix(name)
            .and_then(|rest| rest.strip_prefix(' '))
            .and_then(|count| count.parse().ok())
            .ok_or_else(|| {
                cur_err(
                    self.file,
                    n,
                    format!("expected \"{name} COUNT\", found {line:?}"),
                )
            })
    }
}

/// A weight with at most three decimals and no trailing zeros: "1.5", "-0.25", "3".
fn push_weight(out: &mut String, w: f32) {
    let start = out.len();
    let _ = write!(out, "{w:.3}");
    if out[start..].contains('.') {
        while out.ends_with('0') {
            out.pop();
        }
        if out.ends_with('.') {
            out.pop();
        }
    }
    if &out[start..] == "-0" {
        out.truncate(start);
        out.push('0');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small_tagger() -> Tagger {
        let nn = Pos::from_xpos("NN").unwrap();
        let vbd = Pos::from_xpos("VBD").unwrap();
        let tagdict = vec![("the".into(), Pos::from_xpos("DT").unwrap())];
        let mut lemmas: FxHashMap<Box<str>, Vec<(&'static str, Box<str>)>> = FxHashMap::default();
        lemmas.insert("was".into(), vec![("VBD", "be".into())]);
        Tagger::from_parts(
            vec![
                ("b".to_owned(), vec![(nn, 1.25), (vbd, -0.5)]),
                ("w\tdenied".to_owned(), vec![(vbd, 3.0)]),
                ("w\tnothing".to_owned(), vec![(nn, 0.0)]),
            ],
            tagdict,
            Ambiguity::default(),
            lemmas,
        )
    }

    #[test]
    fn a_tagger_written_and_read_back_writes_the_same_file() {
        let tagger = small_tagger();
        let text = tagger.to_text(&["a comment".to_owned()]);

        let back = Tagger::from_text(&text, "test").unwrap();

        assert_eq!(back.to_text(&["a comment".to_owned()]), text);
        assert_eq!(back.n_features(), 2);
        assert!(text.contains("\nb\t0:1.25 15:-0.5\n"), "{text}");
        assert!(text.contains("\nw\tdenied\t15:3\n"), "{text}");
    }

    #[test]
    fn a_malformed_weights_file_is_reported_with_its_line() {
        let text = small_tagger().to_text(&[]);
        let broken = text.replace("15:3", "15:x");

        let err = Tagger::from_text(&broken, "w.tagger")
            .unwrap_err()
            .to_string();

        let line = broken.lines().position(|l| l.contains("15:x")).unwrap() + 1;
        assert!(err.starts_with(&format!("w.tagger:{line}: ")), "{err}");
        assert!(err.contains("bad weight"), "{err}");
    }

    #[test]
    fn a_word_that_begins_with_a_hash_is_not_a_comment() {
        let mut tagger = small_tagger();
        tagger
            .tagdict_words
            .push(("#".into(), Pos::from_xpos("NN").unwrap()));
        let text = tagger.to_text(&[]);

        let back = Tagger::from_text(&text, "t").unwrap();

        assert_eq!(back.to_text(&[]), text);
    }

    #[test]
    fn a_file_of_another_format_is_refused() {
        let err = Tagger::from_text("hello\n", "x").unwrap_err().to_string();

        assert!(err.contains("x:1:"), "{err}");
    }
}
