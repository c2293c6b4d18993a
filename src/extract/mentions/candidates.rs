//! The candidate mentions of one sentence, each found by one reading of its
//! words: gazetteer names, titled people ("Foreign Ministry spokesman Hong
//! Lei"), named people and surnames, people addressed as "Mr"/"Ms",
//! organisations, groups and unnamed state organs, unnamed speakers and
//! pronouns. Candidates may overlap; [`super::select`] keeps the best of
//! each overlap and [`super::resolve`] turns them into actors.

use super::{
    Cand, ENTOURAGE, ENTOURAGE_OWNER_KEYS, GROUP_GAP_STOP, MONTH_SURNAMES, ORG_LIKE,
    PERSON_PRONOUN_KEYS, PLURAL_PRONOUN_KEYS, POSSESSIVE_PRONOUN_KEYS, PRONOUN_MAX_LEN, Pron,
    STATE_HEADS, Spec, THING_PRONOUN_KEYS, TIE_WINDOW, TIES, TIES_SPACED, Tok, clean_phrase,
    cues_starting_in, ends_with_ignore_ascii_case, is_prep, may_be_pronoun, prev_word,
    short_word_key, starts_with_ignore_ascii_case, tie_reach, tok_at, word,
};
use crate::extract::gazetteer::{ActorKind, Gazetteer, GazetteerHit, NameForm};
use crate::extract::lexicon::{CueHit, Tag};

/// Every candidate mention of a sentence, in the order of the readings
/// below (the order by which [`super::select`] breaks ties).
pub(super) fn candidates<'t>(
    text: &'t str,
    toks: &[Tok],
    hits: &[GazetteerHit],
    cues: &[CueHit],
    gaz: &Gazetteer,
    out: &mut Vec<Cand<'t>>,
) {
    let scan = Scan::new(text, toks, hits, cues, gaz);
    scan.gazetteer_names(out);
    scan.plural_people_of_states(out);
    scan.titled_people(out);
    // In a Title Case headline capitals say nothing about names.
    if !scan.title_case {
        scan.named_people(out);
    }
    scan.addressed_people(out);
    if !scan.title_case {
        for c in cues.iter().filter(|c| c.tag == Tag::OrgHead) {
            scan.organisation(c, out);
        }
    }
    for c in cues.iter().filter(|c| c.tag == Tag::GroupHead) {
        scan.group(c, out);
    }
    for c in cues.iter().filter(|c| c.tag == Tag::GenericSpeaker) {
        scan.unnamed_speaker(c, out);
    }
    scan.pronouns(out);
}

/// One sentence's words, gazetteer hits and cues, read by each pass.
struct Scan<'t, 's> {
    text: &'t str,
    toks: &'s [Tok],
    hits: &'s [GazetteerHit],
    cues: &'s [CueHit],
    gaz: &'s Gazetteer,
    roles: RoleWords,
    /// A Title Case headline, whose capitals say nothing about names.
    title_case: bool,
}

/// A capitalised run of words that may be a name: where it starts and
/// ends, its text and how many words it has.
struct NameRun<'t> {
    s: usize,
    e: usize,
    name: &'t str,
    words: usize,
}

impl<'t, 's> Scan<'t, 's> {
    fn new(
        text: &'t str,
        toks: &'s [Tok],
        hits: &'s [GazetteerHit],
        cues: &'s [CueHit],
        gaz: &'s Gazetteer,
    ) -> Self {
        let caps = toks.iter().filter(|t| t.cap).count();
        Scan {
            text,
            toks,
            hits,
            cues,
            gaz,
            roles: RoleWords::new(toks, cues),
            title_case: toks.len() >= 4 && caps * 10 >= toks.len() * 7,
        }
    }

