//! Buttons and pages: "did you mean" and "also matching" as buttons, pages of long rosters and
//! timelines, and what pressing each answers, on the shipped data and on datasets built here. Every
//! body is checked against Discord's OpenAPI spec and its component rules.

mod common;

use llama_alumni::catalog::Catalog;
use llama_alumni::commands::{self, Delivery, Request};
use llama_alumni::dataset::{Dataset, EMBEDDED_JSON};
use llama_alumni::i18n::Locale;
use llama_alumni::reply::{Outcome, Reply};
use serde_json::{Value, json};

use common::openapi::assert_valid_callback;

/// The shipped file with its people replaced.
fn with_people(people: Vec<Value>) -> Catalog {
    let mut data: Value = serde_json::from_str(EMBEDDED_JSON).unwrap();
    data["people"] = Value::Array(people);
    Catalog::new(Dataset::from_json(&data.to_string(), "test.json").expect("valid"))
}

/// `n` people at Mistral who left in order, one a month from January 2016, then three at Meta.
fn crowd(n: usize) -> Vec<Value> {
    let mut people: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "name": format!("Person {i:03}"), "company": "mistral", "role": "Researcher",
                "left_meta": format!("{}-{:02}", 2016 + i / 12, i % 12 + 1)
            })
        })
        .collect();
    for name in ["Stayed One", "Stayed Two", "Stayed Three"] {
        people.push(json!({"name": name, "company": "meta", "role": "Researcher"}));
    }
    people
}

fn press(c: &Catalog, id: &str) -> commands::Pressed {
    commands::press(c, id, Locale::En)
}

fn run(c: &Catalog, line: &str) -> Reply {
    commands::run(c, &Request::parse(line).unwrap())
}

fn body(reply: &Reply) -> Value {
    let body = reply.to_json();
    assert_valid_callback(&body);
    body
}

#[test]
fn suggestions_and_other_matches_are_buttons_that_answer_for_them() {
    let c = common::catalog();
    let miss = run(&c, "/whereis xyzzy Lample");
    assert_eq!(miss.outcome, Outcome::NotFound);
    assert_eq!(
        common::reply_button_ids(&miss),
        ["v1:whereis:Guillaume Lample"]
    );
    body(&miss);
    let pressed = press(&c, "v1:whereis:Guillaume Lample");
    assert_eq!(pressed.delivery, Delivery::NewMessage);
    assert_eq!(pressed.reply.embed.title, "Guillaume Lample");
    assert_eq!(pressed.reply.outcome, Outcome::Found);
    assert_valid_callback(&llama_alumni::discord::wire::body_json(
        &pressed.interaction_response(),
    ));

    // "Also matching" people are buttons too.
    let ambiguous = run(&c, "/whereis Lac");
    let others = common::reply_button_ids(&ambiguous);
    assert!(!others.is_empty(), "{ambiguous:?}");
    body(&ambiguous);

    // A company not found suggests companies; pressing one gives its roster as a new message.
    let miss = run(&c, "/company Mistrall Labz");
    let company_ids = common::reply_button_ids(&miss);
    assert!(company_ids.iter().all(|id| id.starts_with("v1:company:")));
    if let Some(id) = company_ids.first() {
        let pressed = press(&c, id);
        assert_eq!(pressed.delivery, Delivery::NewMessage);
        assert_eq!(pressed.reply.outcome, Outcome::Found);
    }
    let pressed = press(&c, "v1:company:mistral");
    assert_eq!(pressed.reply.embed.title, "Mistral AI");

    // /stats of an unknown company suggests companies whose buttons give their figures.
    let pressed = press(&c, "v1:stats:mistral");
    assert_eq!(pressed.reply.embed.title, "At Mistral AI, in figures");
}

#[test]
fn a_long_roster_pages_and_each_press_updates_the_message() {
    let c = with_people(crowd(30));
    let first = run(&c, "/company Mistral");
    assert!(
        first.embed.footer.starts_with("Page 1 of 3 · Source:"),
        "{}",
        first.embed.footer
    );
    assert_eq!(
        common::reply_button_ids(&first),
        ["v1:company:mistral:page:0", "v1:company:mistral:page:2"]
    );
    let previous = first.buttons.buttons().next().unwrap();
    assert!(previous.disabled, "no page before the first");
    assert!(first.embed.description.contains("Person 000"));
    assert!(!first.embed.description.contains("Person 012"));
    body(&first);

    let second = press(&c, "v1:company:mistral:page:2");
    assert_eq!(second.delivery, Delivery::Update);
    let json = llama_alumni::discord::wire::body_json(&second.interaction_response());
    assert_eq!(json["type"], 7);
    assert_valid_callback(&json);
    assert!(second.reply.embed.footer.starts_with("Page 2 of 3"));
    assert!(second.reply.embed.description.contains("Person 012"));
    assert!(!second.reply.embed.description.contains("Person 000"));
    let last = press(&c, "v1:company:mistral:page:3");
    assert!(last.reply.embed.description.contains("Person 029"));
    assert!(
        last.reply.buttons.buttons().last().unwrap().disabled,
        "no page after the last"
    );
}

