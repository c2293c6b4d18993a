//! The article's actors as its mentions are resolved: each candidate
//! name, title or surname becomes an actor named before, the gazetteer's,
//! or a new one, with what is known of it (aliases, titles, affiliation).

use rustc_hash::FxHashMap;

use super::{
    AliasKey, Spec, clean_phrase, first_word, has_alias_key, is_prep, last_word, norm, norm_into,
    not_name, prev_word, set_flag,
};
use crate::extract::doc::{DocActor, Mention, MentionForm};
use crate::extract::gazetteer::{ActorKind, Gazetteer};

/// The actors and mentions of an article as they are found, with what
/// coreference needs to know of the ones named last.
pub(super) struct Builder<'g> {
    pub(super) gaz: &'g Gazetteer,
    pub(super) actors: Vec<DocActor>,
    /// `norm` of each actor's current name, beside `actors`: the actors are
    /// compared by it at nearly every mention.
    pub(super) name_keys: Vec<String>,
    /// A buffer for normalised keys that are only compared, not kept.
    pub(super) scratch: String,
    /// Beside each actor's aliases (by actor, grown on demand), what is
    /// known of them, kept as they are added: a new form is compared with
    /// every alias at each mention.
    pub(super) alias_keys: Vec<Vec<AliasKey>>,
    /// The gazetteer person a surname no actor of the article bears stands
    /// for, by surname as written: many capitalised words are taken for
    /// surnames again and again, and each look-up lower-cases a copy.
    pub(super) surname_gaz: FxHashMap<String, Option<usize>>,
    /// The gazetteer actor a name found there stands for, by name as
    /// written: an organisation's name run ("the Foreign Ministry") is
    /// looked up at each mention, as no key of `by_name` holds it.
    pub(super) named_gaz: FxHashMap<String, usize>,
    // Fx hashing: the keys are small and come from the article, not from an
    // adversary, and these maps are asked at every mention
    pub(super) by_gaz: FxHashMap<usize, usize>,
    pub(super) by_name: FxHashMap<String, usize>,
    pub(super) mentions: Vec<Mention>,
    /// Last person that was the subject of a speech verb, and last person named.
    pub(super) last_speaker_person: Option<usize>,
    pub(super) last_person: Option<usize>,
    pub(super) last_thing: Option<usize>,
    pub(super) last_plural: Option<usize>,
    /// The state the article is about as last worked out by `home_state`,
    /// with how many mentions it read.
    pub(super) home_state: Option<(usize, Option<usize>)>,
    /// Index in `mentions` where the current sentence's mentions begin.
    pub(super) sentence_start: usize,
    /// Actors the article names by their canonical name at least once.
    /// (Flags by actor, set at nearly every mention: no hashing.)
    pub(super) named_canonically: Vec<bool>,
}

/// The most actors one article introduces outside the gazetteer: news
/// articles name a few dozen; past this is a list or an attack, and finding
/// a name among the article's actors must stay bounded (names past the cap
/// are not actors).
const MAX_ACTORS: usize = 1_000;

impl<'g> Builder<'g> {
    pub(super) fn gaz_actor(&mut self, g: usize) -> usize {
        if let Some(&a) = self.by_gaz.get(&g) {
            return a;
        }
        let ga = self.gaz.actor(g);
        let idx = self.actors.len();
        let key = norm(&ga.name);
        self.name_keys.push(key.clone());
        self.actors.push(DocActor {
            name: ga.name.clone(),
            kind: ga.kind,
            country: ga.country.clone(),
            aliases: Vec::new(),
            gazetteer: Some(g),
            roles: ga
                .affiliations
                .iter()
                .filter_map(|a| a.role.clone())
                .collect(),
            affiliated: None,
        });
        self.by_gaz.insert(g, idx);
        self.by_name.insert(key, idx);
        // only a person takes the body they serve as their side
        if ga.kind != ActorKind::Person {
            return idx;
        }
        let affiliated = ga
            .affiliations
            .iter()
            .find(|af| af.to.is_none())
            .or_else(|| ga.affiliations.first())
            .and_then(|af| self.gaz.index_of(&af.of));
        if let Some(af) = affiliated
            && af != g
        {
            let a = self.gaz_actor(af);
            self.actors[idx].affiliated = Some(a);
        }
        idx
    }