    /// The gazetteer hit a word lies in.
    fn hit_at(&self, t: &Tok) -> Option<&'s GazetteerHit> {
        self.hits.iter().find(|h| h.start <= t.s && t.e <= h.end)
    }

    /// Whether a possessive "'s" follows `e`.
    fn poss_after(&self, e: usize) -> bool {
        let rest = self.text.get(e..).unwrap_or("");
        rest.starts_with("'s") || rest.starts_with("\u{2019}s")
    }

    fn is_role_tok(&self, i: usize) -> bool {
        self.roles.inside(i)
    }

    /// Gazetteer names, and a state's adjective that names the accuser.
    fn gazetteer_names(&self, out: &mut Vec<Cand<'t>>) {
        let &Scan {
            text,
            toks,
            hits,
            cues,
            gaz,
            ..
        } = self;
        for h in hits {
            let next = toks.partition_point(|t| t.s <= h.end);
            let next_cap = toks.get(next).is_some_and(|t| {
                t.name
                    && text.get(h.end..t.s) == Some(" ")
                    && self.hit_at(t).is_none()
                    && !cues_starting_in(cues, t.s, t.s).iter().any(|c| {
                        matches!(
                            c.tag,
                            Tag::Role
                                | Tag::OrgHead
                                | Tag::GroupHead
                                | Tag::Speech
                                | Tag::AccVerb
                                | Tag::Response(_, _)
                        )
                    })
            });
            let g = gaz.actor(h.actor);
            let written = text.get(h.start..h.end).unwrap_or("");
            if next_cap
                && g.kind == ActorKind::State
                && written != g.name
                && !written.chars().all(|c| !c.is_lowercase())
            {
                continue; // "Vienna Convention", "Washington Post"
            }
            // "Israeli claims", "British accusations": a state's adjective
            // right before a claim noun names the state as the accuser, as
            // "Israel's claims" would
            let owns_claim = h.form == NameForm::Demonym
                && g.kind == ActorKind::State
                && text.get(h.end..h.end + 1) == Some(" ")
                && cues_starting_in(cues, h.end + 1, h.end + 1)
                    .iter()
                    .any(|c| c.tag == Tag::AccNoun);
            if h.form == NameForm::Name || owns_claim || self.people_of_state(h) {
                out.push(Cand {
                    s: h.start,
                    e: h.end,
                    spec: Spec::Gaz(h.actor),
                    prio: 3,
                    poss: self.poss_after(h.end),
                });
            }
        }
    }

    /// "Accusing the French of overfishing", "the British say": a state's
    /// collective adjective after "the", used as a noun, names the state as
    /// its people's side in a dispute. Only the adjectives that are their
    /// own plural ("French", "British", "Chinese", "Swiss") qualify: "the
    /// Russian" is one person.
    fn people_of_state(&self, h: &GazetteerHit) -> bool {
        let written = self.text.get(h.start..h.end).unwrap_or("");
        let collective = ["ch", "sh", "ese", "ss"]
            .iter()
            .any(|e| written.ends_with(e));
        h.form == NameForm::Demonym
            && collective
            && self.gaz.actor(h.actor).kind == ActorKind::State
            && prev_word(self.text, h.start).eq_ignore_ascii_case("the")
            && self.no_noun_after(h.end)
    }

    /// "the Russians said", "accused the Americans of": a state's plural
    /// demonym after "the" (and no noun after it) names the state, as
    /// [`Scan::people_of_state`] does for "the French".
    fn plural_people_of_states(&self, out: &mut Vec<Cand<'t>>) {
        let &Scan {
            text, toks, gaz, ..
        } = self;
        for t in toks.iter().filter(|t| t.cap && !t.poss) {
            let w = word(text, t);
            let Some(stem) = w.strip_suffix('s') else {
                continue;
            };
            if stem.len() < 4
                || !prev_word(text, t.s).eq_ignore_ascii_case("the")
                || self.hit_at(t).is_some()
                || !self.no_noun_after(t.e)
            {
                continue;
            }
            let Some(h) = gaz.find(stem).into_iter().find(|h| {
                h.start == 0
                    && h.end == stem.len()
                    && h.form == NameForm::Demonym
                    && gaz.actor(h.actor).kind == ActorKind::State
            }) else {
                continue;
            };
            out.push(Cand {
                s: t.s,
                e: t.e,
                spec: Spec::Gaz(h.actor),
                prio: 3,
                poss: false,
            });
        }
    }

    /// Whether no noun follows `end`: the sentence or clause ends, or a
    /// function word or a verb cue comes next ("the French of", "the
    /// British said"; not "the French fishermen", "the Iranian-backed
    /// Houthis", nor "the French and German ministers").
    #[rustfmt::skip]
    fn no_noun_after(&self, end: usize) -> bool {
        const NOT_NOUNS: &[&str] = &[
            "of", "for", "to", "in", "on", "at", "with", "by", "from", "have", "has", "had", "are",
            "were", "is", "was", "said", "say", "says", "would", "will", "should", "could", "did",
            "do", "does", "who", "that", "also", "then", "themselves",
        ];
        let rest = self.text.get(end..).unwrap_or("");
        if let Some(c) = rest.chars().next()
            && c != ' '
        {
            return matches!(
                c,
                ',' | '.' | ';' | ':' | ')' | '"' | '\u{201D}' | '\u{2019}' | '?' | '!'
            );
        }
        let next_word = rest
            .trim_start_matches(' ')
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        rest.is_empty()
            || next_word.is_empty()
            || NOT_NOUNS.contains(&next_word)
            || cues_starting_in(self.cues, end + 1, end + 1)
                .iter()
                .any(|c| matches!(c.tag, Tag::Speech | Tag::AccVerb | Tag::Response(_, _)))
    }

    /// Where a title starting at word `i` really starts, extended to the
    /// left over determiners, gazetteer modifiers (state, organisation,
    /// demonym, possessive) and capitalised title words, and the gazetteer
    /// actor among them that the title belongs to.
    fn title_start(&self, mut i: usize) -> (usize, Option<Spec<'t>>) {
        let &Scan {
            text, toks, gaz, ..
        } = self;
        let mut modifier: Option<Spec> = None;
        let mut start = toks[i].s;
        while i > 0 {
            let p = &toks[i - 1];
            // a title phrase has no punctuation inside ("Ferrand, secretary-general")
            if text
                .get(p.e..toks[i].s)
                .is_some_and(|g| g.trim() != "" && g.trim() != "\u{2019}s" && g.trim() != "'s")
            {
                break;
            }
            let w = word(text, p);
            let lw = w.to_ascii_lowercase();
            if let Some(h) = self.hit_at(p) {
                if modifier.is_none() && gaz.actor(h.actor).kind != ActorKind::Person {
                    modifier = Some(Spec::Gaz(h.actor));
                }
                start = h.start;
                i = toks.iter().position(|t| t.s == h.start).unwrap_or(i - 1);
                continue;
            }
            // "the Foreign Ministry's spokeswoman": a capitalised owner is
            // part of the title
            // ... but "the rapper's spokesman" is a description as a whole:
            // an owner named by a common noun after an article
            if p.poss && !p.cap {
                if i >= 2
                    && matches!(
                        word(text, &toks[i - 2]).to_ascii_lowercase().as_str(),
                        "the" | "a" | "an"
                    )
                    && text.get(toks[i - 2].e..p.s) == Some(" ")
                {
                    start = toks[i - 2].s;
                }
                break;
            }
            if matches!(lw.as_str(), "the" | "a" | "an") {
                start = p.s;
                break;
            }
            if self.is_role_tok(i - 1) || (p.name && w.len() > 1) || is_title_word(w, &lw) {
                start = p.s;
                i -= 1;
                continue;
            }
            break;
        }
        (start, modifier)
    }

    /// The capitalised name run starting at word `i` (up to four words),
    /// stopping at gazetteer names of anything but people. Most runs make
    /// no candidate.
    fn name_run(&self, i: usize) -> Option<NameRun<'t>> {
        let &Scan {
            text, toks, gaz, ..
        } = self;
        let mut j = i;
        let mut parts = 0;
        while j < toks.len() && parts < 4 {
            let t = &toks[j];
            let w = word(text, t);
            // a month or title word can end a name ("Theresa May") but not start one
            // (asked of capitalised words only: the others end the run)
            let excluded = !t.name && (j == i || !MONTH_SURNAMES.contains(&w));
            if !t.cap || excluded || self.is_role_tok(j) {
                break;
            }
            if let Some(h) = self.hit_at(t)
                && gaz.actor(h.actor).kind != ActorKind::Person
            {
                break;
            }
            parts += 1;
            j += 1;
            if t.poss {
                break;
            }
            // a gap (comma, quote, blank line) ends the name; a line break
            // inside a sentence is hard wrapping ("African\nNational
            // Congress")
            if let Some(n) = toks.get(j)
                && text
                    .get(t.e..n.s)
                    .is_some_and(|g| g.trim() != "" || g.contains("\n\n"))
            {
                break;
            }
        }
        if parts == 0 {
            return None;
        }
        let s = toks[i].s;
        let e = toks[j - 1].e;
        // "the New York-based group", "US-led forces": a run ending in a
        // hyphened lower-case word is an adjective, no one's name
        let last = word(text, &toks[j - 1]);
        if last
            .rsplit_once('-')
            .is_some_and(|(_, tail)| tail.starts_with(|c: char| c.is_lowercase()))
        {
            return None;
        }
        Some(NameRun {
            s,
            e,
            name: text.get(s..e)?,
            words: parts,
        })
    }

    /// Titles: with a name after them a person ("Foreign Ministry
    /// spokesman Hong Lei"), without one a description ("the spokesman").
    fn titled_people(&self, out: &mut Vec<Cand<'t>>) {
        let mut i = 0;
        while i < self.toks.len() {
            i = match self.roles.starting(i) {
                Some(rc_end) => self.title(i, rc_end, out),
                None => i + 1,
            };
        }
    }

    /// The title cue starting at word `i` and ending at `rc_end`, with the
    /// name after it or as a description; returns the word to go on from.
    fn title(&self, i: usize, rc_end: usize, out: &mut Vec<Cand<'t>>) -> usize {
        let &Scan {
            text,
            toks,
            hits,
            gaz,
            title_case,
            ..
        } = self;
        // the longest chain of title words: "Foreign Ministry spokesman"
        let mut j = i;
        while j < toks.len() && (toks[j].e <= rc_end || self.is_role_tok(j)) {
            j += 1;
        }
        if j == i {
            // the title ends inside a longer word ("MP-linked"): no title
            return i + 1;
        }
        let role_end = toks[j - 1].e;
        let role_text = text.get(toks[i].s..role_end).unwrap_or("");
        let (start, modifier) = self.title_start(i);
        let gap_ok = toks.get(j).is_some_and(|n| {
            text.get(role_end..n.s)
                .is_some_and(|g| g == " " || g == ", ")
        });
        let appos = toks
            .get(j)
            .is_some_and(|n| text.get(role_end..n.s) == Some(", "));
        let named = if gap_ok && !toks[j - 1].poss && !title_case {
            self.name_run(j)
        } else {
            None
        };
        if let Some(run) = named.filter(|n| !appos || n.name.contains(' ')) {
            let ne = run.e;
            let gaz_person = hits.iter().find(|h| {
                h.start == toks[j].s && gaz.actor(h.actor).kind == ActorKind::Person && h.end >= ne
            });
            let spec = match gaz_person {
                Some(h) => Spec::Gaz(h.actor),
                None => Spec::Person {
                    name: run.name,
                    role: Some(role_text.to_lowercase()),
                    modifier: modifier.clone().map(Box::new),
                },
            };
            let end = gaz_person.map_or(ne, |h| h.end.max(ne));
            out.push(Cand {
                s: start,
                e: end,
                spec,
                prio: 5,
                poss: self.poss_after(end),
            });
            return j;
        }
        self.title_description(i, j, start, modifier, out);
        j
    }

    /// A title without a name, words `i..j`, as a description: "the
    /// spokesman", "Russia's ambassador to Britain", "A spokeswoman for the
    /// Russian Foreign Ministry".
    fn title_description(
        &self,
        i: usize,
        j: usize,
        start: usize,
        modifier: Option<Spec<'t>>,
        out: &mut Vec<Cand<'t>>,
    ) {
        let &Scan { text, toks, .. } = self;
        let role_end = toks[j - 1].e;
        let role_text = text.get(toks[i].s..role_end).unwrap_or("");
        let mut end = role_end;
        let mut modifier = modifier;
        if let Some(n) = toks.get(j) {
            let pw = word(text, n).to_ascii_lowercase();
            if matches!(pw.as_str(), "for" | "of" | "to" | "at" | "in") {
                let mut k = j + 1;
                if toks
                    .get(k)
                    .is_some_and(|t| word(text, t).eq_ignore_ascii_case("the"))
                {
                    k += 1;
                }
                if let Some(t) = toks.get(k)
                    && let Some(h) = self.hit_at(t)
                    && h.start == t.s
                {
                    end = h.end;
                    if modifier.is_none() || pw == "for" || pw == "of" {
                        modifier = Some(Spec::Gaz(h.actor));
                    }
                }
            }
        }
        let lw_role = role_text.to_lowercase();
        let person_role = !matches!(
            lw_role.as_str(),
            "officials"
                | "head"
                | "chief"
                | "leader"
                | "general"
                | "counterpart"
                | "state"
                | "secretary"
                | "official"
        );
        let starts_det = toks[0..i].last().is_some_and(|_| {
            let w = text.get(start..).unwrap_or("");
            ["the ", "a ", "an "]
                .iter()
                .any(|d| starts_with_ignore_ascii_case(w, d))
        }) || modifier.is_some()
            || start < toks[i].s;
        if (person_role || lw_role == "official") && starts_det {
            let head = lw_role.rsplit(' ').next().unwrap_or(&lw_role).to_string();
            out.push(Cand {
                s: start,
                e: end,
                spec: Spec::Describe {
                    head,
                    text: text.get(start..end).unwrap_or(""),
                    person: true,
                    modifier: modifier.map(Box::new),
                    subject: false,
                },
                prio: 4,
                poss: self.poss_after(end),
            });
        }
    }

    /// Names without a title: appositives ("Richard Ferrand,
    /// secretary-general of ..."), names followed by a speech verb ("Andrei
    /// Kelin said") or accused by name, and surnames of people named before.
    fn named_people(&self, out: &mut Vec<Cand<'t>>) {
        let &Scan { text, toks, .. } = self;
        for (i, t) in toks.iter().enumerate() {
            // every name and surname below starts with a capital
            if !t.cap {
                continue;
            }
            let w0 = word(text, t);
            if MONTH_SURNAMES.contains(&w0) && self.speech_next(t) && self.hit_at(t).is_none() {
                // "Britain's May says", "May told lawmakers"
                out.push(Cand {
                    s: t.s,
                    e: t.e,
                    spec: Spec::Surname(w0),
                    prio: 1,
                    poss: t.poss,
                });
                continue;
            }
            if !t.name || self.hit_at(t).is_some() || self.is_role_tok(i) {
                continue;
            }
            // not the start of a run, unless the word before ends one as a
            // possessive or before a comma ("Arsenal's Patrick Vieira")
            if i > 0
                && toks[i - 1].name
                && self.hit_at(&toks[i - 1]).is_none()
                && !self.is_role_tok(i - 1)
                && !toks[i - 1].poss
                && text
                    .get(toks[i - 1].e..t.s)
                    .is_some_and(|g| g.trim().is_empty() && !g.contains("\n\n"))
            {
                continue;
            }
            if let Some(run) = self.name_run(i) {
                self.named_person(i, run, out);
            }
        }
    }

    /// Whether a speech verb follows the word `t`.
    fn speech_next(&self, t: &Tok) -> bool {
        cues_starting_in(self.cues, t.e + 1, t.e + 2)
            .iter()
            .any(|c| c.tag == Tag::Speech)
    }

    /// The name run starting at word `i`: a new person when it is a verb's
    /// subject or object or has a title in apposition, else a surname of
    /// someone named before.
    fn named_person(&self, i: usize, run: NameRun<'t>, out: &mut Vec<Cand<'t>>) {
        let &Scan {
            text, toks, cues, ..
        } = self;
        let NameRun { s, e, name, words } = run;
        let t = &toks[i];
        let rest = text.get(e..).unwrap_or("");
        let verb_after = cues_starting_in(cues, e + 1, e + 3)
            .iter()
            .any(|c| matches!(c.tag, Tag::Speech | Tag::AccVerb | Tag::Response(_, true)));
        // "accused Adani of fraud": the object of an accusation verb is
        // named as surely as a speaker is
        let subject = verb_after
            || speaks_next(text, cues, e)
            || after_parenthetical(text, e).is_some_and(|p| speaks_next(text, cues, p))
            || accused_after_verb(text, cues, s);
        let appos_role = rest.starts_with(", ")
            && cues_starting_in(cues, e + 1, e + 39)
                .iter()
                .any(|c| c.tag == Tag::Role);
        let last = name.rsplit(' ').next().unwrap_or("");
        let org_tail = cues.iter().any(|c| c.tag == Tag::OrgHead && c.end == e)
            || matches!(
                last,
                "Show"
                    | "Games"
                    | "Cup"
                    | "Airlines"
                    | "Flight"
                    | "Convention"
                    | "Television"
                    | "Times"
                    | "Post"
                    | "News"
                    | "Monde"
            );
        if org_tail {
            return;
        }
        if words >= 2 && (subject || appos_role) {
            out.push(Cand {
                s,
                e,
                spec: Spec::Person {
                    name,
                    role: None,
                    modifier: None,
                },
                prio: 2,
                poss: t.poss || self.poss_after(e),
            });
        } else if words == 1 {
            // a sentence's first word is capitalised whatever it is: there
            // only a proper noun ("Lin denied", not "Critics denied") may
            // name someone new
            let new_name = subject && (i > 0 || first_is_proper_noun(text, toks));
            out.push(Cand {
                s,
                e,
                spec: if new_name {
                    Spec::Subject {
                        name,
                        person: false,
                    }
                } else {
                    Spec::Surname(name)
                },
                prio: 1,
                poss: self.poss_after(e),
            });
        } else if words >= 2 {
            out.push(Cand {
                s,
                e,
                spec: Spec::Surname(last),
                prio: 1,
                poss: self.poss_after(e),
            });
        }
    }

    /// People addressed by Mr/Mrs/Ms/Dr and a surname.
    fn addressed_people(&self, out: &mut Vec<Cand<'t>>) {
        let &Scan { text, toks, .. } = self;
        for (i, t) in toks.iter().enumerate() {
            // every title below is capitalised: most words need no reading
            if !t.cap {
                continue;
            }
            let w = word(text, t);
            if matches!(
                w,
                "Mr" | "Mrs" | "Ms" | "Mr." | "Mrs." | "Ms." | "Dr" | "Dr."
            ) && let Some(n) = toks.get(i + 1)
                && n.cap
            {
                out.push(Cand {
                    s: t.s,
                    e: n.e,
                    spec: Spec::Subject {
                        name: word(text, n),
                        person: true,
                    },
                    prio: 2,
                    poss: n.poss || self.poss_after(n.e),
                });
            }
        }
    }

    /// An organisation at the organisation head `c`: a capitalised run
    /// ending in it, joined by "of", "and", "for" ("(JIT)" after one is its
    /// alias), or one named by its kind alone.
    fn organisation(&self, c: &CueHit, out: &mut Vec<Cand<'t>>) {
        let &Scan {
            text,
            toks,
            hits,
            gaz,
            ..
        } = self;
        let Some(hi) = tok_at(toks, c.start) else {
            return;
        };
        if !toks[hi].cap {
            self.organisation_by_kind(c, hi, out);
            return;
        }
        let mut k = hi;
        while k > 0 {
            let p = &toks[k - 1];
            let w = word(text, p);
            let joins_name = p.cap
                && !p.poss
                && !matches!(w, "The" | "A" | "An")
                && (k - 1 > 0 || p.name || self.hit_at(p).is_some());
            let connector = matches!(w, "of" | "and" | "for") && k >= 2 && toks[k - 2].cap;
            if joins_name || connector {
                k -= 1;
            } else {
                break;
            }
        }
        if k == hi {
            self.bare_organisation(c, k, out);
            return;
        }
        let mut e = c.end;
        let s = toks[k].s;
        let name = text.get(s..e).unwrap_or("");
        // a known name inside the head word alone is not the owner:
        // "African National Congress" is not the US Congress's
        let modifier = toks[k..=hi]
            .iter()
            .find_map(|t| self.hit_at(t))
            .filter(|h| h.start < toks[hi].s)
            .map(|h| Box::new(Spec::Gaz(h.actor)));
        let country = modifier.as_ref().and_then(|m| match m.as_ref() {
            Spec::Gaz(g) => gaz.actor(*g).country.clone(),
            _ => None,
        });
        // "Embassy in London": the place belongs to the name
        let rest = text.get(e..).unwrap_or("");
        if let Some(r) = rest.strip_prefix(" in ")
            && let Some(h) = hits.iter().find(|h| h.start == e + 4)
            && r.len() >= h.end - h.start
        {
            e = h.end;
        }
        // (a hard-wrapped name has its line break as a space)
        let full = clean_phrase(text.get(s..e).unwrap_or(name)).into_owned();
        out.push(Cand {
            s,
            e,
            spec: Spec::Named {
                name: full,
                kind: ActorKind::Organization,
                country,
                modifier,
            },
            prio: 4,
            poss: self.poss_after(e),
        });
    }

    /// "the company denied", "the ministry said": an organisation named by
    /// its kind alone (a lower-case head at word `hi`), as the subject of a
    /// speech or an answer, is the one the article named before, else an
    /// actor under that description; and so is one accused by name of its
    /// kind ("accused the company of", "accused police of"). Plural and
    /// mass heads ("police", "prosecutors") need no article.
    fn organisation_by_kind(&self, c: &CueHit, hi: usize, out: &mut Vec<Cand<'t>>) {
        let &Scan {
            text, toks, cues, ..
        } = self;
        let head = text.get(c.start..c.end).unwrap_or("");
        let is_the = |k: usize| word(text, &toks[k]).eq_ignore_ascii_case("the");
        // "the Nigerian commission": a state's adjective may stand between
        let state = (hi >= 2 && is_the(hi - 2))
            .then(|| self.hit_at(&toks[hi - 1]))
            .flatten()
            .filter(|h| self.gaz.actor(h.actor).kind == ActorKind::State)
            .map(|h| h.actor);
        let of_state = state.is_some();
        let the = hi > 0 && is_the(hi - 1) || of_state;
        let bare = BARE_ORG_HEADS.iter().any(|h| head.eq_ignore_ascii_case(h));
        let s = match (of_state, the) {
            (true, _) => toks[hi - 2].s,
            (false, true) => toks[hi - 1].s,
            _ => c.start,
        };
        let whole_word = c.end == toks[hi].e;
        let subject = whole_word
            && (the || bare)
            && (speaks_next(text, cues, c.end)
                || after_parenthetical(text, c.end).is_some_and(|p| speaks_next(text, cues, p))
                || after_participle(text, c.end).is_some_and(|p| speaks_next(text, cues, p)));
        let accused = whole_word && (the || bare) && accused_after_verb(text, cues, s);
        if subject || accused {
            let mut cand = described_org(text, s, c.start..c.end, true, self.poss_after(c.end));
            if let (Some(g), Spec::Describe { modifier, .. }) = (state, &mut cand.spec) {
                *modifier = Some(Box::new(Spec::Gaz(g)));
            }
            out.push(cand);
        }
    }

    /// A capitalised organisation head with no name before it (word `k`):
    /// "Police said", "Prosecutors accused" (a plural or mass head opening
    /// the sentence, as the subject of a speech or answer), or "the
    /// Ministry", a description.
    fn bare_organisation(&self, c: &CueHit, k: usize, out: &mut Vec<Cand<'t>>) {
        let &Scan {
            text, toks, cues, ..
        } = self;
        let head = text.get(c.start..c.end).unwrap_or("");
        if (k == 0 || !toks[k - 1].cap)
            && !(k > 0 && word(text, &toks[k - 1]).eq_ignore_ascii_case("the"))
            && c.end == toks[k].e
            && BARE_ORG_HEADS.iter().any(|h| head.eq_ignore_ascii_case(h))
            && speaks_next(text, cues, c.end)
        {
            out.push(described_org(
                text,
                c.start,
                c.start..c.end,
                true,
                self.poss_after(c.end),
            ));
            return;
        }
        if k > 0 && word(text, &toks[k - 1]).eq_ignore_ascii_case("the") {
            out.push(described_org(
                text,
                toks[k - 1].s,
                c.start..c.end,
                false,
                self.poss_after(c.end),
            ));
        }
    }

    /// A group or unnamed state organ at the group head `c`: "Russian
    /// actors", "Moscow-linked cyber actors", "hackers connected to Russia",
    /// "Russia's military intelligence". "Russian officials" speak for
    /// Russia itself.
    fn group(&self, c: &CueHit, out: &mut Vec<Cand<'t>>) {
        let &Scan {
            text, toks, gaz, ..
        } = self;
        let Some(hi) = tok_at(toks, c.start) else {
            return;
        };
        let head = text.get(c.start..c.end).unwrap_or("").to_lowercase();
        let (g, s, end, multi) = match self.group_modifier(hi) {
            Some((g, s)) => (g, s, c.end, false),
            None => {
                let Some(tie) = self.group_tie(c) else {
                    return;
                };
                (tie.state, self.group_start(c), tie.end, tie.multi)
            }
        };
        let state = gaz.actor(g);
        // "Russian officials" speak for Russia, "RUSADA officials" for RUSADA
        let speaks_for = match state.kind {
            ActorKind::State => STATE_HEADS.contains(&head.as_str()),
            ActorKind::Organization => matches!(head.as_str(), "officials" | "leadership"),
            _ => false,
        };
        let spec = if speaks_for {
            Spec::Gaz(g)
        } else {
            let kind = if ORG_LIKE.contains(&head.as_str()) {
                ActorKind::Organization
            } else if head == "actors" || head == "elements" {
                ActorKind::Unknown
            } else {
                ActorKind::Group
            };
            let name = clean_phrase(text.get(s..end).unwrap_or("")).into_owned();
            Spec::Named {
                name,
                kind,
                // several states' agencies belong to none of them
                country: if multi { None } else { state.country.clone() },
                modifier: (!multi).then(|| Box::new(Spec::Gaz(g))),
            }
        };
        out.push(Cand {
            s,
            e: end,
            spec,
            prio: 4,
            poss: self.poss_after(end),
        });
    }

    /// The state or organisation named within three words before the group
    /// head at word `hi` ("Russian", "Moscow-linked", "pro-Russian"), with
    /// where the group's name starts; only adjectives may stand between.
    fn group_modifier(&self, hi: usize) -> Option<(usize, usize)> {
        let &Scan {
            text,
            toks,
            hits,
            gaz,
            ..
        } = self;
        let mut k = hi;
        let mut steps = 0;
        while k > 0 && steps < 3 {
            let p = &toks[k - 1];
            if let Some(h) = self.hit_at(p) {
                return (gaz.actor(h.actor).kind != ActorKind::Person)
                    .then_some((h.actor, h.start));
            }
            let w = word(text, p);
            if let Some((place, _)) = w.split_once('-')
                && let Some(g) = gaz.lookup(place)
            {
                return Some((g, p.s));
            }
            // "pro-Russian rebels": a group of its own, tied to the state
            // it sides with
            if let Some((pre, _)) = w.split_once('-')
                && pre.eq_ignore_ascii_case("pro")
                && let Some(h) = hits
                    .iter()
                    .find(|h| h.start == p.s + pre.len() + 1 && h.end == p.e)
            {
                return Some((h.actor, p.s));
            }
            let lw = w.to_ascii_lowercase();
            // only adjectives between a country and its group noun
            if p.cap
                || p.poss
                || GROUP_GAP_STOP.contains(&lw.as_str())
                || (lw.ends_with("ed") && !lw.contains('-'))
            {
                return None;
            }
            k -= 1;
            steps += 1;
        }
        None
    }

    /// The state a group is tied to after its head: "hackers (allegedly)
    /// connected to Russia", "agencies in the U.S., Britain and Canada".
    fn group_tie(&self, c: &CueHit) -> Option<GroupTie> {
        let &Scan {
            text, hits, gaz, ..
        } = self;
        let rest_end = (c.end + TIE_WINDOW).min(text.len());
        let rest = text
            .get(c.end..crate::extract::text::floor_boundary(text, rest_end))
            .unwrap_or("");
        let reach = tie_reach(rest);
        // a tie starts with a space: the spaces within reach, as bits,
        // are the only places to compare each tie at
        let spaces = rest
            .bytes()
            .take(reach + 1)
            .enumerate()
            .filter(|&(_, b)| b == b' ')
            .fold(0u64, |bits, (p, _)| bits | 1 << p);
        for (t, spaced) in TIES.iter().zip(TIES_SPACED.iter()) {
            let Some(p) = first_tie(rest, spaces, spaced) else {
                continue;
            };
            // "hackers (allegedly) connected to Russia", "hackers believed
            // to be linked to Russia", "a group operating from China": only
            // adverbs and verb forms may come between; in "military aid from
            // Ukraine" the head modifies another noun, and names no group
            let verb_phrase = rest[..p].split_whitespace().all(|w| {
                let w = w.trim_matches(['(', ')', ',']);
                w.is_empty()
                    || matches!(w, "to" | "be")
                    || w.len() > 3 && (w.ends_with("ly") || w.ends_with("ed") || w.ends_with("ing"))
            });
            if !verb_phrase {
                continue;
            }
            let after = c.end + p + t.len() + 2;
            let after = after
                + text
                    .get(after..)
                    .map_or(0, |r| r.len() - r.trim_start_matches("the ").len());
            let is_state_at = |at: usize| {
                hits.iter()
                    .find(|h| h.start == at && gaz.actor(h.actor).kind == ActorKind::State)
            };
            let Some(h) = is_state_at(after) else {
                continue;
            };
            let mut tie = GroupTie {
                state: h.actor,
                end: h.end,
                multi: false,
            };
            // "agencies in the U.S., Britain and Canada": the whole list
            loop {
                let rest = text.get(tie.end..).unwrap_or("");
                let r = rest.strip_prefix('.').unwrap_or(rest);
                let Some(r2) = [", and ", ", ", " and "]
                    .iter()
                    .find_map(|sep| r.strip_prefix(sep))
                else {
                    break;
                };
                let at = tie.end + (rest.len() - r2.len());
                match is_state_at(at) {
                    Some(h2) => {
                        tie.end = h2.end;
                        tie.multi = true;
                    }
                    None => break,
                }
            }
            return Some(tie);
        }
        None
    }

    /// Where a group tied to a state after its head starts: "a group of
    /// hackers" takes in "a group of" before the head.
    fn group_start(&self, c: &CueHit) -> usize {
        let before = self.text.get(..c.start).unwrap_or("");
        ["a group of ", "group of ", "a ", "the "]
            .iter()
            .find(|lead| ends_with_ignore_ascii_case(before, lead))
            .map_or(c.start, |lead| c.start - lead.len())
    }

    /// An unnamed speaker at the generic speaker head `c`, followed by
    /// its verb: "media reports claiming", "International prosecutors say"
    /// (with up to two modifiers before them), "lawyers for the two men said".
    fn unnamed_speaker(&self, c: &CueHit, out: &mut Vec<Cand<'t>>) {
        let &Scan {
            text,
            toks,
            cues,
            gaz,
            ..
        } = self;
        let verb_next = |end: usize| {
            cues_starting_in(cues, end, end + 14)
                .iter()
                .any(|v| matches!(v.tag, Tag::Speech | Tag::AccVerb | Tag::Response(_, true)))
        };
        // "lawyers for the two men said": the phrase the head governs is
        // part of the description
        let end = match owner_phrase_end(text, cues, c.end) {
            Some(e) if verb_next(e) => e,
            _ if verb_next(c.end) => c.end,
            _ => return,
        };
        let mut s = c.start;
        let mut state = None;
        if let Some(hi) = tok_at(toks, c.start) {
            let mut k = hi;
            while k > 0 && hi - k < 2 {
                let w = word(text, &toks[k - 1]).to_ascii_lowercase();
                // "In 2019, prosecutors": a modifier is a word right before,
                // with no punctuation between, and no number
                let apart = text
                    .get(toks[k - 1].e..toks[k].s)
                    .is_some_and(|g| !g.trim().is_empty());
                // ("came after residents said": a preposition or a
                // conjunction modifies no one)
                if apart
                    || w.starts_with(|c: char| c.is_ascii_digit())
                    || GROUP_GAP_STOP.contains(&w.as_str())
                    || is_prep(&w)
                    || CONJUNCTIONS.contains(&w.as_str())
                    || toks[k - 1].poss
                {
                    break;
                }
                // "Brazilian state prosecutors", "US federal prosecutors": the
                // state they serve is part of how the article names them
                if let Some(h) = self.hit_at(&toks[k - 1]) {
                    if gaz.actor(h.actor).kind == ActorKind::State {
                        state = Some(h.actor);
                        s = h.start;
                    }
                    break;
                }
                k -= 1;
                s = toks[k].s;
            }
        }
        out.push(Cand {
            s,
            e: end,
            spec: Spec::Named {
                name: clean_phrase(text.get(s..end).unwrap_or("")).into_owned(),
                kind: ActorKind::Unknown,
                country: state.and_then(|g| gaz.actor(g).country.clone()),
                modifier: state.map(|g| Box::new(Spec::Gaz(g))),
            },
            // above the capitalised word a sentence opens with
            // ("Witnesses said" names no one called Witnesses)
            prio: 2,
            poss: self.poss_after(end),
        });
    }

    /// Pronouns, and an entourage a pronoun owns ("His team says").
    fn pronouns(&self, out: &mut Vec<Cand<'t>>) {
        let &Scan { text, toks, .. } = self;
        for (i, t) in toks.iter().enumerate() {
            // most words are longer than any pronoun: passed over unread
            if t.e - t.s > PRONOUN_MAX_LEN {
                continue;
            }
            // "his", "her", "its" and "their" below are in the pronoun lists too
            // (read as bytes, without checking for character boundaries: a
            // word that is not whole characters is not ASCII, and no pronoun)
            let w = text.as_bytes().get(t.s..t.e).unwrap_or_default();
            if !may_be_pronoun(w) {
                continue;
            }
            let Some(key) = short_word_key(w) else {
                continue;
            };
            let is_one_of = |keys: &[u64]| keys.contains(&key);
            // "His team says", "her lawyers said": the entourage speaks, not the
            // person the pronoun names; it is named as the article names it
            if is_one_of(&ENTOURAGE_OWNER_KEYS)
                && let Some(n) = toks.get(i + 1)
                && text.get(t.e..n.s) == Some(" ")
                && ENTOURAGE
                    .iter()
                    .any(|e| e.eq_ignore_ascii_case(word(text, n)))
            {
                out.push(Cand {
                    s: t.s,
                    e: n.e,
                    spec: Spec::Named {
                        name: clean_phrase(text.get(t.s..n.e).unwrap_or("")).into_owned(),
                        kind: ActorKind::Organization,
                        country: None,
                        modifier: None,
                    },
                    prio: 1,
                    poss: n.poss || self.poss_after(n.e),
                });
            }
            let p = if is_one_of(&PERSON_PRONOUN_KEYS) {
                Pron::Person
            } else if is_one_of(&THING_PRONOUN_KEYS) {
                Pron::Thing
            } else if is_one_of(&PLURAL_PRONOUN_KEYS) {
                Pron::Plural
            } else {
                continue;
            };
            out.push(Cand {
                s: t.s,
                e: t.e,
                spec: Spec::Pronoun(p),
                prio: 0,
                poss: is_one_of(&POSSESSIVE_PRONOUN_KEYS),
            });
        }
    }
}

