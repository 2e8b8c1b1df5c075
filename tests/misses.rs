//! What a reply does when the answer is not one clear match: a tie is said and listed, not decided
//! by the alphabet; the other command's hit is offered; an initial alone lists the names it starts.

mod common;

use llama_alumni::commands::{self, Request};
use llama_alumni::i18n::Locale;
use llama_alumni::reply::{Outcome, Reply};

use common::openapi::assert_valid_callback;

fn run(line: &str) -> Reply {
    let reply = commands::run(&common::catalog(), &Request::parse(line).unwrap());
    assert_valid_callback(&reply.to_json());
    reply
}

#[test]
fn a_tie_is_said_and_listed_with_a_button_each() {
    let reply = run("/company ai");
    assert_eq!(reply.embed.title, "3 companies match equally");
    assert_eq!(
        reply.embed.description,
        "**Meta**, **Microsoft AI** and **Mistral AI** all match `ai` equally well. Pick one below, or type more of the name."
    );
    assert_eq!(
        common::reply_button_ids(&reply),
        [
            "v1:company:meta",
            "v1:company:microsoft-ai",
            "v1:company:mistral"
        ]
    );
    assert_eq!(reply.outcome, Outcome::Found);
    let reply = run("/whereis la");
    assert_eq!(reply.embed.title, "2 people match equally");
    assert!(reply.embed.description.contains("both match `la`"));
    // A clear best is still the answer.
    assert_eq!(run("/whereis Lample").embed.title, "Guillaume Lample");
    assert_eq!(run("/company Mistral").embed.title, "Mistral AI");
    let french = commands::run(
        &common::catalog(),
        &Request::parse("/company ai").unwrap().in_locale(Locale::Fr),
    );
    assert_eq!(french.embed.title, "3 entreprises correspondent autant");
}

#[test]
fn the_wrong_command_points_to_the_right_one() {
    let reply = run("/whereis Mistral");
    assert_eq!(reply.outcome, Outcome::NotFound);
    assert!(
        reply
            .embed
            .description
            .contains("**Mistral AI** is a company: try `/company Mistral`."),
        "{}",
        reply.embed.description
    );
    assert_eq!(
        common::reply_button_ids(&reply).first().map(String::as_str),
        Some("v1:company:mistral")
    );
    let reply = run("/company Lample");
    assert!(
        reply
            .embed
            .description
            .contains("**Guillaume Lample** is a person: try `/whereis Lample`."),
        "{}",
        reply.embed.description
    );
    assert_eq!(
        common::reply_button_ids(&reply).first().map(String::as_str),
        Some("v1:whereis:Guillaume Lample")
    );
    // Nothing anywhere: no such line.
    assert!(
        !run("/whereis Zuckerberg")
            .embed
            .description
            .contains("try `/company")
    );
}

#[test]
fn an_initial_alone_lists_the_names_it_starts() {
    let reply = run("/whereis G");
    assert_eq!(reply.outcome, Outcome::NotFound);
    assert!(
        reply.embed.description.contains(
            "**Edouard Grave**, **Gautier Izacard**, **Guillaume Lample**, **Naman Goyal**"
        ),
        "{}",
        reply.embed.description
    );
    assert_eq!(common::reply_button_ids(&reply).len(), 4);
    let choices = commands::whereis::Whereis;
    let listed: Vec<String> = commands::SlashCommand::complete(&choices, &common::catalog(), "g")
        .into_iter()
        .map(|c| c.value)
        .collect();
    assert_eq!(
        listed,
        [
            "Edouard Grave",
            "Gautier Izacard",
            "Guillaume Lample",
            "Naman Goyal"
        ]
    );
}
