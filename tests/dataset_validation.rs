//! A bad dataset file is refused whole, with a message naming the file, the line and the field.

use llama_alumni::dataset::{Dataset, DatasetError, EMBEDDED_JSON};

/// One edit to the shipped file, and what its refusal must say.
struct Case {
    /// Names the row in every failure message.
    label: &'static str,
    /// Replaced by `to`; must occur exactly once in the shipped file.
    from: &'static str,
    to: &'static str,
    /// Text whose line (in the edited file) the message must name as `bad.json:LINE:`; `None`
    /// where only the message's content is checked.
    line_of: Option<&'static str>,
    mentions: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        label: "missing field names the person",
        from: "\"role\": \"Distinguished Scientist\",\n",
        to: "",
        line_of: None,
        mentions: &["person \"Armand Joulin\"", "missing field `role`"],
    },
    Case {
        label: "wrong type names person and field",
        from: "\"time_at_meta\": { \"years\": 6, \"months\": 7 }",
        to: "\"time_at_meta\": { \"years\": \"six\", \"months\": 7 }",
        line_of: Some("\"six\""),
        mentions: &["person \"Naman Goyal\"", "time_at_meta.years"],
    },
    Case {
        label: "misspelt field is refused",
        from: "\"company\": \"kyutai\"",
        to: "\"compnay\": \"kyutai\"",
        line_of: Some("\"compnay\""),
        mentions: &["person \"Edouard Grave\"", "unknown field `compnay`"],
    },
    Case {
        label: "empty name is refused",
        from: "\"name\": \"Eric Hambro\"",
        to: "\"name\": \"  \"",
        line_of: Some("\"name\": \"  \""),
        mentions: &["field \"name\"", "people[6].name", "letter"],
    },
    Case {
        label: "duplicate name is refused even with other accents",
        from: "\"name\": \"Eric Hambro\"",
        to: "\"name\": \"Timothee LACROIX\"",
        // The later of the two is refused, naming the earlier.
        line_of: Some("\"Timothée Lacroix\""),
        mentions: &[
            "person \"Timothée Lacroix\"",
            "duplicate name",
            "\"Timothee LACROIX\"",
        ],
    },
    Case {
        label: "unknown company names person and field",
        from: "\"company\": \"anthropic\"",
        to: "\"company\": \"openai\"",
        line_of: Some("\"openai\""),
        mentions: &[
            "person \"Eric Hambro\"",
            "field \"company\"",
            "unknown company \"openai\"",
        ],
    },
    Case {
        label: "unknown paper is refused",
        from: "\"name\": \"Faisal Azhar\",\n      \"papers\": [\"llama-2023\"]",
        to: "\"name\": \"Faisal Azhar\",\n      \"papers\": [\"llama-2024\"]",
        line_of: Some("\"llama-2024\""),
        mentions: &["person \"Faisal Azhar\"", "unknown paper \"llama-2024\""],
    },
    Case {
        label: "impossible month is refused",
        from: "\"left_meta\": \"2023-11\"",
        to: "\"left_meta\": \"2023-13\"",
        line_of: Some("\"2023-13\""),
        mentions: &["person \"Eric Hambro\"", "left_meta", "2023-13"],
    },
    Case {
        label: "departure after the as_of date is refused",
        from: "\"left_meta\": \"2025-02\"",
        to: "\"left_meta\": \"2025-09\"",
        line_of: Some("\"2025-09\""),
        mentions: &["person \"Naman Goyal\"", "field \"left_meta\"", "as_of"],
    },
    Case {
        label: "departure before Meta existed is refused",
        from: "\"left_meta\": \"2023-11\"",
        to: "\"left_meta\": \"1999\"",
        line_of: Some("\"1999\""),
        mentions: &["person \"Eric Hambro\"", "before Meta"],
    },
    Case {
        label: "tenure months over eleven are refused",
        from: "{ \"years\": 3, \"months\": 3 }",
        to: "{ \"years\": 3, \"months\": 14 }",
        line_of: Some("\"months\": 14"),
        mentions: &[
            "person \"Eric Hambro\"",
            "field \"time_at_meta\"",
            "14 months",
        ],
    },
    Case {
        label: "zero tenure is refused",
        from: "{ \"years\": 5 }",
        to: "{ \"years\": 0 }",
        line_of: Some("{ \"years\": 0 }"),
        mentions: &["person \"Marie-Anne Lachaux\"", "0 months"],
    },
    Case {
        label: "tenure longer than Meta has existed is refused",
        from: "{ \"years\": 7 }",
        to: "{ \"years\": 25 }",
        line_of: Some("{ \"years\": 25 }"),
        mentions: &["person \"Guillaume Lample\"", "25 years", "impossible"],
    },
    Case {
        label: "departure for someone still at Meta is refused",
        from: "\"role\": \"Research Engineer\"\n",
        to: "\"role\": \"Research Engineer\",\n      \"left_meta\": \"2024\"\n",
        line_of: Some("\"left_meta\": \"2024\""),
        mentions: &["person \"Xavier Martinet\"", "left_meta", "\"meta\""],
    },
    Case {
        label: "alias used by two companies is refused",
        from: "\"aliases\": [\"Microsoft\"]",
        to: "\"aliases\": [\"Microsoft\", \"Google\"]",
        line_of: Some("\"Google\"]"),
        mentions: &["company \"microsoft-ai\"", "aliases[1]", "google-deepmind"],
    },
    Case {
        label: "duplicate company id is refused",
        from: "{ \"id\": \"kyutai\"",
        to: "{ \"id\": \"cohere\"",
        line_of: Some("{ \"id\": \"cohere\", \"name\": \"Kyutai\""),
        mentions: &["duplicate company id \"cohere\""],
    },
    Case {
        label: "missing home company is refused",
        from: "{ \"id\": \"meta\"",
        to: "{ \"id\": \"meta-platforms\"",
        line_of: None,
        mentions: &["bad.json:", "\"meta\" is missing"],
    },
];