/// The state a group is tied to, where the tie (or the list of states it
/// names) ends, and whether it names several states.
struct GroupTie {
    state: usize,
    end: usize,
    multi: bool,
}

/// Where the first occurrence of a tie (" connected to ") starts in `rest`,
/// if it starts at one of the `spaces` (a bit per byte position). Compared
/// in place: no lower-cased copy of the rest.
fn first_tie(rest: &str, spaces: u64, spaced: &str) -> Option<usize> {
    // a tie's first letter, lower-case: a space followed by another letter
    // needs no comparing (`b | 0x20` is the letter exactly when `b` is it
    // in either case)
    let letter = spaced.as_bytes()[1];
    let mut bits = spaces;
    while bits != 0 {
        let p = bits.trailing_zeros() as usize;
        bits &= bits - 1;
        if rest
            .as_bytes()
            .get(p + 1)
            .is_some_and(|&b| b | 0x20 == letter)
            && rest
                .as_bytes()
                .get(p..p + spaced.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(spaced.as_bytes()))
        {
            return Some(p);
        }
    }
    None
}

/// Words that extend a title to the left: "Foreign Ministry spokesman",
/// "former deputy prime minister", "then press secretary".
fn is_title_word(w: &str, lower: &str) -> bool {
    matches!(
        w,
        "Foreign"
            | "Presidential"
            | "Prime"
            | "Deputy"
            | "Foreign Ministry"
            | "Ministry"
            | "Defence"
            | "Defense"
            | "Interior"
            | "Security"
            | "National"
            | "Chief"
            | "Special"
            | "Senior"
    ) || matches!(
        lower,
        "presidential"
            | "foreign"
            | "deputy"
            | "former"
            | "senior"
            | "top"
            | "ministry"
            | "sports"
            | "defence"
            | "defense"
            | "national"
            | "security"
            | "chief"
            | "press"
            | "vice"
            | "acting"
            | "first"
            | "state"
            | "duma"
            | "new"
            | "then"
    )
}

