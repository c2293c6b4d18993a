//! Whole-pipeline tests: the seed article's named assertions and robustness.

use chrono::NaiveDate;

use crate::extract::{ArticleInput, Extractor, ResponseKind, StatementKind};

const SEED: &str = include_str!("../../tests/corpus/dev/000_c0a993ecbfa666d5.txt");

fn extractor() -> Extractor {
    match Extractor::builtin() {
        Ok(e) => e,
        Err(e) => panic!("the builtin data files must load: {e}"),
    }
}

fn seed() -> crate::extract::Extraction {
    extractor().extract(&ArticleInput {
        name: "000_c0a993ecbfa666d5.txt",
        text: SEED,
        url: None,
        title: None,
        published: None,
    })
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[test]
fn raabs_almost_certainly_accusation_is_dated_2020_07_16() {
    let x = seed();
    let raab = x
        .actors
        .iter()
        .find(|a| a.name.contains("Raab"))
        .map(|a| a.key.clone());
    let s = x.statements.iter().find(|s| {
        s.kind == StatementKind::Accusation
            && s.speaker == raab
            && s.hedge.as_deref() == Some("almost certainly")
    });
    let s = s.unwrap_or_else(|| {
        panic!(
            "no 'almost certainly' accusation by Raab in {:#?}",
            x.statements
        )
    });
    assert_eq!(s.date, date("2020-07-16"));
}

#[test]
fn peskovs_denial_is_dated_2020_07_17_and_answers_raabs_accusation() {
    let x = seed();
    let key_of = |n: &str| {
        x.actors
            .iter()
            .find(|a| a.name.contains(n))
            .map(|a| a.key.clone())
    };
    let (raab, peskov) = (key_of("Raab"), key_of("Peskov"));
    let acc = x
        .statements
        .iter()
        .find(|s| {
            s.kind == StatementKind::Accusation
                && s.speaker == raab
                && s.hedge.as_deref() == Some("almost certainly")
        })
        .map(|s| s.id.clone());
    let denial = x.statements.iter().find(|s| {
        s.kind == StatementKind::Response(ResponseKind::Denial)
            && s.speaker == peskov
            && s.evidence
                .iter()
                .any(|e| e.sentence.contains("consistently and categorically deny"))
    });
    let denial = denial.unwrap_or_else(|| panic!("no denial by Peskov in {:#?}", x.statements));
    assert_eq!(denial.date, date("2020-07-17"));
    assert!(
        acc.is_some_and(|a| denial.responds_to.contains(&a)),
        "{:?}",
        denial.responds_to
    );
}

#[test]
fn no_statement_comes_from_the_featured_stories_headlines() {
    let x = seed();
    let cut = SEED.find("Featured Stories").unwrap_or(SEED.len());
    for s in &x.statements {
        for e in &s.evidence {
            assert!(
                e.byte_end <= cut,
                "{} has evidence after Featured Stories: {}",
                s.id,
                e.sentence
            );
        }
    }
    assert!(x.body.end <= cut);
}

#[test]
fn evidence_offsets_point_at_the_exact_sentence_in_the_input() {
    let x = seed();
    for s in &x.statements {
        for e in &s.evidence {
            assert_eq!(
                SEED.get(e.byte_start..e.byte_end),
                Some(e.sentence.as_str())
            );
            let by_chars: String = SEED
                .chars()
                .skip(e.char_start)
                .take(e.char_end - e.char_start)
                .collect();
            assert_eq!(by_chars, e.sentence);
        }
    }
}

#[test]
fn extraction_is_deterministic() {
    assert_eq!(seed(), seed());
}

#[test]
fn the_seed_article_publication_date_comes_from_its_dateline() {
    assert_eq!(seed().published, date("2020-07-18"));
}

mod robustness {
    use proptest::prelude::*;

    use super::*;

    fn ex() -> &'static Extractor {
        static E: std::sync::OnceLock<Extractor> = std::sync::OnceLock::new();
        E.get_or_init(extractor)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn arbitrary_bytes_never_panic_the_extractor(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let text = String::from_utf8_lossy(&bytes);
            let x = ex().extract(&ArticleInput { name: "p", text: &text, url: Some(&text), title: None, published: None });
            let _ = x.to_gold();
        }

        #[test]
        fn arbitrary_unicode_never_panics_the_extractor(text in "\\PC{0,400}") {
            let x = ex().extract(&ArticleInput { name: "p", text: &text, url: None, title: None, published: None });
            let _ = x.to_gold();
        }

        #[test]
        fn news_like_fragments_never_panic_the_extractor(parts in proptest::collection::vec(prop_oneof![
            Just("Peskov said".to_string()), Just("“We deny".to_string()), Just("”".to_string()),
            Just("accused Russia of".to_string()), Just(" on Friday".to_string()), Just(". ".to_string()),
            Just("\n".to_string()), Just("the spokesman".to_string()), Just("’s".to_string()),
            Just("U.S.".to_string()), Just("Featured Stories\n".to_string()), Just(" date 2020-07-18 0\n".to_string()),
            Just("MOSCOW, December 21. /TASS/.".to_string()), Just("é".to_string()), Just("\"".to_string()),
            "\\PC{0,8}",
        ], 0..40)) {
            let text = parts.concat();
            let x = ex().extract(&ArticleInput { name: "p", text: &text, url: None, title: None, published: None });
            let _ = x.to_gold();
        }
    }
}

