//! Property tests: whatever a user types, and whatever a dataset holds, every reply and every
//! autocomplete response the bot would send stays inside Discord's limits and never pings anyone.
//!
//! The limits are checked by `common::assert_within_discord_limits`, written independently of the
//! crate's own `limits` module.

mod common;

use std::sync::LazyLock;

use llama_alumni::catalog::Catalog;
use llama_alumni::commands::{self, Answer, Command, company, whereis};
use llama_alumni::dataset::Dataset;
use llama_alumni::discord::wire;
use llama_alumni::reply::Outcome;
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Value, json};

/// The embedded dataset's catalog, built once for all cases.
static EMBEDDED: LazyLock<Catalog> = LazyLock::new(common::catalog);

/// The flag Discord uses for "only the asker sees it".
const EPHEMERAL: u64 = 64;

/// A short, printable excerpt for assertion messages.
fn excerpt(s: &str) -> String {
    let head: String = s.chars().take(80).collect();
    format!("{head:?}{}", if s.chars().count() > 80 { "…" } else { "" })
}

/// The autocomplete response body for what the user has typed so far.
fn complete_json(catalog: &Catalog, command: Command, partial: &str) -> Value {
    let choices = command.complete(catalog, partial);
    wire::body_json(&wire::autocomplete_response(&choices))
}

/// Autocomplete for `partial` is a type-8 body within the limits, with at most 25 choices.
fn check_complete(catalog: &Catalog, command: Command, partial: &str) -> Result<(), TestCaseError> {
    let body = complete_json(catalog, command, partial);
    common::assert_within_discord_limits(&body);
    prop_assert_eq!(
        body["type"].as_u64(),
        Some(8),
        "autocomplete type for {}",
        excerpt(partial)
    );
    let n = body["data"]["choices"].as_array().map(Vec::len);
    prop_assert!(
        matches!(n, Some(0..=25)),
        "/{} autocomplete for {} has {:?} choices",
        command.spec().name,
        excerpt(partial),
        n
    );
    Ok(())
}

/// Checks a reply body for `command` with `text`, given the outcome of the answer it renders.
fn check_body(
    command: Command,
    text: &str,
    outcome: Outcome,
    body: &Value,
) -> Result<(), TestCaseError> {
    let command = command.spec().name;
    common::assert_within_discord_limits(body);
    prop_assert_eq!(
        body["type"].as_u64(),
        Some(4),
        "/{} {}: type",
        command,
        excerpt(text)
    );
    prop_assert_eq!(
        &body["data"]["allowed_mentions"]["parse"],
        &json!([]),
        "/{} {}: allowed_mentions",
        command,
        excerpt(text)
    );
    let flags = body["data"]["flags"].as_u64();
    if outcome != Outcome::Found {
        prop_assert_eq!(
            flags,
            Some(EPHEMERAL),
            "/{} {}: a failure answer must be ephemeral",
            command,
            excerpt(text)
        );
    }
    if outcome == Outcome::Found {
        prop_assert!(
            flags.unwrap_or(0) & EPHEMERAL == 0,
            "/{} {}: a found answer is shown to everyone, flags {:?}",
            command,
            excerpt(text),
            flags
        );
    }
    Ok(())
}

/// Answers `text` with `command` (any text reaches the matcher) and checks the reply body.
fn check_answer(catalog: &Catalog, command: Command, text: &str) -> Result<(), TestCaseError> {
    let reply = command.run(catalog, text);
    check_body(command, text, reply.outcome, &reply.to_json())
}

/// The whole query property, for both commands.
fn check_query(catalog: &Catalog, text: &str) -> Result<(), TestCaseError> {
    for &command in commands::ALL {
        check_answer(catalog, command, text)?;
        check_complete(catalog, command, text)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Query generators
// ---------------------------------------------------------------------------------------------

fn collect(chars: Vec<char>) -> String {
    chars.into_iter().collect()
}

/// Text with many control and invisible characters.
fn with_controls() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => any::<char>(),
            3 => (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap()),
            1 => (0x7fu32..=0x9f).prop_map(|c| char::from_u32(c).unwrap()),
            2 => prop::sample::select(vec![
                '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202A}',
                '\u{202E}', '\u{2028}', '\u{2029}', '\u{2066}', '\u{FEFF}', '\u{00AD}',
                '\u{3000}', '\u{0301}', '\u{FFFD}',
            ]),
            3 => prop::char::range('a', 'z'),
            1 => Just(' '),
        ],
        0..200,
    )
    .prop_map(collect)
}