#[test]
fn a_long_timeline_pages_too() {
    let c = with_people(crowd(40));
    let first = run(&c, "/timeline");
    assert_eq!(
        common::reply_button_ids(&first),
        ["v1:timeline:page:0", "v1:timeline:page:2"]
    );
    assert!(first.embed.footer.starts_with("Page 1 of 4"));
    body(&first);
    let page = press(&c, "v1:timeline:page:4");
    assert_eq!(page.delivery, Delivery::Update);
    assert!(page.reply.embed.description.contains("Person 039"));
    assert!(
        page.reply
            .embed
            .description
            .contains("**40** authors left Meta")
    );
    // The shipped timeline fits one page: no buttons.
    assert!(run(&common::catalog(), "/timeline").buttons.is_empty());
}

#[test]
fn presses_that_no_longer_make_sense_are_out_of_date() {
    let c = with_people(crowd(30));
    for id in [
        "v1:whereis:Guillaume Lample", // not in this data
        "v1:company:mistral:page:4",   // past the end
        "v1:company:mistral:page:0",   // the disabled "previous" of page 1
        "v1:company:no-such-company",  // removed
        "v1:timeline:page:99",
        "v1:timeline:page:x",
        "v2:whereis:Person 001", // another version
        "v1:whereis:",
        "garbage",
    ] {
        let pressed = press(&c, id);
        assert_eq!(pressed.reply.outcome, Outcome::Refused, "{id}");
        assert!(pressed.reply.ephemeral(), "{id}");
        assert_eq!(pressed.delivery, Delivery::NewMessage, "{id}");
        assert_eq!(
            pressed.reply.embed.title, "This button is out of date",
            "{id}"
        );
        body(&pressed.reply);
    }
    let pressed = press(&c, "v1:whereis:Guillaume Lample");
    assert!(
        pressed
            .reply
            .embed
            .description
            .contains("`/whereis Lample`")
    );
    // The same id answers again once the person is back in the data.
    let shipped = common::catalog();
    assert_eq!(
        press(&shipped, "v1:whereis:Guillaume Lample").reply.outcome,
        Outcome::Found
    );
}

#[test]
fn names_too_long_for_a_custom_id_are_named_but_get_no_button() {
    let long = format!("Ann {}", "Verylongname".repeat(8));
    let c = with_people(vec![
        json!({"name": long, "company": "mistral", "role": "R", "left_meta": "2024-01"}),
        json!({"name": "Ann Short", "company": "mistral", "role": "R", "left_meta": "2024-01"}),
        json!({"name": "Someone Else", "company": "meta", "role": "R"}),
    ]);
    let reply = run(&c, "/whereis Ann");
    let all: Vec<String> = common::reply_button_ids(&reply);
    assert!(all.iter().all(|id| id.chars().count() <= 100), "{all:?}");
    body(&reply);
}

#[test]
fn every_reply_on_many_queries_follows_the_component_rules() {
    let c = with_people(crowd(70));
    for line in [
        "/whereis Person",
        "/whereis Persn 01",
        "/company Mistral",
        "/company Meta",
        "/company Mistrl",
        "/company nothing like it",
        "/stats",
        "/stats zzz",
        "/timeline",
    ] {
        body(&run(&c, line));
    }
    for page in 1..=6 {
        let pressed = press(&c, &format!("v1:timeline:page:{page}"));
        assert_valid_callback(&llama_alumni::discord::wire::body_json(
            &pressed.interaction_response(),
        ));
    }
}

#[test]
fn buttons_pages_and_out_of_date_replies_speak_french_too() {
    let c = with_people(crowd(30));
    let request = Request::parse("/company Mistral")
        .unwrap()
        .in_locale(Locale::Fr);
    let first = commands::run(&c, &request);
    let labels: Vec<&str> = first.buttons.buttons().map(|b| b.label.as_str()).collect();
    assert_eq!(labels, ["◀ Précédent", "Suivant ▶"]);
    assert!(
        first.embed.footer.starts_with("Page 1 sur 3 · "),
        "{}",
        first.embed.footer
    );
    body(&first);
    let second = commands::press(&c, "v1:company:mistral:page:2", Locale::Fr);
    assert!(second.reply.embed.footer.starts_with("Page 2 sur 3"));
    let stale = commands::press(&c, "v1:whereis:Guillaume Lample", Locale::Fr);
    assert_eq!(stale.reply.embed.title, "Ce bouton n’est plus à jour");
    assert!(
        stale
            .reply
            .embed
            .description
            .contains("Essayez `/whereis Lample`.")
    );
}
