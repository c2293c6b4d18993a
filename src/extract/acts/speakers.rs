//! Who speaks: the subject of a verb cue, read frame by frame, and the
//! speaker who governs a place in the sentence.

use super::{Ctx, is_and_or, starts_with_ci};
use crate::extract::doc::Mention;
use crate::extract::lexicon::{CueHit, Tag};
use crate::extract::mentions::{after_parenthetical, few_lowercase_words, is_prep, prev_word};

/// Whether the cue's word is a participle ("accusing", "citing").
fn is_ing(t: &str, c: &CueHit) -> bool {
    t.get(c.start..c.end).is_some_and(|w| w.ends_with("ing"))
}

/// The longest aside [`is_apposition_or_relative`] reads, in bytes.
const MAX_GAP_BYTES: usize = 400;

/// Whether `gap`, the text between a noun phrase and its verb, is an
/// apposition or a relative clause set off by commas or dashes, commas
/// inside it allowed: "Hindenburg Research, the firm which caught global
/// attention with takedowns of ... Motors, alleged", "Lopez Obrador, who
/// was the candidate of ..., or PRD, said", "Shahbaz Sharif -- brother of
/// ... Nawaz Sharif -- alleged". The noun phrase before it is the subject.
fn is_apposition_or_relative(gap: &str) -> bool {
    const OPENERS: [&str; 7] = [
        ", who ",
        ", which ",
        ", whose ",
        ", the ",
        ", a ",
        ", an ",
        ", one of ",
    ];
    const DASHES: [&str; 3] = [" -- ", " \u{2014} ", " \u{2013} "];
    const MAX_WORDS: usize = 40;
    // a dash opens it and the same dash closes it; a comma opener closes
    // at the last comma (the opening is read first: most gaps have none;
    // the caller passes no gap much longer than MAX_GAP_BYTES)
    let close = if let Some(d) = DASHES.iter().find(|d| gap.starts_with(**d)) {
        gap[d.len()..]
            .rfind(d.trim())
            .map(|i| d.len() + i + d.trim().len())
    } else if OPENERS.iter().any(|o| gap.starts_with(o)) {
        gap.rfind(',').filter(|&i| i > 0).map(|i| i + 1)
    } else {
        return false;
    };
    // (a gap longer than forty long words is no aside)
    if gap.len() > MAX_GAP_BYTES
        || gap.contains(['.', ';', ':', '"', '\u{201C}', '\u{201D}', '?', '!'])
        || gap.split_whitespace().count() > MAX_WORDS
    {
        return false;
    }
    // "Britain, the US, France, and others accused": a list, not an aside
    close.is_some_and(|c| {
        let rest = &gap[c..];
        few_lowercase_words(rest, 2) && !rest.split_whitespace().next().is_some_and(is_and_or)
    })
}

/// Whether mention `m` is governed by a preposition, an article perhaps
/// between ("against the Islamic Republic").
fn governed(t: &str, m: &Mention) -> bool {
    let prev = prev_word(t, m.start);
    m.prep
        || ["the", "a", "an"]
            .iter()
            .any(|a| prev.eq_ignore_ascii_case(a))
            && {
                let at = prev.as_ptr() as usize - t.as_ptr() as usize;
                is_prep(prev_word(t, at))
            }
}