fn extract_text(text: &str) -> crate::extract::Extraction {
    extractor().extract(&ArticleInput {
        name: "t.txt",
        text,
        url: None,
        title: None,
        published: date("2024-05-10"),
    })
}

#[test]
fn a_past_perfect_claim_of_wrongdoing_is_an_accusation() {
    let x = extract_text("US officials said Chinese hackers had breached email accounts.");
    assert!(
        x.statements
            .iter()
            .any(|s| s.kind == StatementKind::Accusation && s.target.is_some()),
        "{:#?}",
        x.statements
    );
}

#[test]
fn a_scare_quoted_modifier_is_no_dismissal() {
    let x = extract_text(
        "Richard Ferrand spoke in Paris.\n\nFerrand said Macron had become a \u{201C}fake news\u{201D} target of Russian media.",
    );
    assert!(
        x.statements.iter().all(|s| !s.kind.is_response()),
        "{:#?}",
        x.statements
    );
    assert!(
        x.statements
            .iter()
            .any(|s| s.kind == StatementKind::Accusation),
        "{:#?}",
        x.statements
    );
}

#[test]
fn a_paragraph_opening_day_dates_its_later_sentences() {
    let x = extract_text(
        "On Thursday, Britain's foreign secretary spoke to reporters. He said Russia was behind the attack.",
    );
    let s = x
        .statements
        .iter()
        .find(|s| s.kind == StatementKind::Accusation);
    assert_eq!(
        s.and_then(|s| s.date),
        date("2024-05-09"),
        "{:#?}",
        x.statements
    );
}

#[test]
fn an_act_repeated_thousands_of_times_is_one_statement_with_bounded_evidence() {
    let text = "Russia denied claims by Britain on Friday. ".repeat(3_000);
    let x = extract_text(&text);
    let denials: Vec<_> = x
        .statements
        .iter()
        .filter(|s| s.kind.is_response())
        .collect();
    assert_eq!(denials.len(), 1, "{:#?}", x.statements.len());
    assert!(denials[0].evidence.len() <= crate::extract::assemble::MAX_EVIDENCE);
}

#[test]
fn a_run_on_sentence_is_read_in_pieces_no_longer_than_the_cap() {
    let names = ["Russia", "Peskov", "Britain", "the ministry", "Lin"];
    let verbs = ["denied", "said", "accused", "rejected"];
    let text: Vec<&str> = (0..20_000)
        .map(|i| {
            if i % 2 == 0 {
                names[i / 2 % names.len()]
            } else {
                verbs[i / 2 % verbs.len()]
            }
        })
        .collect();
    let x = extract_text(&text.join(" "));
    for s in &x.statements {
        for e in &s.evidence {
            assert!(e.byte_end - e.byte_start <= crate::extract::sentences::MAX_SENTENCE_BYTES);
        }
    }
}

/// The response of `kind` in `x`, with its speaker's name.
fn response_by(x: &crate::extract::Extraction, kind: ResponseKind) -> Option<String> {
    let s = x
        .statements
        .iter()
        .find(|s| s.kind == StatementKind::Response(kind))?;
    let key = s.speaker.as_ref()?;
    x.actors
        .iter()
        .find(|a| &a.key == key)
        .map(|a| a.name.clone())
}

