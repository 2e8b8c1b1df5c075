//! How names typed in chat find people and companies in the shipped dataset.

use llama_alumni::catalog::Catalog;
use llama_alumni::commands::{Answer, NotFound, SlashCommand, company, whereis};
use llama_alumni::dataset::Dataset;
use llama_alumni::search::{NameIndex, Query};

fn catalog() -> Catalog {
    Catalog::new(Dataset::embedded().expect("the embedded dataset loads"))
}

/// The person `/whereis query` finds, or None when nobody is found.
fn whereis(catalog: &Catalog, query: &str) -> Option<String> {
    match whereis::answer(catalog, query) {
        Answer::Found(found) => Some(found.person.name.clone()),
        _ => None,
    }
}

/// The company `/company query` finds, or None.
fn company(catalog: &Catalog, query: &str) -> Option<String> {
    match company::answer(catalog, query) {
        Answer::Found(
            company::Found::Roster { company, .. } | company::Found::Nobody { company, .. },
        ) => Some(company.name.clone()),
        _ => None,
    }
}

fn assert_finds(catalog: &Catalog, query: &str, expected: &str) {
    assert_eq!(
        whereis(catalog, query).as_deref(),
        Some(expected),
        "/whereis {query:?}"
    );
}

#[test]
fn all_fourteen_by_full_name_last_name_and_without_accents() {
    let catalog = catalog();
    let people = catalog.dataset().people();
    assert_eq!(people.len(), 14);
    for person in people {
        let name = person.name.as_str();
        let last = name.rsplit(' ').next().unwrap();
        let stripped = deunicode::deunicode(name);
        for query in [
            name.to_owned(),
            last.to_owned(),
            stripped.clone(),
            stripped.to_lowercase(),
            name.to_uppercase(),
        ] {
            assert_finds(&catalog, &query, name);
        }
    }
}

#[test]
fn accents_case_punctuation_and_spaces_do_not_matter() {
    let c = catalog();
    for q in ["Rozière", "roziere", "ROZIERE", "  baptiste    ROZIÈRE  "] {
        assert_finds(&c, q, "Baptiste Rozière");
    }
    assert_finds(&c, "Lample!", "Guillaume Lample");
    assert_finds(&c, "aurelien rodriguez", "Aurélien Rodriguez");
}

#[test]
fn word_order_hyphens_and_initials() {
    let c = catalog();
    assert_finds(&c, "Lacroix Timothée", "Timothée Lacroix");
    assert_finds(&c, "T. Lacroix", "Timothée Lacroix");
    assert_finds(&c, "Lample G", "Guillaume Lample");
    assert_finds(&c, "Marie Anne", "Marie-Anne Lachaux");
    assert_finds(&c, "Marie-Anne", "Marie-Anne Lachaux");
    assert_finds(&c, "marieanne lachaux", "Marie-Anne Lachaux");
    assert_finds(&c, "Lachaux, Marie-Anne", "Marie-Anne Lachaux");
}

#[test]
fn first_names_alone() {
    let c = catalog();
    for (q, who) in [
        ("Guillaume", "Guillaume Lample"),
        ("Timothée", "Timothée Lacroix"),
        ("Naman", "Naman Goyal"),
        ("Hugo", "Hugo Touvron"),
        ("faisal", "Faisal Azhar"),
        ("Eric", "Eric Hambro"),
    ] {
        assert_finds(&c, q, who);
    }
}

#[test]
fn typos_find_the_person() {
    let c = catalog();
    for (q, who) in [
        ("Lampel", "Guillaume Lample"),
        ("Izzacard", "Gautier Izacard"),
        ("Jouiln", "Armand Joulin"),
        ("Gauthier", "Gautier Izacard"),
        ("Edward", "Edouard Grave"),
        ("Edward Grave", "Edouard Grave"),
        ("Touvorn", "Hugo Touvron"),
        ("Gillaume Lampl", "Guillaume Lample"),
        ("Rozier", "Baptiste Rozière"),
    ] {
        assert_finds(&c, q, who);
    }
}

#[test]
fn people_not_in_the_dataset_are_not_found() {
    let c = catalog();
    for q in [
        "Zuckerberg",
        "Yann LeCun",
        "Arthur Mensch",
        "Mark",
        "Joelle Pineau",
        "Robert Fergus",
        "Sam Altman",
    ] {
        let answer = whereis::answer(&c, q);
        assert!(
            matches!(answer, Answer::NotFound { .. }),
            "{q:?} found {answer:?}"
        );
    }
}

