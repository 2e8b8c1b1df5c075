//! The exact JSON bodies the bot sends to Discord, pinned as snapshots (`cargo insta review` to update).

use llama_alumni::catalog::Catalog;
use llama_alumni::commands::{self, Request, SlashCommand, whereis};
use llama_alumni::dataset::Dataset;
use llama_alumni::discord::wire;

fn catalog() -> Catalog {
    Catalog::new(Dataset::embedded().unwrap())
}

fn body(line: &str) -> serde_json::Value {
    commands::run(&catalog(), &Request::parse(line).unwrap()).to_json()
}

#[test]
fn whereis_someone_who_left() {
    insta::assert_json_snapshot!(body("/whereis Lample"));
}

#[test]
fn whereis_someone_still_at_meta() {
    insta::assert_json_snapshot!(body("/whereis touvron"));
}

#[test]
fn whereis_ambiguous() {
    insta::assert_json_snapshot!(body("/whereis Lac"));
}

#[test]
fn company_roster() {
    insta::assert_json_snapshot!(body("/company Mistral"));
}

#[test]
fn company_not_found() {
    insta::assert_json_snapshot!(body("/company OpenAI"));
}

#[test]
fn whereis_not_found_with_suggestion() {
    insta::assert_json_snapshot!(body("/whereis Rodrigo"));
}

#[test]
fn autocomplete() {
    let c = catalog();
    let choices = whereis::Whereis.complete(&c, "lam");
    insta::assert_json_snapshot!(wire::body_json(&wire::autocomplete_response(&choices)));
}

#[test]
fn echoed_input_cannot_ping_or_format() {
    let json = body("/whereis @everyone **bold** <@123> `tick`").to_string();
    assert!(!json.contains("@everyone"), "{json}");
    assert!(json.contains("\"parse\":[]"), "{json}");
    let v = body("/whereis @everyone");
    assert_eq!(v["data"]["flags"], 64);
}

#[test]
fn colors_show_who_left() {
    let left = body("/whereis Lample")["data"]["embeds"][0]["color"].clone();
    let stayed = body("/whereis Touvron")["data"]["embeds"][0]["color"].clone();
    assert_eq!(left, whereis::COLOR_LEFT);
    assert_eq!(stayed, whereis::COLOR_STAYED);
}

#[test]
fn stats() {
    insta::assert_json_snapshot!(body("/stats"));
}

#[test]
fn stats_of_one_company() {
    insta::assert_json_snapshot!(body("/stats mistral"));
}

#[test]
fn timeline() {
    insta::assert_json_snapshot!(body("/timeline"));
}