/// Where a sentence's role titles ("Foreign Ministry spokesman") lie among
/// its words, worked out once per sentence: it is asked for nearly every
/// word. Both lists stay empty (unallocated) in the many sentences without
/// a title.
struct RoleWords {
    /// The word lies inside a role cue.
    inside: Vec<bool>,
    /// The end of the longest role cue that starts where the word starts.
    starting: Vec<Option<usize>>,
}

impl RoleWords {
    fn new(toks: &[Tok], cues: &[CueHit]) -> Self {
        let mut roles = RoleWords {
            inside: Vec::new(),
            starting: Vec::new(),
        };
        for c in cues.iter().filter(|c| c.tag == Tag::Role) {
            if roles.inside.is_empty() {
                roles.inside = vec![false; toks.len()];
                roles.starting = vec![None; toks.len()];
            }
            let first = toks.partition_point(|t| t.s < c.start);
            if let Some(t) = toks.get(first)
                && t.s == c.start
            {
                roles.starting[first] = roles.starting[first].max(Some(c.end));
            }
            // words are ordered and disjoint, so their ends grow with their starts
            for (k, t) in toks.iter().enumerate().skip(first) {
                if t.e > c.end {
                    break;
                }
                roles.inside[k] = true;
            }
        }
        roles
    }