/// Text up to 10,000 characters: arbitrary, repeated patterns, and lengths around the
/// 100-character query limit.
fn long_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(any::<char>(), 0..10_000).prop_map(collect),
        (
            prop_oneof![
                prop::sample::select(vec![
                    "a",
                    "lample ",
                    "Guillaume Lample ",
                    "@everyone ",
                    "**",
                    "`",
                    "é",
                    "\u{0}",
                    "x-",
                    "<@123>",
                    "\u{1F999}",
                    "中文",
                    "\u{0301}",
                    " ",
                ])
                .prop_map(String::from),
                "\\PC{1,8}",
            ],
            1usize..10_000,
        )
            .prop_map(|(pattern, n)| pattern.repeat(n).chars().take(10_000).collect()),
        (
            prop::sample::select(vec!["a", "lample ", "mistral ", "é", "@here ", "`", "中"]),
            90usize..=110,
        )
            .prop_map(|(pattern, n)| pattern.repeat(n).chars().take(n).collect()),
    ]
}

/// Text made of mentions, markdown, links, and pieces of real names.
fn markdown_and_mentions() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(vec![
                "@everyone", "@here", "<@123>", "<@!123>", "<@&456>", "<#789>", "**", "*", "__",
                "_", "`", "```", "~~", "||", "\\", "> ", "# ", "-# ", "[x](https://x.y)",
                "discord.gg/abc", "<t:0>", ":smile:", "\u{200B}", " ", "\n", "\u{202E}",
            ])
            .prop_map(String::from),
            2 => prop::sample::select(name_pieces()),
            1 => "[a-zA-Z]{1,8}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

/// Every word of every name in the embedded dataset (people, companies, aliases).
fn name_pieces() -> Vec<String> {
    let mut pieces: Vec<String> = known_names()
        .iter()
        .flat_map(|n| n.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    pieces.sort();
    pieces.dedup();
    pieces
}

/// Every name in the embedded dataset: people, companies, aliases.
fn known_names() -> Vec<String> {
    let ds = EMBEDDED.dataset();
    ds.people()
        .iter()
        .map(|p| p.name.clone())
        .chain(
            ds.companies()
                .iter()
                .flat_map(|c| c.names().map(str::to_owned)),
        )
        .collect()
}

/// Real names with typos, cut short, re-cased or with the words swapped, so that found answers
/// (people, companies, "also matching") are exercised as much as not-found ones.
fn near_names() -> impl Strategy<Value = String> {
    (
        prop::sample::select(known_names()),
        prop::collection::vec((0u8..5, any::<Index>(), prop::char::range('a', 'z')), 0..3),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(name, edits, upper, reverse)| {
            let mut chars: Vec<char> = name.chars().collect();
            for (op, at, c) in edits {
                if chars.is_empty() {
                    break;
                }
                let i = at.index(chars.len());
                match op {
                    0 => {
                        chars.remove(i);
                    }
                    1 => chars.insert(i, c),
                    2 => chars[i] = c,
                    3 if i + 1 < chars.len() => chars.swap(i, i + 1),
                    _ => chars.truncate(i.max(2)),
                }
            }
            let mut text: String = chars.into_iter().collect();
            if upper {
                text = text.to_uppercase();
            }
            if reverse {
                text = text.split_whitespace().rev().collect::<Vec<_>>().join(" ");
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_string_is_answered_within_limits(text in any::<String>()) {
        check_query(&EMBEDDED, &text)?;
    }

    #[test]
    fn printable_unicode_is_answered_within_limits(text in "\\PC*") {
        check_query(&EMBEDDED, &text)?;
    }

    #[test]
    fn control_characters_are_answered_within_limits(text in with_controls()) {
        check_query(&EMBEDDED, &text)?;
    }

    #[test]
    fn mentions_and_markdown_are_answered_within_limits(text in markdown_and_mentions()) {
        check_query(&EMBEDDED, &text)?;
    }

    #[test]
    fn near_names_are_answered_within_limits(text in near_names()) {
        check_query(&EMBEDDED, &text)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn long_text_is_answered_within_limits(text in long_text()) {
        check_query(&EMBEDDED, &text)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Datasets with long strings
// ---------------------------------------------------------------------------------------------

/// A string of up to `max` characters: arbitrary characters, printable ones, markdown and
/// mentions (which escaping makes longer), or exactly `max` letters.
fn long_string(max: usize) -> BoxedStrategy<String> {
    prop_oneof![
        prop::collection::vec(any::<char>(), 0..=max).prop_map(collect),
        proptest::string::string_regex(&format!("\\PC{{0,{max}}}")).unwrap(),
        prop::collection::vec(
            prop::sample::select(vec![
                "@everyone ",
                "@here ",
                "<@123> ",
                "**",
                "*",
                "_",
                "`",
                "~~",
                "\\",
                "discord.gg/x ",
                "é",
                "中",
                "\n",
                " ",
                "word ",
            ]),
            0..=max / 2,
        )
        .prop_map(move |parts| parts.concat().chars().take(max).collect()),
        Just("x".repeat(max)),
        Just("*".repeat(max)),
    ]
    .boxed()
}

/// What varies in a generated dataset.
#[derive(Clone)]
struct Spec {
    source: String,
    author: String,
    basis: String,
    paper_title: String,
    company_name: String,
    aliases: Vec<String>,
    name_suffix: String,
    roles: Vec<String>,
    people: usize,
}

/// Long strings shown by length and beginning, so a failing case can be read.
struct Long<'a>(&'a str);

impl std::fmt::Debug for Long<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} chars: {}", self.0.chars().count(), excerpt(self.0))
    }
}

impl std::fmt::Debug for Spec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn longs(v: &[String]) -> Vec<Long<'_>> {
            v.iter().map(|s| Long(s)).collect()
        }
        f.debug_struct("Spec")
            .field("source", &Long(&self.source))
            .field("author", &Long(&self.author))
            .field("basis", &Long(&self.basis))
            .field("paper_title", &Long(&self.paper_title))
            .field("company_name", &Long(&self.company_name))
            .field("aliases", &longs(&self.aliases))
            .field("name_suffix", &Long(&self.name_suffix))
            .field("roles", &longs(&self.roles))
            .field("people", &self.people)
            .finish()
    }
}