#[test]
fn near_misses_come_back_as_suggestions() {
    let c = catalog();
    let answer = whereis::answer(&c, "Rodrigo");
    let Answer::NotFound(NotFound { suggestions, .. }) = answer else {
        panic!("Rodrigo is three edits from Rodriguez: not a confident match, got {answer:?}");
    };
    assert_eq!(
        suggestions.first().map(|s| s.name.as_str()),
        Some("Aurélien Rodriguez")
    );

    // A known first name with an unknown last name is a suggestion, not an answer.
    let answer = whereis::answer(&c, "Guillaume Mistral");
    let Answer::NotFound(NotFound { suggestions, .. }) = answer else {
        panic!("got {answer:?}");
    };
    let names: Vec<&str> = suggestions.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Guillaume Lample"]);
    let button = suggestions[0].button.as_ref().unwrap();
    assert_eq!(button.custom_id, "v1:whereis:Guillaume Lample");
}

#[test]
fn equally_good_matches_are_named_beside_the_best() {
    let c = catalog();
    let answer = whereis::answer(&c, "Lac");
    let Answer::Found(found) = answer else {
        panic!("got {answer:?}");
    };
    let mut all: Vec<&str> = std::iter::once(found.person.name.as_str())
        .chain(found.others.iter().map(|p| p.name.as_str()))
        .collect();
    all.sort();
    assert_eq!(all, ["Marie-Anne Lachaux", "Timothée Lacroix"]);

    let answer = whereis::answer(&c, "Lample");
    let Answer::Found(found) = answer else {
        panic!()
    };
    assert!(
        found.others.is_empty(),
        "an exact last name is not ambiguous"
    );
}

#[test]
fn ranking_is_deterministic() {
    let c = catalog();
    let first = whereis::Whereis.explain(&c, "la");
    for _ in 0..5 {
        assert_eq!(whereis::Whereis.explain(&c, "la"), first);
    }
    assert!(first.len() >= 4);
}

#[test]
fn companies_by_name_alias_and_typo() {
    let c = catalog();
    for (q, expected) in [
        ("Mistral", "Mistral AI"),
        ("Mistral AI", "Mistral AI"),
        ("mistral ai", "Mistral AI"),
        ("Mistrl", "Mistral AI"),
        ("Google", "Google DeepMind"),
        ("DeepMind", "Google DeepMind"),
        ("Google DeepMind", "Google DeepMind"),
        ("Microsoft", "Microsoft AI"),
        ("Microsoft AI", "Microsoft AI"),
        ("Thinking Machines", "Thinking Machines Lab"),
        ("Thinking Machines Lab", "Thinking Machines Lab"),
        ("Meta", "Meta"),
        ("Facebook", "Meta"),
        ("FAIR", "Meta"),
        ("anthropc", "Anthropic"),
        ("Anthropic", "Anthropic"),
        ("cohere", "Cohere"),
        ("Kyutai", "Kyutai"),
    ] {
        assert_eq!(company(&c, q).as_deref(), Some(expected), "/company {q:?}");
    }
}

#[test]
fn unknown_companies_are_not_found() {
    let c = catalog();
    for q in ["OpenAI", "Apple", "xAI", "DeepSeek"] {
        assert_eq!(company(&c, q), None, "/company {q:?}");
    }
}

#[test]
fn company_rosters() {
    let c = catalog();
    let roster = |q: &str| match company::answer(&c, q) {
        Answer::Found(company::Found::Roster { roster, .. }) => {
            roster.iter().map(|p| p.name.clone()).collect::<Vec<_>>()
        }
        other => panic!("{q}: {other:?}"),
    };
    let mistral = roster("Mistral");
    assert_eq!(mistral.len(), 5);
    assert_eq!(mistral[0], "Guillaume Lample", "earliest departure first");
    let mut meta = roster("Meta");
    meta.sort();
    assert_eq!(meta, ["Faisal Azhar", "Hugo Touvron", "Xavier Martinet"]);
}

#[test]
fn autocomplete_uses_the_same_ranking() {
    let c = catalog();
    let empty = whereis::Whereis.complete(&c, "");
    assert_eq!(empty.len(), 14);
    let values: Vec<&str> = empty.iter().map(|ch| ch.value.as_str()).collect();
    let mut sorted = values.clone();
    sorted.sort_by_key(|v| llama_alumni::normalize::fold(v));
    assert_eq!(values, sorted, "empty input lists alphabetically");
    assert_eq!(values[0], "Armand Joulin");

    let lam = whereis::Whereis.complete(&c, "lam");
    assert_eq!(lam[0].value, "Guillaume Lample");
    assert!(lam[0].name.contains("Mistral AI"));

    let mist = company::CompanyCommand.complete(&c, "mis");
    assert_eq!(mist[0].value, "Mistral AI");
    assert_eq!(
        company::CompanyCommand.complete(&c, "").len(),
        c.dataset().companies().len()
    );
}

/// Names with short words and near spellings, for the typos that count only when another word of
/// the query pins the name (issue 11).
const PINNED: &[&str] = &[
    "Wei Xu",
    "Wei Xun",
    "Wei Zhang",
    "Ana Lee",
    "Ana Leal",
    "Nguyen Van An",
    "Nguyen Thi Lan",
    "Diego Abad",
    "Diego Barraza",
    "Diego Castillo",
    "Diego Ramos",
    "Diego Ramirez",
    "Felipe Lima",
    "Felipe Limon",
];