#[test]
fn an_organisation_named_by_its_kind_answers_as_the_one_named_before() {
    let x = extract_text(
        "Prosecutors accused Leadplex Inc of sending illegal spam.\n\nThe company denied any wrongdoing.",
    );
    assert_eq!(
        response_by(&x, ResponseKind::Denial).as_deref(),
        Some("Leadplex Inc"),
        "{x:#?}"
    );
}

#[test]
fn an_unnamed_organisation_answering_is_an_actor_under_its_description() {
    let x = extract_text(
        "Police were accused of beating protesters.\n\nThe ministry denied the charges.",
    );
    assert_eq!(
        response_by(&x, ResponseKind::Denial).as_deref(),
        Some("ministry"),
        "{x:#?}"
    );
}

#[test]
fn a_denial_that_accuses_back_in_the_same_sentence_stays_a_denial() {
    let x = extract_text(
        "Prosecutor Rodrigo Janot charged Lula with corruption on Monday.\n\nHoffmann denied all accusations and accused the prosecution of lying.",
    );
    assert_eq!(
        response_by(&x, ResponseKind::Denial).as_deref(),
        Some("Hoffmann"),
        "{:#?}",
        x.statements
    );
}

#[test]
fn declining_to_comment_is_said_by_the_subject_of_the_verb() {
    let x = extract_text(
        "Senators accused the CIA of spying on their staff.\n\nThe CIA declined to comment on the allegations.",
    );
    assert_eq!(
        response_by(&x, ResponseKind::NoComment).as_deref(),
        Some("CIA"),
        "{x:#?}"
    );
}

#[test]
fn declining_to_comment_on_another_topic_answers_nothing() {
    let x = extract_text(
        "Regulators accused Lilly of hiding trial data.\n\nA Lilly spokeswoman refused to comment on the terms of the licence agreement.",
    );
    assert_eq!(response_by(&x, ResponseKind::NoComment), None, "{x:#?}");
}

#[test]
fn an_adverb_between_a_new_name_and_its_denial_keeps_the_name_as_speaker() {
    let x = extract_text(
        "Ferguson accused Vieira of threatening Neville.\n\nPatrick Vieira had earlier denied accusations that he threatened Gary Neville.",
    );
    assert_eq!(
        response_by(&x, ResponseKind::Denial).as_deref(),
        Some("Patrick Vieira"),
        "{x:#?}"
    );
}

#[test]
fn denying_the_charges_is_an_answer_even_from_someone_read_as_an_accuser() {
    // the rules misread the first sentence's speaker; the explicit
    // "denied the charges" still records the answer
    let x = extract_text(
        "House Democrats unveiled two articles of impeachment on Tuesday, accusing Trump of abusing his power.\n\nIn a string of tweets, Trump denied the charges.",
    );
    assert_eq!(
        response_by(&x, ResponseKind::Denial).as_deref(),
        Some("Donald Trump"),
        "{x:#?}"
    );
}

#[test]
fn the_accused_accusing_its_accuser_back_is_a_counter_accusation() {
    let x = extract_text(
        "Amnesty International accused Eritrean troops of killing civilians in Axum.\n\nEritrea rejected the allegations as baseless.\n\nThe Eritrean government accused Amnesty International of spreading hatred.",
    );
    assert!(
        response_by(&x, ResponseKind::CounterAccusation).is_some(),
        "{:#?}",
        x.statements
    );
    assert!(
        !x.statements
            .iter()
            .any(|s| s.kind == StatementKind::Accusation
                && s.evidence
                    .iter()
                    .any(|e| e.sentence.contains("spreading hatred"))),
        "{:#?}",
        x.statements
    );
}

/// The accusation in `x` with its speaker's and target's names.
fn accusation_names(x: &crate::extract::Extraction) -> Vec<(Option<String>, Option<String>)> {
    roles_of_each(x, StatementKind::Accusation)
}

/// The names of the speaker and target of each statement of kind `kind`.
fn roles_of_each(
    x: &crate::extract::Extraction,
    kind: StatementKind,
) -> Vec<(Option<String>, Option<String>)> {
    let name = |k: &Option<String>| {
        k.as_ref()
            .and_then(|k| x.actors.iter().find(|a| &a.key == k))
            .map(|a| a.name.clone())
    };
    x.statements
        .iter()
        .filter(|s| s.kind == kind)
        .map(|s| (name(&s.speaker), name(&s.target)))
        .collect()
}