    fn inside(&self, word: usize) -> bool {
        self.inside.get(word).copied().unwrap_or(false)
    }

    fn starting(&self, word: usize) -> Option<usize> {
        self.starting.get(word).copied().flatten()
    }
}

/// An organisation named by its kind ("the ministry", "police"), from `s`
/// to the end of its `head`: a description resolved by coreference, and, as
/// the `subject` of a speech or answer (or the accused), an actor under that
/// description when nothing named before matches.
fn described_org(
    text: &str,
    s: usize,
    head: std::ops::Range<usize>,
    subject: bool,
    poss: bool,
) -> Cand<'_> {
    Cand {
        s,
        e: head.end,
        spec: Spec::Describe {
            head: text.get(head.clone()).unwrap_or("").to_lowercase(),
            text: text.get(s..head.end).unwrap_or(""),
            person: false,
            modifier: None,
            subject,
        },
        prio: 1,
        poss,
    }
}

/// Words that open a clause before an unnamed speaker's head ("after
/// residents said", "as witnesses said"): never its modifiers.
const CONJUNCTIONS: &[&str] = &[
    "after", "before", "as", "since", "while", "when", "because", "though", "although", "but",
    "if", "unless", "until", "where", "whereas",
];

/// Organisation heads that name a body without an article: "police said",
/// "accused police of", "prosecutors allege".
/// (organisation heads only: they are read where an organisation head is)
const BARE_ORG_HEADS: &[&str] = &["police", "prosecutors", "investigators", "authorities"];