/// The shipped file with `from` replaced by `to`.
fn edited(label: &str, from: &str, to: &str) -> String {
    assert_eq!(
        EMBEDDED_JSON.matches(from).count(),
        1,
        "{label}: {from:?} must occur once in the dataset"
    );
    EMBEDDED_JSON.replacen(from, to, 1)
}

/// The 1-based line on which `needle` first occurs in `text`.
fn line_of(label: &str, text: &str, needle: &str) -> usize {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{label}: {needle:?} not in the edited dataset"));
    text[..at].matches('\n').count() + 1
}

/// Loads `text` as `bad.json`, which must be refused, with a message starting `bad.json:LINE:`
/// when `line` is given.
fn refusal(label: &str, text: &str, line: Option<usize>) -> DatasetError {
    let Err(err) = Dataset::from_json(text, "bad.json") else {
        panic!("{label}: the file must be refused");
    };
    if let Some(line) = line {
        let message = err.to_string();
        assert!(
            message.starts_with(&format!("bad.json:{line}:")),
            "{label}: expected bad.json:{line}: in {message:?}"
        );
    }
    err
}

fn assert_mentions(label: &str, message: &str, parts: &[&str]) {
    for part in parts {
        assert!(
            message.contains(part),
            "{label}: {part:?} missing from {message:?}"
        );
    }
}

#[test]
fn each_bad_edit_is_refused_naming_its_line_and_field() {
    for case in CASES {
        let text = edited(case.label, case.from, case.to);
        let line = case
            .line_of
            .map(|needle| line_of(case.label, &text, needle));
        let err = refusal(case.label, &text, line);
        assert_mentions(case.label, &err.to_string(), case.mentions);
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
    let label = "json syntax error";
    let text = edited(
        label,
        "\"role\": \"AI Scientist\",",
        "\"role\": \"AI Scientist\"",
    );
    // serde_json notices the missing comma on the next line.
    let line = line_of(label, &text, "\"role\": \"AI Scientist\"") + 1;
    let err = refusal(label, &text, Some(line));
    assert!(matches!(err, DatasetError::Syntax { .. }), "{err:?}");
    assert_mentions(label, &err.to_string(), &["not valid JSON"]);
}

#[test]
fn other_schema_version_is_refused_with_the_version() {
    let label = "other schema version";
    let text = edited(label, "\"schema_version\": 1", "\"schema_version\": 2");
    let err = refusal(label, &text, None);
    assert!(
        matches!(err, DatasetError::Version { found: 2, .. }),
        "{err:?}"
    );
    assert_mentions(label, &err.to_string(), &["bad.json", "schema_version 2"]);
}

#[test]
fn unreadable_file_names_the_path() {
    let err = Dataset::from_path(std::path::Path::new("/nonexistent/people.json")).unwrap_err();
    assert_mentions(
        "unreadable file",
        &err.to_string(),
        &["/nonexistent/people.json", "cannot read"],
    );
}