#[test]
fn alleging_that_someone_did_something_accuses_them() {
    let x = extract_text(
        "Opposition leader Rahul Gandhi alleged that Prime Minister Narendra Modi helped his friends win the contract.",
    );
    assert_eq!(
        accusation_names(&x),
        vec![(Some("Rahul Gandhi".into()), Some("Narendra Modi".into()))],
        "{x:#?}"
    );
}

#[test]
fn a_body_accused_by_the_name_of_its_kind_is_the_target() {
    let x = extract_text("Two witnesses have accused police of orchestrating the shootings.");
    assert_eq!(
        accusation_names(&x),
        vec![(Some("Two witnesses".into()), Some("police".into()))],
        "{x:#?}"
    );
    let x = extract_text("Prosecutors accused the company of fraud.");
    assert_eq!(
        accusation_names(&x),
        vec![(Some("Prosecutors".into()), Some("company".into()))],
        "{x:#?}"
    );
}

#[test]
fn a_name_nobody_introduced_is_an_actor_as_the_object_of_an_accusation() {
    let x = extract_text("Ferguson accused Vieira of threatening Neville before the game.");
    assert_eq!(
        accusation_names(&x),
        vec![(Some("Ferguson".into()), Some("Vieira".into()))],
        "{x:#?}"
    );
}

#[test]
fn a_denial_by_its_own_verb_is_kept_when_the_denier_also_accuses() {
    let x = extract_text(
        "Mr Clarke accused the Tories of scaremongering on immigration.\n\nThe Tories accused Mr Clarke of failing to control the borders.\n\nMr Clarke dismissed the latest Tory attack.",
    );
    assert!(
        x.statements
            .iter()
            .any(|s| s.kind.is_response()
                && s.evidence.iter().any(|e| e.sentence.contains("dismissed"))),
        "{:#?}",
        x.statements
    );
}

#[test]
fn an_unnamed_speaker_takes_no_number_or_clause_before_it_as_modifier() {
    let x = extract_text("In 2019, prosecutors accused Leadplex Inc of sending illegal spam.");
    assert_eq!(
        accusation_names(&x),
        vec![(Some("prosecutors".into()), Some("Leadplex Inc".into()))],
        "{x:#?}"
    );
}

#[test]
fn an_accusation_naming_no_one_that_nobody_answers_is_not_recorded() {
    // "they" has no antecedent and nobody is named as the accuser
    let x = extract_text("They were accused of fraud.");
    assert!(
        !x.statements
            .iter()
            .any(|s| s.kind == StatementKind::Accusation
                && s.speaker.is_none()
                && s.target.is_none()),
        "{:#?}",
        x.statements
    );
}

/// The speakers of the responses found, by name.
fn response_speakers(x: &crate::extract::Extraction) -> Vec<Option<String>> {
    let name = |k: &Option<String>| {
        k.as_ref()
            .and_then(|k| x.actors.iter().find(|a| &a.key == k))
            .map(|a| a.name.clone())
    };
    x.statements
        .iter()
        .filter(|s| s.kind.is_response())
        .map(|s| name(&s.speaker))
        .collect()
}

#[test]
fn a_state_adjective_before_a_claim_noun_names_the_accuser() {
    let x = extract_text("Iran denied Israeli claims that it seized the ship.");
    let israel = x.actors.iter().find(|a| a.name == "Israel");
    assert!(israel.is_some(), "{x:#?}");
    let denial = x.statements.iter().find(|s| s.kind.is_response());
    assert_eq!(
        denial.and_then(|s| s.target.clone()),
        israel.map(|a| a.key.clone()),
        "{x:#?}"
    );
}

#[test]
fn an_entourage_owned_by_a_person_speaks_as_itself() {
    let x = extract_text(
        "\"The accusations are baseless and politically motivated,\" Lula's press office stated.",
    );
    assert_eq!(
        response_speakers(&x),
        vec![Some("Lula's press office".into())],
        "{x:#?}"
    );
}