    fn spec_country(&mut self, spec: &Spec<'_>) -> Option<(usize, Option<String>)> {
        let a = self.resolve_named(spec)?;
        Some((a, self.actors[a].country.clone()))
    }

    /// The gazetteer person a surname stands for when no actor of the
    /// article bears it: the person whose name or alias it is, or else the
    /// only one with that surname. Remembered per article.
    fn gazetteer_person_by_surname(&mut self, surname: &str) -> Option<usize> {
        if let Some(&g) = self.surname_gaz.get(surname) {
            return g;
        }
        let gaz = self.gaz;
        let g = gaz
            .lookup(surname)
            .filter(|&g| gaz.actor(g).kind == ActorKind::Person)
            .or_else(|| gaz.person_by_surname(surname));
        self.surname_gaz.insert(surname.to_string(), g);
        g
    }

    /// Resolves a spec that names (not describes) an actor.
    /// The actor a candidate names, found among those the article named
    /// before or in the gazetteer, else a new one; none for descriptions
    /// and pronouns (resolved by coreference) or past [`MAX_ACTORS`].
    pub(super) fn resolve_named(&mut self, spec: &Spec<'_>) -> Option<usize> {
        match spec {
            Spec::Gaz(g) => Some(self.gaz_actor(*g)),
            Spec::Person {
                name,
                role,
                modifier,
            } => self.resolve_person(name, role.as_deref(), modifier.as_deref()),
            Spec::Named {
                name,
                kind,
                country,
                modifier,
            } => self.resolve_body(name, *kind, country.as_deref(), modifier.as_deref()),
            Spec::Surname(w) => self.resolve_surname(w),
            Spec::Subject { name, person } => self.resolve_subject(name, *person),
            Spec::Describe { .. } | Spec::Pronoun(_) => None,
        }
    }

    /// A person named in full, with the title and the owner ("Foreign
    /// Ministry spokesman") they were named with: the person of that
    /// surname named before ("Dmitry Peskov" after "Peskov"), the
    /// gazetteer's, or a new one.
    fn resolve_person(
        &mut self,
        name: &str,
        role: Option<&str>,
        modifier: Option<&Spec<'_>>,
    ) -> Option<usize> {
        // normalised in the buffer: a name mentioned before is found
        // by its key without a copy, which only a name first met needs
        let mut key = std::mem::take(&mut self.scratch);
        norm_into(name, &mut key);
        let surname = key.rsplit(' ').next().unwrap_or("");
        let known = self.by_name.get(&key).copied();
        let existing = known.or_else(|| {
            // "Dmitry Peskov" after "Peskov", or the gazetteer's person
            let first = first_word(&key);
            let one_word = !key.contains(' ');
            (0..self.actors.len()).find(|&i| {
                let known = &self.name_keys[i];
                self.actors[i].kind == ActorKind::Person
                    && last_word(known) == surname
                    && (!known.contains(' ') || one_word || first_word(known) == first)
            })
        });
        let idx = match existing {
            Some(i) => i,
            None => match self
                .gaz
                .lookup(name)
                .filter(|&g| self.gaz.actor(g).kind == ActorKind::Person)
            {
                Some(g) => self.gaz_actor(g),
                None if self.actors.len() >= MAX_ACTORS => {
                    self.scratch = key;
                    return None;
                }
                None => {
                    let idx = self.actors.len();
                    self.name_keys.push(key.clone());
                    self.actors.push(DocActor {
                        name: clean_phrase(name).into_owned(),
                        kind: ActorKind::Person,
                        country: None,
                        aliases: Vec::new(),
                        gazetteer: None,
                        roles: Vec::new(),
                        affiliated: None,
                    });
                    idx
                }
            },
        };
        // a name known by its key needs no inserting again
        if known != Some(idx) {
            self.by_name.insert(key.clone(), idx);
        }
        self.scratch = key;
        if let Some(r) = role
            && !self.actors[idx].roles.iter().any(|x| x == r)
        {
            self.actors[idx].roles.push(r.to_string());
        }
        if let Some(m) = modifier
            && let Some((a, country)) = self.spec_country(m)
            && a != idx
        {
            if self.actors[idx].affiliated.is_none() {
                self.actors[idx].affiliated = Some(a);
            }
            if self.actors[idx].country.is_none() {
                self.actors[idx].country = country;
            }
        }
        Some(idx)
    }