impl Ctx<'_, '_> {
    /// The subject of a verb cue, with any joint subjects ("Raab and the
    /// NCSC"): from the first frame that names one, in this order: a
    /// participle after a comma, a verb joined to an earlier one, a passive
    /// with an agent, "according to X", an inverted attribution, a subject
    /// set off by a parenthetical, else the plain subject before the verb.
    pub(super) fn subject(&self, cue: &CueHit) -> (Option<usize>, Vec<usize>) {
        if let Some(m) = self.participle_subject(cue) {
            return (Some(m.actor), vec![]);
        }
        if let Some(first) = self.earlier_joined_verb(cue) {
            return self.subject(first);
        }
        // passive with an agent: "claimed by the NCSC", "was accused by X"
        if starts_with_ci(self.after(cue.end, 40), " by ")
            && let Some(m) = self.mention_after(cue.end + 4, 8)
        {
            return (Some(m.actor), vec![]);
        }
        // "quoting X", "according to X"
        if cue.tag == Tag::SpeechAfter {
            return (self.mention_after(cue.end, 12).map(|m| m.actor), vec![]);
        }
        if let Some(m) = self.inverted_subject(cue) {
            return (Some(m.actor), vec![]);
        }
        if let Some(m) = self.subject_before_parenthetical(cue) {
            return (Some(m.actor), vec![]);
        }
        if let Some(m) = self.with_subject(cue) {
            return (Some(m.actor), vec![]);
        }
        let Some(m) = self.plain_subject(cue) else {
            return (None, vec![]);
        };
        self.joint_subjects(cue, m)
    }

    /// ", mocking what it called ...", ", implicating China": a participle
    /// after a comma has the sentence's subject (", citing an SVR
    /// statement" names its speaker after it, so not for "according to"
    /// cues).
    fn participle_subject(&self, cue: &CueHit) -> Option<&Mention> {
        let t = self.text();
        if cue.tag != Tag::SpeechAfter
            && is_ing(t, cue)
            && t.get(self.doc.sentences[self.si].start..cue.start)
                .is_some_and(|b| b.trim().is_empty())
        {
            return self.subject_after_opening_participle(cue);
        }
        let before = t.get(..cue.start).unwrap_or("").trim_end();
        if !(before.ends_with(',') && cue.tag != Tag::SpeechAfter && is_ing(t, cue)) {
            return None;
        }
        self.ms
            .iter()
            .find(|m| !m.possessive && !m.prep && self.outside(m.start) && m.end <= cue.start)
    }

