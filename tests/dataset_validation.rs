//! A bad dataset file is refused whole, with a message naming the file, the line and the field.

use llama_alumni::dataset::{Dataset, DatasetError, EMBEDDED_JSON};

/// The shipped file with one piece of text replaced (it must occur exactly once).
fn edited(from: &str, to: &str) -> String {
    assert_eq!(
        EMBEDDED_JSON.matches(from).count(),
        1,
        "{from:?} must occur once in the dataset"
    );
    EMBEDDED_JSON.replacen(from, to, 1)
}

/// The 1-based line on which `needle` first occurs in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).expect("needle in text");
    text[..at].matches('\n').count() + 1
}

/// Loads `text` as `bad.json` and returns the refusal's message, which must name `bad.json:LINE:`.
fn refusal(text: &str, line: usize) -> String {
    let err = Dataset::from_json(text, "bad.json").expect_err("the file must be refused");
    let message = err.to_string();
    assert!(
        message.starts_with(&format!("bad.json:{line}:")),
        "expected bad.json:{line}: in {message:?}"
    );
    message
}

fn assert_mentions(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(message.contains(part), "{part:?} missing from {message:?}");
    }
}

#[test]
fn the_shipped_dataset_is_valid() {
    let ds = Dataset::embedded().unwrap();
    assert_eq!(ds.people().len(), 14);
    assert_eq!(ds.as_of().to_string(), "2025-05-26");
    assert_eq!(ds.provenance().author.as_deref(), Some("Pranav Dixit"));
}

#[test]
fn json_syntax_error_names_line_and_column() {
    let text = edited("\"role\": \"AI Scientist\",", "\"role\": \"AI Scientist\"");
    let err = Dataset::from_json(&text, "bad.json").unwrap_err();
    assert!(matches!(err, DatasetError::Syntax { .. }), "{err:?}");
    let line = line_of(&text, "\"role\": \"AI Scientist\"") + 1;
    let message = refusal(&text, line);
    assert_mentions(&message, &["not valid JSON"]);
}

#[test]
fn missing_field_names_the_person() {
    let text = edited("\"role\": \"Distinguished Scientist\",\n", "");
    let err = Dataset::from_json(&text, "bad.json").unwrap_err();
    let message = err.to_string();
    assert_mentions(
        &message,
        &["person \"Armand Joulin\"", "missing field `role`"],
    );
}

#[test]
fn wrong_type_names_person_and_field() {
    let text = edited(
        "\"time_at_meta\": { \"years\": 6, \"months\": 7 }",
        "\"time_at_meta\": { \"years\": \"six\", \"months\": 7 }",
    );
    let message = refusal(&text, line_of(&text, "\"six\""));
    assert_mentions(&message, &["person \"Naman Goyal\"", "time_at_meta.years"]);
}

#[test]
fn misspelt_field_is_refused() {
    let text = edited("\"company\": \"kyutai\"", "\"compnay\": \"kyutai\"");
    let message = refusal(&text, line_of(&text, "\"compnay\""));
    assert_mentions(
        &message,
        &["person \"Edouard Grave\"", "unknown field `compnay`"],
    );
}

#[test]
fn empty_name_is_refused() {
    let text = edited("\"name\": \"Eric Hambro\"", "\"name\": \"  \"");
    let message = refusal(&text, line_of(&text, "\"name\": \"  \""));
    assert_mentions(&message, &["field \"name\"", "people[6].name", "letter"]);
}

#[test]
fn duplicate_name_is_refused_even_with_other_accents() {
    let text = edited(
        "\"name\": \"Eric Hambro\"",
        "\"name\": \"Timothee LACROIX\"",
    );
    // The later of the two is refused, naming the earlier.
    let message = refusal(&text, line_of(&text, "\"Timothée Lacroix\""));
    assert_mentions(
        &message,
        &[
            "person \"Timothée Lacroix\"",
            "duplicate name",
            "\"Timothee LACROIX\"",
        ],
    );
}

#[test]
fn unknown_company_names_person_and_field() {
    let text = edited("\"company\": \"anthropic\"", "\"company\": \"openai\"");
    let message = refusal(&text, line_of(&text, "\"openai\""));
    assert_mentions(
        &message,
        &[
            "person \"Eric Hambro\"",
            "field \"company\"",
            "unknown company \"openai\"",
        ],
    );
}

#[test]
fn unknown_paper_is_refused() {
    let text = edited(
        "\"name\": \"Faisal Azhar\",\n      \"papers\": [\"llama-2023\"]",
        "\"name\": \"Faisal Azhar\",\n      \"papers\": [\"llama-2024\"]",
    );
    let message = refusal(&text, line_of(&text, "\"llama-2024\""));
    assert_mentions(
        &message,
        &["person \"Faisal Azhar\"", "unknown paper \"llama-2024\""],
    );
}