#[test]
fn a_role_owned_by_a_common_noun_is_described_as_written() {
    let x = extract_text("The rapper's spokesman said the allegations were untrue.");
    assert_eq!(
        response_speakers(&x),
        vec![Some("rapper's spokesman".into())],
        "{x:#?}"
    );
}

#[test]
fn an_unnamed_speaker_keeps_the_phrase_it_governs_and_opens_a_sentence() {
    let x = extract_text("Lawyers for the alleged spammers said the lawsuit was groundless.");
    assert_eq!(
        response_speakers(&x),
        vec![Some("Lawyers for the alleged spammers".into())],
        "{x:#?}"
    );
    let x = extract_text("Lawyers said the lawsuit was groundless.");
    assert_eq!(
        response_speakers(&x),
        vec![Some("Lawyers".into())],
        "{x:#?}"
    );
}

#[test]
fn a_known_name_that_is_only_the_head_of_a_longer_name_is_not_its_owner() {
    let x = extract_text("The African National Congress denied the charges.");
    let anc = x
        .actors
        .iter()
        .find(|a| a.name == "African National Congress");
    assert!(anc.is_some_and(|a| a.country.is_none()), "{x:#?}");
    assert!(
        !x.actors.iter().any(|a| a.name == "United States Congress"),
        "{x:#?}"
    );
}

#[test]
fn a_charge_told_only_by_its_denial_is_an_accusation_against_the_denier() {
    let x = extract_text("Mr Ebbers has denied charges of fraud and conspiracy.");
    assert_eq!(
        accusation_names(&x),
        vec![(None, Some("Ebbers".into()))],
        "{x:#?}"
    );
    // "the allegations" point back at a charge told elsewhere
    let x = extract_text(
        "Prosecutors accused Mr Ebbers of fraud.\n\nMr Ebbers denied the allegations.",
    );
    assert_eq!(
        accusation_names(&x),
        vec![(Some("Prosecutors".into()), Some("Ebbers".into()))],
        "{x:#?}"
    );
}

#[test]
fn blaming_a_wrong_on_someone_accuses_whom_it_is_blamed_on() {
    let x = extract_text(
        "The government has blamed a spate of blasts in recent months on the outlawed African National Congress (ANC).",
    );
    assert_eq!(
        accusation_names(&x),
        vec![(
            Some("government".into()),
            Some("African National Congress".into())
        )],
        "{x:#?}"
    );
}

#[test]
fn a_name_broken_by_a_hard_wrap_is_one_name() {
    let x = extract_text(
        "    Officials blamed the blasts on the outlawed African\nNational Congress on Monday, officials in the capital said\non Tuesday evening, after a long meeting of the cabinet.\n    The police said they had made no arrests in the case so\nfar and that the investigation was going on in the city.\n",
    );
    assert!(
        x.actors
            .iter()
            .any(|a| a.name == "African National Congress"),
        "{:#?}",
        x.actors
    );
}

#[test]
fn a_subject_set_off_from_its_verb_by_a_parenthetical_speaks() {
    let x = extract_text(
        "Prosecutors accused the company of fraud.\n\nThe company, which is based in Texas, denied the allegations.",
    );
    assert_eq!(
        response_speakers(&x),
        vec![Some("company".into())],
        "{x:#?}"
    );
    let x = extract_text(
        "Critics accused Comcast of throttling traffic.\n\nJason Livingood, VP of Internet communications and engineering, also disputed the report.",
    );
    assert_eq!(
        response_speakers(&x),
        vec![Some("Jason Livingood".into())],
        "{x:#?}"
    );
}

#[test]
fn a_vow_to_respond_is_a_threat_by_its_own_subject() {
    let x = extract_text(
        "Britain accused Russia of the attack.\n\nRussia vowed to respond to the hostile actions.",
    );
    let threat = x
        .statements
        .iter()
        .find(|s| s.kind == StatementKind::Response(ResponseKind::Threat));
    let russia = x
        .actors
        .iter()
        .find(|a| a.name == "Russia")
        .map(|a| a.key.clone());
    assert_eq!(threat.and_then(|s| s.speaker.clone()), russia, "{x:#?}");
}

/// The names of the speaker and target of the extraction's first statement
/// of kind `kind`.
fn roles_of(
    x: &crate::extract::Extraction,
    kind: StatementKind,
) -> (Option<String>, Option<String>) {
    roles_of_each(x, kind)
        .into_iter()
        .next()
        .unwrap_or((None, None))
}