    /// "Accusing the French of overfishing, Canada yesterday said": a
    /// participle opening the sentence has the main clause's subject, the
    /// name right after one of the clause's commas with its verb close
    /// after it (at most three lower-case words between).
    fn subject_after_opening_participle(&self, cue: &CueHit) -> Option<&Mention> {
        // "Accusing Russia without evidence would be reckless, Johnson
        // said": a gerund subject has a verb of its own before the comma
        const FINITE: &[&str] = &[
            "is", "was", "are", "were", "would", "will", "could", "can", "may", "might", "should",
            "must", "has", "had", "have",
        ];
        // (the participle clause ends at one of its first few commas)
        const MAX_COMMAS: usize = 3;
        let t = self.text();
        let end = self.doc.sentences[self.si].end;
        let mut from = cue.end;
        for _ in 0..MAX_COMMAS {
            let Some(at) = t.get(from..end).and_then(|r| r.find(',')) else {
                break;
            };
            let comma = from + at + 1;
            let clause = t.get(cue.end..comma).unwrap_or("");
            if clause
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| FINITE.iter().any(|f| w.eq_ignore_ascii_case(f)))
            {
                return None;
            }
            if let Some(m) = self
                .mention_after(comma, 6)
                .filter(|m| !m.prep && !m.possessive && self.outside(m.start))
                && self.cues.iter().any(|v| {
                    matches!(v.tag, Tag::Speech | Tag::AccVerb | Tag::Response(_, _))
                        && v.start >= m.end
                        && v.start <= m.end + 40
                        && t.get(m.end..v.start)
                            .is_some_and(|g| few_lowercase_words(g, 3))
                })
            {
                return Some(m);
            }
            from = comma;
        }
        None
    }

    /// "accusing it of ... and condemning ...": a verb joined by "and" to an
    /// earlier verb of the same form shares its subject; the earlier verb.
    fn earlier_joined_verb(&self, cue: &CueHit) -> Option<&CueHit> {
        let t = self.text();
        let verb =
            |c: &CueHit| matches!(c.tag, Tag::Speech | Tag::AccVerb | Tag::Response(_, true));
        if !(verb(cue) && self.outside(cue.start) && is_and_or(prev_word(t, cue.start))) {
            return None;
        }
        self.cues.iter().rev().find(|c| {
            c.end < cue.start && verb(c) && is_ing(t, c) == is_ing(t, cue) && self.outside(c.start)
        })
    }

    /// Inverted: '..., said Kremlin spokesman Dmitry Peskov': after a comma
    /// or closing quotation mark (not a comma right after a mention), the
    /// mention right after the verb, with no "that" between. Only a speech
    /// verb inverts: in "He had, on Thursday, accused South Africa of" the
    /// name after the verb is its object.
    fn inverted_subject(&self, cue: &CueHit) -> Option<&Mention> {
        let t = self.text();
        let before = t.get(..cue.start).unwrap_or("").trim_end();
        // (", accusing Trump of": a participle's object, not its subject)
        if is_ing(t, cue) || !self.may_invert(cue, before) {
            return None;
        }
        let comma_after_mention = before.ends_with(',')
            && self
                .ms
                .iter()
                .any(|m| m.end + 3 >= before.len() && m.end <= before.len() && !m.quoted);
        if !before.ends_with([',', '"', '\u{201D}', '\u{2019}']) || comma_after_mention {
            return None;
        }
        self.mention_after(cue.end, 6)
            .filter(|m| !t.get(cue.end..m.start).is_some_and(|g| g.contains("that")))
    }

    /// Whether verb cue `cue`, with `before` the text before it, may have its
    /// subject after it: any verb right after a closing quotation mark
    /// ('"Nonsense," scoffed Zakharova'), and a speech verb after a comma
    /// unless the comma closes an aside after a subject or auxiliary ("He
    /// had, on Thursday, accused South Africa", "He had, on Thursday,
    /// warned Russia that").
    fn may_invert(&self, cue: &CueHit, before: &str) -> bool {
        const OPENS_ASIDE: &[&str] = &[
            "had", "has", "have", "was", "were", "is", "are", "will", "would", "could", "did",
            "also", "then", "he", "she", "they", "it", "we", "i",
        ];
        if before.ends_with(['"', '\u{201D}', '\u{2019}']) {
            return matches!(cue.tag, Tag::Speech | Tag::Response(_, _));
        }
        if cue.tag != Tag::Speech {
            return false;
        }
        let Some(head) = before.strip_suffix(',') else {
            return true;
        };
        // (the aside's opening comma is looked for within the sentence)
        let sentence_start = self.doc.sentences[self.si].start.min(head.len());
        let head = head.get(sentence_start..).unwrap_or(head);
        let opener = head.rfind(',').map_or(head, |i| &head[..i]);
        let w = prev_word(opener, opener.len());
        !OPENS_ASIDE.iter().any(|a| w.eq_ignore_ascii_case(a))
    }

    /// "The company, which is based in Texas, denied": a subject set off
    /// from its verb by a parenthetical is the mention before it, not one
    /// inside it.
    fn subject_before_parenthetical(&self, cue: &CueHit) -> Option<&Mention> {
        let t = self.text();
        let may_be_subject =
            |m: &&Mention| m.end < cue.start && !m.prep && !m.possessive && self.outside(m.start);
        // the outermost aside first: names inside it ("led by his Party of
        // the Democratic Revolution, or PRD,") are not the subject
        // "Iran is supplying Russia, a senior US official, who spoke on
        // condition of anonymity, said": a name with another before it in
        // the same clause is that one's object, not a subject
        let opens_clause = |m: &Mention| {
            let clause_start = t
                .get(..m.start)
                .and_then(|b| b.rfind([',', ';']))
                .map_or(0, |i| i + 1);
            !self
                .ms
                .iter()
                .any(|o| o.start >= clause_start && o.end <= m.start && !o.prep)
        };
        self.ms
            .iter()
            .filter(|m| m.end + MAX_GAP_BYTES >= cue.start && may_be_subject(m))
            .find(|m| {
                t.get(m.end..cue.start)
                    .is_some_and(is_apposition_or_relative)
                    && opens_clause(m)
            })
            .or_else(|| {
                self.ms.iter().rev().filter(may_be_subject).find(|m| {
                    after_parenthetical(t, m.end).is_some_and(|p| {
                        t.get(p..cue.start)
                            .is_some_and(|gap| few_lowercase_words(gap, 3))
                    })
                })
            })
    }

    /// The mentions before `at` that may be a subject, outside quotation and
    /// not possessive, in text order: read from the nearest back as far as
    /// each test needs (not gathered first: most tests stop at the nearest
    /// one or two).
    fn left_of(&self, at: usize) -> impl DoubleEndedIterator<Item = &Mention> {
        self.ms
            .iter()
            .filter(move |m| m.end <= at && self.outside(m.start) && !m.possessive)
    }

    /// "with Prime Minister Theresa May last year accusing it of": the
    /// actor after "with" is the participle's subject, when it is the
    /// nearest mention before the participle and only a few lower-case
    /// words come between.
    fn with_subject(&self, cue: &CueHit) -> Option<&Mention> {
        let t = self.text();
        let m = self.left_of(cue.start).next_back()?;
        (is_ing(t, cue)
            && prev_word(t, m.start).eq_ignore_ascii_case("with")
            && t.get(m.end..cue.start).is_some_and(|g| {
                g.split_whitespace().count() <= 3
                    && g.chars().all(|ch| ch.is_ascii_lowercase() || ch == ' ')
            }))
        .then_some(m)
    }

    /// The plain subject before verb cue `cue`: the head of an "of" phrase
    /// or a participle's noun right before it, else the nearest mention not after a preposition, else
    /// the nearest one, else an owner close before ("WADA's executive
    /// committee concluded").
    fn plain_subject(&self, cue: &CueHit) -> Option<&Mention> {
        let t = self.text();
        let nearest = self.left_of(cue.start).next_back();
        // "a team of investigators said": a noun after "of" right before the
        // verb heads the subject phrase
        // "media reports claiming that": a participle right after a noun
        // phrase has it as subject
        let adjacent =
            nearest.filter(|m| t.get(m.end..cue.start).is_some_and(|g| g.trim().is_empty()));
        let participle = is_ing(t, cue);
        let of_head = adjacent
            .filter(|m| participle || m.prep && prev_word(t, m.start).eq_ignore_ascii_case("of"));
        // "accusations against Iran, Kanaani said": a name right before the
        // verb that only follows a list's preposition is its subject
        let listed = adjacent.filter(|m| {
            m.prep
                && !is_prep(prev_word(t, m.start))
                && t.get(..m.start)
                    .is_some_and(|b| b.trim_end().ends_with(','))
        });
        let pick = of_head
            .or(listed)
            .or_else(|| self.left_of(cue.start).rev().find(|m| !m.prep))
            .or(nearest);
        // "WADA's executive committee concluded": the owner speaks
        pick.or_else(|| {
            self.ms.iter().rev().find(|m| {
                m.end <= cue.start
                    && self.outside(m.start)
                    && m.possessive
                    && cue.start - m.end <= 30
            })
        })
    }

    /// Subject `m` of verb cue `cue` with the subjects joined to it by "and"
    /// or ",": the leftmost subject first, the others in their order in the
    /// text.
    fn joint_subjects(&self, cue: &CueHit, m: &Mention) -> (Option<usize>, Vec<usize>) {
        let t = self.text();
        // (the walk goes leftwards, so the subjects joined are nearest first)
        let mut joined: Vec<usize> = Vec::new();
        let mut cur = m;
        for prev in self.left_of(cue.start).rev() {
            if prev.end > cur.start {
                continue;
            }
            let gap = t.get(prev.end..cur.start).unwrap_or("x");
            // "the National Cyber Security Centre (NCSC)": an acronym in
            // brackets is the same subject, the walk goes on from its name
            if prev.actor == cur.actor && gap.trim() == "(" {
                cur = prev;
                continue;
            }
            // "accusations against Iran, Kanaani said": a name governed by a
            // preposition ends no list of subjects
            if matches!(gap.trim(), "and" | "," | ", and") && !governed(t, prev) {
                joined.push(prev.actor);
                cur = prev;
            } else {
                break;
            }
        }
        let Some((&first, nearer)) = joined.split_last() else {
            return (Some(m.actor), vec![]);
        };
        let mut rest: Vec<usize> = nearer.iter().rev().copied().chain([m.actor]).collect();
        rest.dedup();
        rest.retain(|&a| a != first);
        (Some(first), rest)
    }

    /// Whether the quotation `start..end` is a fragment of the narrator's
    /// sentence: at most [`MAX_FRAGMENT_WORDS`] words, with narration
    /// before it in the same sentence.
    pub(super) fn is_quoted_fragment(&self, start: usize, end: usize) -> bool {
        const MAX_FRAGMENT_WORDS: usize = 6;
        let sentence = &self.doc.sentences[self.si];
        let t = self.text();
        // (words counted only as far as the test needs: a quotation may
        // be long, and this is asked of each cue in it)
        start > sentence.start
            && t.get(sentence.start..start)
                .is_some_and(|b| b.split_whitespace().take(2).count() == 2)
            && t.get(start..end).is_some_and(|q| {
                q.split_whitespace().take(MAX_FRAGMENT_WORDS + 1).count() <= MAX_FRAGMENT_WORDS
            })
    }

    /// The governing speaker of a cue at `pos`: quotation, transcript,
    /// sentence-final attribution, the verb to its left, "according to".
    pub(super) fn speaker_at(
        &self,
        pos: usize,
    ) -> (Option<usize>, Vec<usize>, Option<usize>, &'static str) {
        // a few words quoted inside narration with no speaker of their own
        // ('Korovin "categorically denies" taking it') are the sentence's
        // subject's: its frames are read as for an unquoted cue
        if let Some(q) = self.doc.quote_at(pos)
            && (q.speaker.is_some() || !self.is_quoted_fragment(q.start, q.end))
        {
            return (q.speaker, vec![], q.attribution, "quote");
        }
        if let Some(n) = self.narrator() {
            return (Some(n), vec![], None, "transcript");
        }
        let anchors = &self.anchors;
        if let Some(c) = anchors.iter().find(|c| c.tag == Tag::SpeechAfter) {
            let (s, co) = self.subject(c);
            if s.is_some() {
                return (s, co, None, "according_to");
            }
        }
        // a speech verb after the cue with its subject after a comma:
        // "Russia does not interfere ..., Kremlin spokesman Dmitry Peskov said"
        for c in anchors.iter().filter(|c| c.start > pos) {
            let (s, co) = self.subject(c);
            if let Some(sp) = s
                && let Some(m) = self
                    .ms
                    .iter()
                    .find(|m| m.actor == sp && m.start > pos && m.end <= c.start + 60)
            {
                let t = self.text();
                let before = t.get(..m.start).unwrap_or("").trim_end();
                // "..., says Russia": the verb right before its subject,
                // a comma before the verb
                let inverted = t
                    .get(c.end..m.start)
                    .is_some_and(|g| matches!(g.trim(), "" | "the"))
                    && t.get(..c.start)
                        .is_some_and(|b| b.trim_end().ends_with(','));
                if before.ends_with([',', '\u{2014}', '-'])
                    || before.ends_with(" said")
                    || before.ends_with(" told")
                    || inverted
                {
                    return (s, co, None, "final_attribution");
                }
            }
        }
        // the nearest speech verb before the cue, skipping words that may be
        // nouns ("Lavrov said that US claims ... are baseless" is Lavrov's)
        let noun_like = |c: &CueHit| {
            self.cues
                .iter()
                .any(|n| n.tag == Tag::AccNoun && n.start == c.start && n.end == c.end)
        };
        let nearest = anchors.iter().rev().find(|c| c.end <= pos && !noun_like(c));
        if let Some(c) = nearest.or_else(|| anchors.iter().rev().find(|c| c.end <= pos)) {
            let (s, co) = self.subject(c);
            if s.is_some() {
                return (s, co, None, "speech_verb");
            }
        }
        (None, vec![], None, "none")
    }
}