#[test]
fn impossible_month_is_refused() {
    let text = edited("\"left_meta\": \"2023-11\"", "\"left_meta\": \"2023-13\"");
    let message = refusal(&text, line_of(&text, "\"2023-13\""));
    assert_mentions(
        &message,
        &["person \"Eric Hambro\"", "left_meta", "2023-13"],
    );
}

#[test]
fn departure_after_the_as_of_date_is_refused() {
    let text = edited("\"left_meta\": \"2025-02\"", "\"left_meta\": \"2025-09\"");
    let message = refusal(&text, line_of(&text, "\"2025-09\""));
    assert_mentions(
        &message,
        &["person \"Naman Goyal\"", "field \"left_meta\"", "as_of"],
    );
}

#[test]
fn departure_before_meta_existed_is_refused() {
    let text = edited("\"left_meta\": \"2023-11\"", "\"left_meta\": \"1999\"");
    let message = refusal(&text, line_of(&text, "\"1999\""));
    assert_mentions(&message, &["person \"Eric Hambro\"", "before Meta"]);
}

#[test]
fn tenure_months_over_eleven_are_refused() {
    let text = edited(
        "{ \"years\": 3, \"months\": 3 }",
        "{ \"years\": 3, \"months\": 14 }",
    );
    let message = refusal(&text, line_of(&text, "\"months\": 14"));
    assert_mentions(
        &message,
        &[
            "person \"Eric Hambro\"",
            "field \"time_at_meta\"",
            "14 months",
        ],
    );
}

#[test]
fn zero_tenure_is_refused() {
    let text = edited("{ \"years\": 5 }", "{ \"years\": 0 }");
    let message = refusal(&text, line_of(&text, "{ \"years\": 0 }"));
    assert_mentions(&message, &["person \"Marie-Anne Lachaux\"", "0 months"]);
}

#[test]
fn tenure_longer_than_meta_has_existed_is_refused() {
    let text = edited("{ \"years\": 7 }", "{ \"years\": 25 }");
    let message = refusal(&text, line_of(&text, "{ \"years\": 25 }"));
    assert_mentions(
        &message,
        &["person \"Guillaume Lample\"", "25 years", "impossible"],
    );
}

#[test]
fn departure_for_someone_still_at_meta_is_refused() {
    let text = edited(
        "\"role\": \"Research Engineer\"\n",
        "\"role\": \"Research Engineer\",\n      \"left_meta\": \"2024\"\n",
    );
    let message = refusal(&text, line_of(&text, "\"left_meta\": \"2024\""));
    assert_mentions(
        &message,
        &["person \"Xavier Martinet\"", "left_meta", "\"meta\""],
    );
}

#[test]
fn alias_used_by_two_companies_is_refused() {
    let text = edited(
        "\"aliases\": [\"Microsoft\"]",
        "\"aliases\": [\"Microsoft\", \"Google\"]",
    );
    let message = refusal(&text, line_of(&text, "\"Google\"]"));
    assert_mentions(
        &message,
        &["company \"microsoft-ai\"", "aliases[1]", "google-deepmind"],
    );
}

#[test]
fn duplicate_company_id_is_refused() {
    let text = edited("{ \"id\": \"kyutai\"", "{ \"id\": \"cohere\"");
    let message = refusal(
        &text,
        line_of(&text, "{ \"id\": \"cohere\", \"name\": \"Kyutai\""),
    );
    assert_mentions(&message, &["duplicate company id \"cohere\""]);
}

#[test]
fn missing_home_company_is_refused() {
    let text = edited("{ \"id\": \"meta\"", "{ \"id\": \"meta-platforms\"");
    let err = Dataset::from_json(&text, "bad.json").unwrap_err();
    assert_mentions(&err.to_string(), &["bad.json:", "\"meta\" is missing"]);
}

#[test]
fn other_schema_version_is_refused_with_the_version() {
    let text = edited("\"schema_version\": 1", "\"schema_version\": 2");
    let err = Dataset::from_json(&text, "bad.json").unwrap_err();
    assert!(
        matches!(err, DatasetError::Version { found: 2, .. }),
        "{err:?}"
    );
    assert_mentions(&err.to_string(), &["bad.json", "schema_version 2"]);
}

#[test]
fn unreadable_file_names_the_path() {
    let err = Dataset::from_path(std::path::Path::new("/nonexistent/people.json")).unwrap_err();
    assert_mentions(
        &err.to_string(),
        &["/nonexistent/people.json", "cannot read"],
    );
}