/// Words that make each alias fold to its own normalized name, unlike any other company's.
const ALIAS_WORDS: [&str; 4] = ["aliasone", "aliastwo", "aliasthree", "aliasfour"];

fn spec(people: impl Strategy<Value = usize>) -> impl Strategy<Value = Spec> {
    (
        (long_string(5000), long_string(1000), long_string(2000)),
        (long_string(2000), long_string(3000)),
        prop::collection::vec(long_string(1000), 0..=ALIAS_WORDS.len()),
        long_string(300),
        prop::collection::vec(long_string(2000), 1..=3),
        people,
    )
        .prop_map(
            |(
                (source, author, basis),
                (paper_title, company_name),
                aliases,
                name_suffix,
                roles,
                people,
            )| Spec {
                source,
                author,
                basis,
                paper_title,
                company_name,
                aliases,
                name_suffix,
                roles,
                people,
            },
        )
}

/// Person `i` (1-based): the number is a word of its own, so names stay unique once folded.
fn person_name(spec: &Spec, i: usize) -> String {
    format!("Person {i} {} {}", person_tag(i), spec.name_suffix)
}

/// A word for person `i` alone (`qzab`): the suffix may hold any number (`` `7 `` folds to `7`),
/// which would tie every name on `Person 7`, never this word. All of the same length, so none is
/// a prefix of another.
fn person_tag(i: usize) -> String {
    let letter = |n: usize| char::from(b'a' + (n % 26) as u8);
    format!("qz{}{}", letter(i / 26), letter(i))
}

/// The dataset file for a spec. Blank-sensitive fields get a word in front so the loader takes
/// them whatever was generated.
fn dataset_json(spec: &Spec) -> String {
    let people: Vec<Value> = (1..=spec.people)
        .map(|i| {
            json!({
                "name": person_name(spec, i),
                "papers": ["p"],
                "company": "big",
                "role": format!("Role {}", spec.roles[i % spec.roles.len()]),
                "left_meta": "2023-06",
                "time_at_meta": { "years": 3, "months": 2 },
            })
        })
        .collect();
    let aliases: Vec<String> = spec
        .aliases
        .iter()
        .zip(ALIAS_WORDS)
        .map(|(alias, word)| format!("{word} {alias}"))
        .collect();
    json!({
        "schema_version": 1,
        "as_of": "2025-05-26",
        "provenance": {
            "source": format!("Source {}", spec.source),
            "author": spec.author,
            "basis": spec.basis,
        },
        "papers": [{ "id": "p", "title": format!("Title {}", spec.paper_title), "year": 2023 }],
        "companies": [
            { "id": "meta", "name": "Meta" },
            { "id": "big", "name": format!("Big {}", spec.company_name), "aliases": aliases },
        ],
        "people": people,
    })
    .to_string()
}

