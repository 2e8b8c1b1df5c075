//! Replies in French, for a user whose Discord speaks French: the JSON bodies and the terminal text
//! pinned as snapshots (`cargo insta review` to update), and no English left in them.

use llama_alumni::catalog::Catalog;
use llama_alumni::commands::{self, Request, SlashCommand, company, whereis};
use llama_alumni::dataset::Dataset;
use llama_alumni::discord::wire;
use llama_alumni::i18n::Locale;
use llama_alumni::reply::{Outcome, Reply};

fn catalog() -> Catalog {
    Catalog::new(Dataset::embedded().unwrap())
}

fn reply(line: &str) -> Reply {
    let request = Request::parse(line).unwrap().in_locale(Locale::Fr);
    commands::run(&catalog(), &request)
}

/// The body Discord receives and the text a terminal shows, both pinned.
fn snapshot(name: &str, reply: &Reply) {
    insta::assert_json_snapshot!(format!("{name}_json"), reply.to_json());
    insta::assert_snapshot!(format!("{name}_text"), reply.to_text());
}

#[test]
fn whereis_someone_who_left() {
    snapshot("whereis_lample", &reply("/whereis Lample"));
}

#[test]
fn whereis_someone_still_at_meta() {
    snapshot("whereis_touvron", &reply("/whereis touvron"));
}

#[test]
fn whereis_ambiguous() {
    snapshot("whereis_ambiguous", &reply("/whereis Lac"));
}

#[test]
fn company_roster() {
    snapshot("company_mistral", &reply("/company Mistral"));
}

#[test]
fn company_still_at_meta() {
    snapshot("company_meta", &reply("/company Meta"));
}

#[test]
fn stats() {
    snapshot("stats", &reply("/stats"));
}

#[test]
fn stats_of_one_company() {
    snapshot("stats_mistral", &reply("/stats company: Mistral"));
}

#[test]
fn timeline() {
    snapshot("timeline", &reply("/timeline"));
}

#[test]
fn not_found_with_suggestion() {
    let r = reply("/whereis Rodrigo");
    assert_eq!(r.outcome, Outcome::NotFound);
    snapshot("whereis_not_found", &r);
}

#[test]
fn company_not_found() {
    snapshot("company_not_found", &reply("/company OpenAI"));
}

#[test]
fn rejected_too_long() {
    let request = Request::new(&whereis::Whereis, "x".repeat(150)).in_locale(Locale::Fr);
    let r = commands::run(&catalog(), &request);
    assert_eq!(r.outcome, Outcome::Refused);
    snapshot("rejected_too_long", &r);
}

#[test]
fn rejected_empty() {
    let r = reply("/whereis !!!");
    assert_eq!(r.outcome, Outcome::Refused);
    assert!(
        r.embed.description.contains("au moins une lettre"),
        "{:?}",
        r.embed
    );
}

#[test]
fn unknown_command() {
    snapshot(
        "unknown_command",
        &commands::unknown_command_in("whois", Locale::Fr),
    );
}

#[test]
fn autocomplete_counts_authors_in_french() {
    let choices = company::CompanyCommand.complete_in(&catalog(), "", Locale::Fr);
    let names: Vec<&str> = choices.iter().map(|c| c.name.as_str()).collect();
    assert!(names.contains(&"Mistral AI · 5 auteurs"), "{names:?}");
    assert!(names.contains(&"Anthropic · 1 auteur"), "{names:?}");
    // The value filled in is the company's name, whatever the language.
    assert!(choices.iter().any(|c| c.value == "Mistral AI"));
    insta::assert_json_snapshot!(wire::body_json(&wire::autocomplete_response(&choices)));
}

#[test]
fn french_replies_keep_no_english_words() {
    let c = catalog();
    let mut lines: Vec<String> = [
        "/whereis Lample",
        "/whereis Touvron",
        "/whereis Lac",
        "/whereis Zuckerberg",
        "/whereis !!!",
        "/company Mistral",
        "/company Meta",
        "/company OpenAI",
        "/stats",
        "/stats Mistral",
        "/stats nothing-like-it",
        "/timeline",
    ]
    .map(String::from)
    .to_vec();
    lines.push(format!("/company {}", "y".repeat(200)));
    for line in &lines {
        let r = commands::run(&c, &Request::parse(line).unwrap().in_locale(Locale::Fr));
        let text = r.to_text();
        // Words the English replies use that no data here contains.
        for english in [
            "Source:",
            "Data as of",
            "author",
            " at ",
            "Left",
            "left",
            "Time at",
            "Try ",
            "e.g.",
            "Did you",
            "Still",
            "still",
            "more",
            "figures",
            "Nobody",
            "No one",
            "No company",
            "Cannot",
            "Unknown",
        ] {
            assert!(!text.contains(english), "{line}: {english:?} in\n{text}");
        }
    }
}

#[test]
fn every_discord_locale_other_than_french_gets_english() {
    let c = catalog();
    let english = commands::run(&c, &Request::parse("/whereis Lample").unwrap()).to_json();
    for locale in ["en-US", "en-GB", "de", "es-ES", "ja", ""] {
        let request = Request::parse("/whereis Lample")
            .unwrap()
            .in_locale(Locale::from_discord(locale));
        assert_eq!(commands::run(&c, &request).to_json(), english, "{locale:?}");
    }
    let french = Request::parse("/whereis Lample")
        .unwrap()
        .in_locale(Locale::from_discord("fr"));
    assert_ne!(commands::run(&c, &french).to_json(), english);
}

#[test]
fn the_english_api_still_answers_in_english() {
    let c = catalog();
    let r = whereis::Whereis.run(&c, "Lample");
    assert_eq!(r.embed.fields[0].name, "Current role");
    let r = whereis::Whereis.run_in(&c, "Lample", Locale::Fr);
    assert_eq!(r.embed.fields[0].name, "Poste actuel");
    assert_eq!(r.embed.fields[2].name, "A quitté Meta");
    assert_eq!(r.embed.fields[2].value, "début 2023");
    assert_eq!(r.embed.fields[3].name, "Temps passé chez Meta");
    assert_eq!(r.embed.fields[3].value, "7 ans");
}