/// Whether the words before `start` end with an accusation verb ("accused
/// the company", "blamed police"): what starts at `start` is its object.
fn accused_after_verb(text: &str, cues: &[CueHit], start: usize) -> bool {
    cues_starting_in(cues, start.saturating_sub(24), start)
        .iter()
        .any(|v| {
            matches!(v.tag, Tag::AccVerb | Tag::ChargeVerb | Tag::SanctionVerb)
                && v.end <= start
                && text.get(v.end..start).is_some_and(|g| g.trim().is_empty())
        })
}

/// Whether a speech, accusation or answer cue follows a name at `end` with
/// at most three lower-case words between ("Vieira had earlier denied",
/// "Lin strongly rejected"): the name is that verb's subject.
fn speaks_next(text: &str, cues: &[CueHit], end: usize) -> bool {
    verb_next(text, cues, end, |t| {
        matches!(
            t,
            Tag::Speech | Tag::AccVerb | Tag::ChargeVerb | Tag::SanctionVerb | Tag::Response(_, _)
        )
    })
}

/// Where the verb phrase after a parenthetical set off by commas starts,
/// when one follows a name ending at `end`: "Jason Livingood, VP of
/// communications, also disputed" (just after the closing comma). The
/// parenthetical holds no sentence punctuation or quote and at most
/// twelve words.
pub(in crate::extract) fn after_parenthetical(text: &str, end: usize) -> Option<usize> {
    let rest = text.get(end..)?.strip_prefix(", ")?;
    // twelve words fit well within this reach; no need to read further
    let reach = crate::extract::text::floor_boundary(rest, rest.len().min(300));
    let close = rest[..reach].find(',')?;
    let inner = rest.get(..close)?;
    let plain = !inner.contains(['.', ';', ':', '"', '\u{201C}', '\u{201D}', '(', ')'])
        && (1..=12).contains(&inner.split_whitespace().count());
    plain.then(|| end + 2 + close + 1)
}