    /// An organisation, group or unnamed speaker named in full: the one of
    /// that name named before, the gazetteer's, or a new one affiliated to
    /// its owner.
    fn resolve_body(
        &mut self,
        name: &str,
        kind: ActorKind,
        country: Option<&str>,
        modifier: Option<&Spec<'_>>,
    ) -> Option<usize> {
        norm_into(name, &mut self.scratch);
        if let Some(&i) = self.by_name.get(self.scratch.as_str()) {
            return Some(i);
        }
        if let Some(&g) = self.named_gaz.get(name) {
            return Some(self.gaz_actor(g));
        }
        if let Some(g) = self.gaz.lookup(name) {
            self.named_gaz.insert(name.to_string(), g);
            return Some(self.gaz_actor(g));
        }
        // a new actor keeps the key (the buffer regrows next time)
        let key = std::mem::take(&mut self.scratch);
        let (aff, mc) = match modifier {
            Some(m) => match self.spec_country(m) {
                Some((a, c)) => (Some(a), c),
                None => (None, None),
            },
            None => (None, None),
        };
        if self.actors.len() >= MAX_ACTORS {
            self.scratch = key;
            return None;
        }
        let idx = self.actors.len();
        self.name_keys.push(key.clone());
        self.actors.push(DocActor {
            name: name.to_string(),
            kind,
            country: country.map(str::to_string).or(mc),
            aliases: Vec::new(),
            gazetteer: None,
            roles: Vec::new(),
            affiliated: aff,
        });
        self.by_name.insert(key, idx);
        Some(idx)
    }

    /// A surname alone: the last person of that surname the article named,
    /// else the gazetteer's.
    fn resolve_surname(&mut self, w: &str) -> Option<usize> {
        norm_into(w, &mut self.scratch);
        let surname = self.scratch.as_str();
        let named = (0..self.actors.len()).rev().find(|&i| {
            self.actors[i].kind == ActorKind::Person && last_word(&self.name_keys[i]) == surname
        });
        if named.is_some() {
            return named;
        }
        self.gazetteer_person_by_surname(w)
            .map(|g| self.gaz_actor(g))
    }

    /// A name as a verb's subject ("Lin denied", "Mr Brown said"): someone
    /// named before by that surname, else a new person (after a title) or
    /// a new actor of unknown kind.
    fn resolve_subject(&mut self, name: &str, person: bool) -> Option<usize> {
        if let Some(known) = self.resolve_surname(name) {
            return Some(known);
        }
        if person {
            self.resolve_person(name, None, None)
        } else {
            self.resolve_body(&clean_phrase(name), ActorKind::Unknown, None, None)
        }
    }

