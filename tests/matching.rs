//! How names typed in chat find people and companies in the shipped dataset.

use llama_alumni::catalog::Catalog;
use llama_alumni::commands::{Answer, NotFound, SlashCommand, company, whereis};
use llama_alumni::dataset::Dataset;

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