/// Asserts that the first statement of kind `kind` found in `text` has
/// the speaker named `speaker` and, when given, a target whose name holds
/// `target` ("Lula" for the gazetteer's "Luiz Inácio Lula da Silva").
fn assert_roles(text: &str, kind: StatementKind, speaker: &str, target: Option<&str>) {
    let x = extract_text(text);
    let (s, t) = roles_of(&x, kind);
    assert_eq!(s.as_deref(), Some(speaker), "{text}: {:#?}", x.statements);
    if let Some(target) = target {
        assert!(
            t.as_deref().is_some_and(|t| t.contains(target)),
            "{text}: {:#?}",
            x.statements
        );
    }
}

/// Asserts that no accusation found in `text` is spoken by `name`.
fn assert_not_the_accuser(text: &str, name: &str) {
    let x = extract_text(text);
    assert_ne!(
        roles_of(&x, StatementKind::Accusation).0.as_deref(),
        Some(name),
        "{text}: {:#?}",
        x.statements
    );
}

#[test]
fn a_subject_set_off_by_a_relative_clause_with_commas_inside_speaks() {
    assert_roles(
        "Andres Manuel Lopez Obrador, who was the candidate of a coalition led by the Party of the Democratic Revolution, or PRD, said on Monday that the PRI had rigged the election.",
        StatementKind::Accusation,
        "Andres Manuel Lopez Obrador",
        None,
    );
    // a name after a verb is its object, even with an aside after it
    assert_not_the_accuser(
        "Iran is arming Russia, a senior US official, who spoke on condition of anonymity, said on Monday.",
        "Russia",
    );
}

#[test]
fn a_passive_accusation_names_its_accuser_after_the_charge() {
    assert_roles(
        "Lula was formally accused of criminal association by Prosecutor General Rodrigo Janot.",
        StatementKind::Accusation,
        "Rodrigo Janot",
        Some("Lula"),
    );
    // "by" inside the charge names who acted in it, not the accuser
    assert_not_the_accuser(
        "The minister was accused of being paid by Russia.",
        "Russia",
    );
    assert_not_the_accuser(
        "The minister was accused of links to the 1998 embassy bombings by Russia.",
        "Russia",
    );
}

#[test]
fn a_group_is_named_with_the_state_it_serves() {
    assert_roles(
        "Brazilian state prosecutors accused the company of bribery on Monday.",
        StatementKind::Accusation,
        "Brazilian state prosecutors",
        None,
    );
}

#[test]
fn a_person_keeps_a_full_name_longer_than_two_words() {
    let x = extract_text(
        "President Recep Tayyip Erdoğan accused the opposition leader of slander on Monday.",
    );
    assert!(
        x.actors.iter().any(|a| a.name == "Recep Tayyip Erdoğan"),
        "{:#?}",
        x.actors
    );
}

#[test]
fn charging_someone_with_a_crime_accuses_them_and_a_plan_to_does_not() {
    assert_roles(
        "Brazilian state prosecutors have charged Fabio Schvartsman, the former chief executive of the miner, and 15 other people with homicide.",
        StatementKind::Accusation,
        "Brazilian state prosecutors",
        Some("Fabio Schvartsman"),
    );
    for unreal in [
        "The army decided to charge Bowe Bergdahl with desertion.",
        "Prosecutors didn't charge Donald Trump with obstruction.",
        "Greek prosecutors have also charged them with faking a crash.",
        "Evan Gershkovich faces espionage charges in Russia, along with two others.",
    ] {
        let x = extract_text(unreal);
        assert!(x.statements.is_empty(), "{unreal}: {:#?}", x.statements);
    }
}

#[test]
fn a_speaker_named_after_the_clause_is_not_joined_to_the_accused_before_him() {
    for text in [
        "Nasser Kanaani spoke on Monday. The US made groundless accusations against Iran, Kanaani said.",
        "Nasser Kanaani spoke on Monday. The US made groundless accusations against the Islamic Republic of Iran, Kanaani said.",
    ] {
        assert_roles(
            text,
            StatementKind::Response(ResponseKind::Dismissal),
            "Nasser Kanaani",
            None,
        );
    }
}