fn load(spec: &Spec) -> Result<Catalog, TestCaseError> {
    let text = dataset_json(spec);
    match Dataset::from_json(&text, "test.json") {
        Ok(ds) => Ok(Catalog::new(ds)),
        Err(e) => Err(TestCaseError::fail(format!(
            "generated dataset refused: {e}"
        ))),
    }
}

/// Asks `/{command} {text}` with `common::ask` and checks the body, with the outcome it shows.
fn ask_checked(
    catalog: &Catalog,
    command: Command,
    text: &str,
) -> Result<(Outcome, Value), TestCaseError> {
    let body = common::ask(catalog, &format!("/{} {text}", command.spec().name));
    let outcome = command.run(catalog, text).outcome;
    check_body(command, text, outcome, &body)?;
    Ok((outcome, body))
}

/// `/company big`, `/whereis Person 1 qzab` and the last person, `/company meta` (nobody
/// there), not-found and too-long queries, and autocomplete, all within the limits. Returns the
/// `/company big` body.
fn check_dataset(spec: &Spec) -> Result<Value, TestCaseError> {
    let catalog = load(spec)?;

    let (_, company_body) = ask_checked(&catalog, &company::CompanyCommand, "big")?;
    match &company::answer(&catalog, "big") {
        Answer::Found(company::Found::Roster {
            company, roster, ..
        }) => {
            prop_assert_eq!(&company.name, &format!("Big {}", spec.company_name));
            prop_assert_eq!(roster.len(), spec.people);
        }
        other => {
            return Err(TestCaseError::fail(format!(
                "/company big did not find the company: {other:?}"
            )));
        }
    }

    for i in [1, spec.people] {
        let query = format!("Person {i} {}", person_tag(i));
        ask_checked(&catalog, &whereis::Whereis, &query)?;
        match &whereis::answer(&catalog, &query) {
            Answer::Found(found) => {
                prop_assert_eq!(&found.person.name, &person_name(spec, i));
            }
            // Names of hundreds of words can score alike: then they are listed, this one first.
            Answer::Tie(tie) => {
                prop_assert_eq!(&tie.candidates[0].name, &person_name(spec, i));
            }
            other => {
                return Err(TestCaseError::fail(format!(
                    "/whereis {query} found no one: {other:?}"
                )));
            }
        }
        check_complete(&catalog, &whereis::Whereis, &query)?;
    }

    ask_checked(&catalog, &company::CompanyCommand, "meta")?;
    let answer = company::answer(&catalog, "meta");
    prop_assert!(
        matches!(&answer, Answer::Found(company::Found::Nobody { .. })),
        "/company meta: {:?}",
        answer
    );

    // Every command that looks something up (`/timeline` takes no argument: it always answers).
    for &command in commands::ALL.iter().filter(|c| c.spec().option.is_some()) {
        let (outcome, _) = ask_checked(&catalog, command, "qqqzzzxxjj")?;
        prop_assert!(
            outcome != Outcome::Found,
            "/{} qqqzzzxxjj found something",
            command.spec().name
        );
        check_answer(&catalog, command, &"w".repeat(101))?;
        for partial in ["", "big", "Person", "Person 1", "aliasone", "zzzqqq"] {
            check_complete(&catalog, command, partial)?;
        }
    }
    Ok(company_body)
}

/// Whether a `/company` roster accounts for all `n` people ("Person 1" to "Person n"): every
/// line is shown; or the first page is, with the pages counted in the footer and a "Next" button;
/// or the description says how many more there are.
fn roster_accounted(body: &Value, n: usize) -> Result<(), TestCaseError> {
    let embed = &body["data"]["embeds"][0];
    let description = embed["description"].as_str().unwrap_or("");
    let footer = embed["footer"]["text"].as_str().unwrap_or("");
    let summarized = description.contains("more author");
    let all_listed = (1..=n).all(|i| description.contains(&format!("**Person {i} ")));
    let pages = n.div_ceil(llama_alumni::commands::buttons::PAGE_LINES);
    let next = common::button_ids(body)
        .iter()
        .any(|id| id.ends_with(":page:2"));
    let page_listed = description.matches("**Person ").count()
        == n.min(llama_alumni::commands::buttons::PAGE_LINES);
    let paged = footer.starts_with(&format!("Page 1 of {pages} · ")) && next && page_listed;
    prop_assert!(
        summarized || all_listed || paged,
        "the roster of {} neither lists everyone nor says how many more there are; \
         description ({} chars): {}",
        n,
        description.chars().count(),
        excerpt(description)
    );
    Ok(())
}