    pub(super) fn add_mention(
        &mut self,
        s: usize,
        e: usize,
        actor: usize,
        form: MentionForm,
        poss: bool,
        text: &str,
    ) {
        let prev = prev_word(text, s);
        // "in Russia, Belarus, Azerbaijan and Turkey": every item of a list
        // after a preposition is governed by it
        let listed = self.mentions.last().is_some_and(|m| {
            m.prep
                && text
                    .get(m.end..s)
                    .is_some_and(|g| matches!(g, ", " | " and " | ", and " | " or " | ", or "))
        });
        let prep = is_prep(prev) || listed;
        if form == MentionForm::Name {
            let surface = clean_phrase(&text[s..e]);
            if self.alias_keys.len() <= actor {
                self.alias_keys.resize_with(actor + 1, Vec::new);
            }
            let a = &mut self.actors[actor];
            let name_n = &mut self.name_keys[actor];
            let alias_keys = &mut self.alias_keys[actor];
            if a.kind == ActorKind::Person && a.gazetteer.is_some() {
                // the name ends a titled phrase: "Foreign Minister Sergei
                // Lavrov" (`clean_phrase` leaves one space between words)
                let full_name = match surface.rmatch_indices(' ').nth(1) {
                    Some((i, _)) => &surface[i + 1..],
                    None => &surface,
                };
                // a person keeps the article's spelling of their full name
                // ("Sergei Lavrov" for the gazetteer's "Sergey Lavrov")
                // (the name as it stands needs no normalising to be found unchanged)
                if full_name != a.name
                    && full_name.split_whitespace().count() == 2
                    && full_name
                        .split_whitespace()
                        .all(|w| w.chars().next().is_some_and(char::is_uppercase))
                    && !full_name
                        .split_whitespace()
                        .next()
                        .is_some_and(|w| not_name(w.trim_end_matches('.')))
                {
                    let full_n = &mut self.scratch;
                    norm_into(full_name, full_n);
                    // the last two words of a longer name are no fuller
                    // form of it ("Tayyip Erdoğan" in "President Recep
                    // Tayyip Erdoğan" for "Recep Tayyip Erdoğan")
                    if full_n != name_n
                        && last_word(full_n) == last_word(name_n)
                        && !name_n
                            .strip_suffix(full_n.as_str())
                            .is_some_and(|head| head.ends_with(' '))
                        && !has_alias_key(alias_keys, name_n)
                    {
                        let canonical = std::mem::replace(&mut a.name, full_name.to_string());
                        a.aliases.push(canonical);
                        let canonical_n = std::mem::replace(name_n, std::mem::take(full_n));
                        alias_keys.push(AliasKey::new(canonical_n, name_n));
                    }
                }
            }
            if *surface == a.name {
                // the name itself, as often: its key is `name_n`, which
                // holds itself and is no alias
                set_flag(&mut self.named_canonically, actor);
                return self.push_mention(s, e, actor, poss, prep);
            }
            // a form already recorded as an alias, as most are after their
            // first mention: its key is known, and so is whether it holds
            // the name, which only a person's changes
            if a.kind != ActorKind::Person
                && let Some(k) = a.aliases.iter().position(|x| *x == *surface)
            {
                if alias_keys[k].holds_name {
                    set_flag(&mut self.named_canonically, actor);
                }
                return self.push_mention(s, e, actor, poss, prep);
            }
            let surface_n = &mut self.scratch;
            norm_into(&surface, surface_n);
            if surface_n.contains(name_n.as_str()) {
                set_flag(&mut self.named_canonically, actor);
            }
            if !surface.is_empty() && surface_n != name_n && !has_alias_key(alias_keys, surface_n) {
                a.aliases.push(surface.into_owned());
                alias_keys.push(AliasKey::new(surface_n.clone(), name_n));
            }
        }
        self.push_mention(s, e, actor, poss, prep);
    }

    /// Records a mention of `actor` and makes it the last one named of its
    /// kind.
    fn push_mention(&mut self, s: usize, e: usize, actor: usize, poss: bool, prep: bool) {
        match self.actors[actor].kind {
            ActorKind::Person => self.last_person = Some(actor),
            ActorKind::Group | ActorKind::Unknown => self.last_plural = Some(actor),
            // possessives count: "Moldova's commission said it ..."
            _ => self.last_thing = Some(actor),
        }
        self.mentions.push(Mention {
            start: s,
            end: e,
            actor,
            possessive: poss,
            prep,
            quoted: false,
        });
    }
}