#[test]
fn an_organisation_with_a_participle_phrase_before_its_verb_answers() {
    let x = extract_text(
        "Texas sued the company for fraud. The company named in the lawsuit denied any wrongdoing.",
    );
    let accused = roles_of(&x, StatementKind::Accusation).1;
    let answering = roles_of(&x, StatementKind::Response(ResponseKind::Denial)).0;
    assert!(accused.is_some(), "{:#?}", x.statements);
    assert_eq!(answering, accused, "{:#?}", x.statements);
}

#[test]
fn a_body_named_by_its_kind_before_its_name_is_that_name() {
    for (text, accused) in [
        (
            "Israel accused the Lebanese group Hezbollah of carrying out the attack.",
            "Hezbollah",
        ),
        ("Israel accused the group Hamas of the attack.", "Hamas"),
    ] {
        assert_roles(text, StatementKind::Accusation, "Israel", Some(accused));
    }
}

#[test]
fn a_states_people_after_the_stand_for_the_state() {
    assert_roles(
        "The French accused the British of lying.",
        StatementKind::Accusation,
        "France",
        Some("United Kingdom"),
    );
    assert_roles(
        "The Russians accused the Americans of lying.",
        StatementKind::Accusation,
        "Russia",
        Some("United States"),
    );
    // an adjective before its noun is not the state itself
    let x = extract_text("The fishermen accused the French ministers of lying.");
    assert_ne!(
        roles_of(&x, StatementKind::Accusation).1.as_deref(),
        Some("France"),
        "{:#?}",
        x.statements
    );
}

#[test]
fn a_participle_opening_the_sentence_has_the_main_subject() {
    assert_roles(
        "Accusing the French of overfishing, Canada yesterday said that French fishermen would be arrested.",
        StatementKind::Accusation,
        "Canada",
        Some("France"),
    );
}

#[test]
fn only_a_speech_verb_has_its_subject_after_it() {
    // "..., said X" inverts; "..., accused X" does not
    let x = extract_text("He had, on Thursday, accused South Africa of supplying arms to Russia.");
    assert_eq!(
        roles_of(&x, StatementKind::Accusation),
        (None, Some("South Africa".into())),
        "{:#?}",
        x.statements
    );
}

#[test]
fn subjects_who_accuse_each_other_each_accuse_the_other() {
    let x = extract_text("Kyrgyzstan and Tajikistan blamed each other for breaking the ceasefire.");
    let mut pairs = roles_of_each(&x, StatementKind::Accusation);
    pairs.sort();
    assert_eq!(
        pairs,
        [
            (Some("Kyrgyzstan".into()), Some("Tajikistan".into())),
            (Some("Tajikistan".into()), Some("Kyrgyzstan".into())),
        ],
        "{:#?}",
        x.statements
    );
}

/// Asserts that no actor of the statements found in `text` has a name
/// holding `part` (the actors listed are those the statements name).
fn assert_no_actor_named(text: &str, part: &str) {
    let x = extract_text(text);
    assert!(!x.statements.is_empty(), "{text}: no statement");
    assert!(
        x.actors.iter().all(|a| !a.name.contains(part)),
        "{text}: {:#?}",
        x.actors
    );
}

#[test]
fn a_clause_word_before_an_unnamed_speaker_is_not_part_of_its_name() {
    assert_no_actor_named(
        "The army denied shelling the town, after residents accused it of the attack.",
        "after",
    );
}

#[test]
fn a_speaker_named_right_after_a_final_say_answers() {
    for text in [
        "E-mail hacking claims absurd, says Russia",
        "The claims are absurd, says the Kremlin.",
    ] {
        assert_roles(
            text,
            StatementKind::Response(ResponseKind::Dismissal),
            "Russia",
            None,
        );
    }
}