/// Dataset cases are expensive (up to 500 people with 2000-character roles), so fewer cases and
/// a bounded shrink. No failure file is written.
fn dataset_config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        max_shrink_time: 3_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(dataset_config(16))]

    #[test]
    fn datasets_with_long_strings_render_within_limits(spec in spec(1usize..=500)) {
        check_dataset(&spec)?;
    }
}

proptest! {
    #![proptest_config(dataset_config(8))]

    /// 500 people at one company: everything within limits, and the roster is summarized
    /// ("… and N more authors"), or every line fits.
    #[test]
    fn five_hundred_people_at_one_company_render_within_limits(spec in spec(Just(500usize))) {
        let body = check_dataset(&spec)?;
        roster_accounted(&body, 500)?;
    }
}

/// A fixed, small case of the property above: a company whose name alone fills the description
/// budget (everything else is short). With 500 people, any name of 4050 characters or more fails.
#[test]
fn roster_of_a_company_with_a_very_long_name_is_accounted_for() {
    let spec = Spec {
        source: String::new(),
        author: String::new(),
        basis: String::new(),
        paper_title: String::new(),
        company_name: "x".repeat(4096),
        aliases: Vec::new(),
        name_suffix: "Xyz".to_owned(),
        roles: vec!["Engineer".to_owned()],
        people: 500,
    };
    let catalog = load(&spec).unwrap();
    let body = common::ask(&catalog, "/company big");
    common::assert_within_discord_limits(&body);
    roster_accounted(&body, 500).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Fixed examples: every kind of answer, and the checker itself
// ---------------------------------------------------------------------------------------------

#[test]
fn every_kind_of_answer_is_within_limits() {
    for line in [
        "/whereis lampel",
        "/whereis Hugo",
        "/whereis zzzzzz",
        "/whereis !!!",
        "/company mistral",
        "/company meta",
        "/company google",
        "/company zzzzzz",
    ] {
        let body = common::ask(&EMBEDDED, line);
        common::assert_within_discord_limits(&body);
    }
    for &command in commands::ALL {
        for partial in ["", "a", "lam", "mis"] {
            common::assert_within_discord_limits(&complete_json(&EMBEDDED, command, partial));
        }
    }
}

fn valid_message() -> Value {
    json!({
        "type": 4,
        "data": {
            "embeds": [{ "title": "t", "description": "d", "fields": [{ "name": "n", "value": "v" }] }],
            "allowed_mentions": { "parse": [] },
            "flags": 64,
        }
    })
}

#[test]
fn checker_accepts_a_valid_message() {
    common::assert_within_discord_limits(&valid_message());
}

#[test]
#[should_panic(expected = "allowed_mentions")]
fn checker_refuses_a_message_that_could_ping() {
    let mut body = valid_message();
    body["data"]["allowed_mentions"] = json!({ "parse": ["everyone"] });
    common::assert_within_discord_limits(&body);
}

#[test]
#[should_panic(expected = "title is 257 characters")]
fn checker_counts_characters_not_bytes() {
    let mut body = valid_message();
    body["data"]["embeds"][0]["title"] = json!("é".repeat(257));
    common::assert_within_discord_limits(&body);
}

#[test]
#[should_panic(expected = "only whitespace")]
fn checker_refuses_a_blank_field() {
    let mut body = valid_message();
    body["data"]["embeds"][0]["fields"][0]["value"] = json!("  ");
    common::assert_within_discord_limits(&body);
}

#[test]
#[should_panic(expected = "at most 6000")]
fn checker_refuses_embeds_over_the_total() {
    let mut body = valid_message();
    let field = json!({ "name": "n", "value": "v".repeat(1000) });
    body["data"]["embeds"][0]["fields"] = json!(vec![field; 7]);
    common::assert_within_discord_limits(&body);
}

#[test]
#[should_panic(expected = "26 autocomplete choices")]
fn checker_refuses_too_many_choices() {
    let choices: Vec<Value> = (0..26)
        .map(|i| json!({ "name": format!("c{i}"), "value": "v" }))
        .collect();
    common::assert_within_discord_limits(&json!({ "type": 8, "data": { "choices": choices } }));
}

#[test]
#[should_panic(expected = "flags must be an integer")]
fn checker_refuses_non_integer_flags() {
    let mut body = valid_message();
    body["data"]["flags"] = json!("64");
    common::assert_within_discord_limits(&body);
}