fn pinned_index() -> NameIndex {
    NameIndex::new(PINNED.iter().map(|n| std::iter::once(*n)))
}

/// What `/whereis` would name: the best match and those about as good.
fn close(index: &NameIndex, query: &str) -> Vec<&'static str> {
    let hits = index.close_matches(&Query::new(query), 5);
    hits.iter().map(|h| PINNED[h.target]).collect()
}

/// "Did you mean", nearest first, when nothing matches.
fn suggested(index: &NameIndex, query: &str) -> Vec<&'static str> {
    let ranking = index.search(&Query::new(query), 5);
    assert!(ranking.matches.is_empty(), "{query:?} matched");
    ranking.near.iter().map(|h| PINNED[h.target]).collect()
}

#[test]
fn a_typo_in_a_short_word_is_forgiven_when_the_rest_pins_the_name() {
    let index = pinned_index();
    assert_eq!(close(&index, "Wei Xi"), ["Wei Xu"]);
    assert_eq!(close(&index, "Xi Wei"), ["Wei Xu"], "in any order");
    assert_eq!(close(&index, "Nguyen Vna An"), ["Nguyen Van An"]);
    assert!(close(&index, "Ana Lea").contains(&"Ana Lee"));
    assert_eq!(close(&index, "Ana Lei"), ["Ana Lee"]);
    // Ranked below the exact pairing.
    assert_eq!(close(&index, "Wei Xu"), ["Wei Xu"]);
    let all = index.matches(&Query::new("Wei Xu"), 5);
    assert_eq!(PINNED[all[0].target], "Wei Xu");
}

#[test]
fn a_typo_in_a_short_word_alone_is_not_forgiven() {
    let index = pinned_index();
    for q in ["Xi", "Lei", "Vna", "Xi Lei"] {
        assert!(close(&index, q).is_empty(), "{q:?}");
    }
}

#[test]
fn two_edits_in_a_five_letter_word_are_forgiven_when_the_rest_pins_the_name() {
    let index = pinned_index();
    assert_eq!(close(&index, "Diego Rmaso"), ["Diego Ramos"]);
    assert_eq!(close(&index, "Rmaso Diego"), ["Diego Ramos"]);
    assert!(close(&index, "Rmaso").is_empty(), "not alone");
    // Typed shorter (a letter dropped and one swapped), as long as three letters stay in common.
    assert_eq!(close(&index, "Diego Rmas"), ["Diego Ramos"]);
    assert!(close(&index, "Diego Rmz").is_empty());
}

#[test]
fn two_edits_in_a_four_letter_word_typed_longer_are_forgiven_when_pinned() {
    let index = pinned_index();
    assert_eq!(close(&index, "Felipe Liamm"), ["Felipe Lima"]);
    assert_eq!(close(&index, "Felipe Lima"), ["Felipe Lima"]);
    assert!(close(&index, "Liamm").is_empty(), "not alone");
}

#[test]
fn a_word_alone_in_its_usual_place_comes_first_among_equals() {
    let names = [
        "Agathe Michel",
        "Michel Dupont",
        "Zoé Michel",
        "Michel Durand",
    ];
    let index = NameIndex::new(names.iter().map(|n| std::iter::once(*n)));
    let hits = index.close_matches(&Query::new("Michel"), 5);
    let found: Vec<&str> = hits.iter().map(|h| names[h.target]).collect();
    assert_eq!(
        found,
        [
            "Michel Dupont",
            "Michel Durand",
            "Agathe Michel",
            "Zoé Michel"
        ]
    );
    // The two that start with it tie with each other, not with the others.
    assert_eq!(
        hits[0].score.rank(&hits[1].score),
        std::cmp::Ordering::Equal
    );
    assert_eq!(hits[1].score.rank(&hits[2].score), std::cmp::Ordering::Less);
    // Where names end with the word many times as often as they start with it, it is a family name.
    let names = [
        "Kumar Andreasson",
        "Arjun Kumar",
        "Aditi Kumar",
        "Ravi Kumar",
        "Priya Kumar",
        "Sunil Kumar",
    ];
    let index = NameIndex::new(names.iter().map(|n| std::iter::once(*n)));
    let hits = index.close_matches(&Query::new("Kumar"), 10);
    assert_eq!(names[hits[0].target], "Aditi Kumar");
    assert_eq!(names[hits[5].target], "Kumar Andreasson");
}

#[test]
fn suggestions_are_nearest_first() {
    let index = pinned_index();
    // Three edits do not match, but the nearest name comes first.
    assert_eq!(suggested(&index, "Diego Rmasz")[0], "Diego Ramos");
    // Reached through the typo'd word alone.
    assert_eq!(suggested(&index, "Rmaso"), ["Diego Ramos"]);
    let near = suggested(&index, "Diego Cstlio");
    assert_eq!(near[0], "Diego Castillo", "{near:?}");
}