#[test]
fn the_author_of_a_report_an_answer_answers_is_its_target() {
    // (two accusers: the report's author, not the one told last, is answered)
    for text in [
        "FireEye accused Vietnam of hacking. Interpol accused Vietnam of spam. In response to FireEye's report, Hanoi refuted the allegations.",
        "Human Rights Watch accused Wilmar of abuses. Amnesty International accused Wilmar of deforestation. Wilmar dismissed the Human Rights Watch report as a distraction.",
        "Human Rights Watch accused Wilmar of abuses. Amnesty International accused Wilmar of deforestation. Wilmar dismissed a report by Human Rights Watch as a distraction.",
    ] {
        let x = extract_text(text);
        let answered = x
            .statements
            .iter()
            .find(|s| matches!(s.kind, StatementKind::Response(_)))
            .and_then(|s| s.target.as_ref())
            .and_then(|k| x.actors.iter().find(|a| &a.key == k))
            .map(|a| a.name.clone());
        assert!(
            answered
                .as_deref()
                .is_some_and(|n| n == "FireEye" || n == "Human Rights Watch"),
            "{text}: {:#?}",
            x.statements
        );
    }
}

#[test]
fn a_participle_after_a_comma_has_no_subject_after_it() {
    // ", accusing Trump of": Trump is accused, not the accuser
    let x = extract_text(
        "Democrats unveiled two articles of impeachment on Tuesday, accusing Trump of abusing his power by withholding military aid from Ukraine.",
    );
    assert_eq!(
        roles_of_each(&x, StatementKind::Accusation),
        [(None, Some("Donald Trump".into()))],
        "{:#?}",
        x.statements
    );
}

#[test]
fn the_government_unnamed_is_that_of_the_state_the_story_is_about() {
    assert_roles(
        "South Africa faces unrest before the election. South Africa's police are on alert. The government has blamed a spate of limpet mine blasts on the outlawed African National Congress.",
        StatementKind::Accusation,
        "South Africa",
        Some("African National Congress"),
    );
}

#[test]
fn unions_and_other_unnamed_plurals_speak() {
    assert_roles(
        "Unions accuse Wal-Mart of paying staff less than its rivals do.",
        StatementKind::Accusation,
        "Unions",
        None,
    );
}

#[test]
fn a_single_person_or_a_hyphenated_adjective_is_not_the_state() {
    let x = extract_text(
        "Britain accused the man of spying. The Russian, who was arrested in 2019, denied the charges.",
    );
    assert_ne!(
        roles_of(&x, StatementKind::Response(ResponseKind::Denial))
            .0
            .as_deref(),
        Some("Russia"),
        "{:#?}",
        x.statements
    );
    assert_not_the_accuser(
        "The Iranian-backed Houthis accused Israel of the attack.",
        "Iran",
    );
}

#[test]
fn a_gerund_subject_is_no_participle_clause() {
    assert_not_the_accuser(
        "Accusing Russia without evidence would be reckless, Johnson said.",
        "Boris Johnson",
    );
}

#[test]
fn a_report_cited_as_the_source_is_not_what_the_answer_answers() {
    let x = extract_text(
        "Britain accused Russia of hacking. Moscow rejected the accusations, according to a Reuters report.",
    );
    assert_eq!(
        roles_of(&x, StatementKind::Response(ResponseKind::Dismissal)).1,
        Some("United Kingdom".into()),
        "{:#?}",
        x.statements
    );
}

#[test]
fn a_speech_verb_after_an_aside_has_its_subject_before_it() {
    let x = extract_text(
        "Britain accused Russia of hacking. He had, on Thursday, warned Russia that it was behind the attack.",
    );
    assert!(
        roles_of_each(&x, StatementKind::Accusation)
            .iter()
            .all(|(s, _)| s.as_deref() != Some("Russia")),
        "{:#?}",
        x.statements
    );
}

#[test]
fn a_verb_inside_a_quoted_fragment_has_the_narrations_subject() {
    for text in [
        "CNN accused Korovin of taking a selfie. Korovin “categorically denies” taking the selfie.",
        "CNN accused Korovin of taking a selfie. According to a report by CNN, Korovin \"categorically denies\" taking the selfie.",
    ] {
        assert_roles(
            text,
            StatementKind::Response(ResponseKind::Denial),
            "Korovin",
            Some("CNN"),
        );
    }
}

#[test]
fn a_hyphened_adjective_before_a_group_is_no_persons_name() {
    assert_no_actor_named(
        "Human Rights Watch accused the army of killings.\n\n\"These mass killings... appear to be part of a widespread military campaign against civilians accused of collaborating with Islamist armed groups, and may amount to crimes against humanity,\" the New York-based group said on Thursday.\n\nBurkina Faso rejected the report.",
        "York-based",
    );
}