/// Where a participle right after a noun ending at `end` ends: "the
/// company named in the lawsuit denied", "the firm based in London said"
/// (the verb may follow within three words, as [`speaks_next`] allows).
fn after_participle(text: &str, end: usize) -> Option<usize> {
    let rest = text.get(end..)?.strip_prefix(' ')?;
    let w = rest.split(' ').next()?;
    (w.len() > 3 && w.ends_with("ed") && w.bytes().all(|b| b.is_ascii_lowercase()))
        .then_some(end + 1 + w.len())
}

/// Whether `gap` is at most `n` words, all lower-case ("had earlier",
/// "also", "has").
pub(in crate::extract) fn few_lowercase_words(gap: &str, n: usize) -> bool {
    let mut words = 0;
    gap.split_whitespace().all(|w| {
        words += 1;
        words <= n && w.chars().all(char::is_lowercase)
    })
}

/// Whether a cue that `is_verb` accepts follows `end` with at most three
/// lower-case words between.
fn verb_next(text: &str, cues: &[CueHit], end: usize, is_verb: impl Fn(Tag) -> bool) -> bool {
    let reach = crate::extract::text::floor_boundary(text, (end + 40).min(text.len()));
    // ('Korovin "categorically denies"': a quotation may open before the
    // verb)
    let few_words = |gap: &str| {
        few_lowercase_words(gap, 3)
            || gap.contains(['"', '\u{201C}'])
                && few_lowercase_words(&gap.replace(['"', '\u{201C}'], ""), 3)
    };
    cues_starting_in(cues, end + 1, reach)
        .iter()
        .any(|c| is_verb(c.tag) && text.get(end..c.start).is_some_and(few_words))
}

