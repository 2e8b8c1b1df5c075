//! Every kind of body the bot sends, checked offline against Discord's OpenAPI spec and documented
//! rules; and the checks themselves shown to catch bad bodies.

mod common;

use common::openapi::{assert_valid_callback, assert_valid_registration};
use llama_alumni::commands::{
    self, Request, SlashCommand, company::CompanyCommand, whereis::Whereis,
};
use llama_alumni::discord::wire::{self, Scope};
use llama_alumni::i18n::Locale;
use serde_json::json;

#[test]
fn registration_bodies_match_the_spec() {
    for scope in [Scope::Global, Scope::Guild] {
        let body = serde_json::to_value(wire::registration(scope)).unwrap();
        assert_valid_registration(&body);
    }
}

#[test]
fn every_kind_of_reply_matches_the_spec() {
    let catalog = common::catalog();
    for line in [
        "/whereis Lample",
        "/whereis Touvron",
        "/whereis Lac",
        "/whereis Zuckerberg",
        "/whereis Rodrigo",
        "/whereis !!!",
        "/company Mistral",
        "/company Meta",
        "/company OpenAI",
        "/stats",
        "/stats Mistral",
        "/stats Meta",
        "/stats nothing-like-it",
        "/timeline",
    ] {
        assert_valid_callback(&common::ask(&catalog, line));
    }
    let too_long = Request::new(&Whereis, "x".repeat(500));
    assert_valid_callback(&commands::run(&catalog, &too_long).to_json());
    assert_valid_callback(&commands::unknown_command("whois").to_json());
    for (command, partial) in [
        (&Whereis as commands::Command, ""),
        (&Whereis, "lam"),
        (&Whereis, "zzzz"),
        (&CompanyCommand, "mis"),
    ] {
        let choices = command.complete(&catalog, partial);
        assert_valid_callback(&wire::body_json(&wire::autocomplete_response(&choices)));
    }
}

#[test]
fn french_replies_match_the_spec() {
    let catalog = common::catalog();
    for line in [
        "/whereis Lample",
        "/whereis Lac",
        "/whereis Rodrigo",
        "/whereis !!!",
        "/company Mistral",
        "/company OpenAI",
        "/stats",
        "/stats Mistral",
        "/timeline",
    ] {
        let request = Request::parse(line).unwrap().in_locale(Locale::Fr);
        assert_valid_callback(&commands::run(&catalog, &request).to_json());
    }
    let too_long = Request::new(&Whereis, "x".repeat(500)).in_locale(Locale::Fr);
    assert_valid_callback(&commands::run(&catalog, &too_long).to_json());
    assert_valid_callback(&commands::unknown_command_in("whois", Locale::Fr).to_json());
    let choices = CompanyCommand.complete_in(&catalog, "", Locale::Fr);
    assert_valid_callback(&wire::body_json(&wire::autocomplete_response(&choices)));
}

#[test]
fn registration_describes_every_command_in_french() {
    let body = serde_json::to_value(wire::registration(Scope::Global)).unwrap();
    for command in body.as_array().unwrap() {
        let french = command["description_localizations"]["fr"].as_str().unwrap();
        assert_ne!(french, command["description"].as_str().unwrap());
        for option in command["options"].as_array().into_iter().flatten() {
            let french = option["description_localizations"]["fr"].as_str().unwrap();
            assert_ne!(french, option["description"].as_str().unwrap());
            assert_eq!(
                option["name_localizations"]
                    .as_object()
                    .map_or(0, |m| m.len()),
                0
            );
        }
        assert_eq!(
            command["name_localizations"]
                .as_object()
                .map_or(0, |m| m.len()),
            0
        );
    }
}

#[test]
#[should_panic(expected = "does not match Discord's OpenAPI spec")]
fn the_schema_check_catches_a_bad_reply() {
    assert_valid_callback(&json!({"type": 4, "data": {"embeds": [{"title": 42}]}}));
}

#[test]
#[should_panic(expected = "does not match Discord's OpenAPI spec")]
fn the_schema_check_catches_a_bad_autocomplete() {
    assert_valid_callback(&json!({"type": 8, "data": {"choices": [{"value": "no name"}]}}));
}

#[test]
#[should_panic(expected = "does not match Discord's OpenAPI spec")]
fn the_schema_check_catches_a_long_command_name() {
    assert_valid_registration(&json!([{"name": "x".repeat(40), "description": "d"}]));
}

#[test]
#[should_panic(expected = "is not a valid name")]
fn the_rules_catch_a_bad_command_name() {
    assert_valid_registration(&json!([{"name": "where is", "description": "d"}]));
}

#[test]
#[should_panic(expected = "must be lower case")]
fn the_rules_catch_an_upper_case_name() {
    assert_valid_registration(&json!([{"name": "WhereIs", "description": "d"}]));
}

#[test]
#[should_panic(expected = "autocomplete together with choices")]
fn the_rules_catch_autocomplete_with_choices() {
    assert_valid_registration(&json!([{
        "name": "whereis", "description": "d",
        "options": [{"type": 3, "name": "name", "description": "d", "autocomplete": true,
                     "choices": [{"name": "a", "value": "a"}]}]
    }]));
}

#[test]
#[should_panic]
fn the_rules_catch_the_6000_character_total() {
    let field = json!({"name": "n", "value": "v".repeat(1024)});
    assert_valid_callback(&json!({"type": 4, "data": {
        "allowed_mentions": {"parse": []},
        "embeds": [{"title": "t", "fields": [field.clone(), field.clone(), field.clone(), field.clone(), field.clone(), field.clone()]}]
    }}));
}