/// Whether the tagger reads a sentence's first word as a proper noun (the
/// first few words give it the context it needs).
fn first_is_proper_noun(text: &str, toks: &[Tok]) -> bool {
    let words: Vec<&str> = toks.iter().take(6).map(|t| word(text, t)).collect();
    let tags = crate::extract::tagger::Tagger::builtin().tag(&words);
    tags.first().is_some_and(|p| p.name().starts_with("NNP"))
}

/// Where "for the two men" or "of the company" ends after a noun that ends
/// at `end`: a preposition and at most four words, with no punctuation and
/// no cue inside (a verb would end the phrase), the last one followed by a
/// space.
fn owner_phrase_end(text: &str, cues: &[CueHit], end: usize) -> Option<usize> {
    let rest = text.get(end..)?;
    let after_prep = [" for ", " of ", " representing "]
        .iter()
        .find_map(|p| rest.strip_prefix(p))?;
    let mut pos = end + (rest.len() - after_prep.len());
    for (words, w) in after_prep.split(' ').take(4).enumerate() {
        if w.is_empty() || !w.chars().all(|c| c.is_alphanumeric() || c == '-') {
            break;
        }
        if !cues_starting_in(cues, pos, pos).is_empty() && words > 0 {
            break;
        }
        pos += w.len();
        if cues_starting_in(cues, pos + 1, pos + 1)
            .iter()
            .any(|v| matches!(v.tag, Tag::Speech | Tag::AccVerb | Tag::Response(_, true)))
        {
            return Some(pos);
        }
        pos += 1;
    }
    None
}
