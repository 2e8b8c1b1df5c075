//! A bad dataset file is refused whole, with a message naming the file, the line and the field.

use llama_alumni::dataset::{
    DEFAULT_MAX_BYTES, DataLimit, Dataset, DatasetError, EMBEDDED_JSON, MAX_BYTES_VAR,
};

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
        mentions: &[
            "person \"Armand Joulin\"",
            "field \"role\" (people[10].role)",
            "required field is missing",
        ],
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
        label: "a departure that is not text says what it should be",
        from: "\"left_meta\": \"2023-11\"",
        to: "\"left_meta\": 202311",
        line_of: Some("202311"),
        mentions: &["person \"Eric Hambro\"", "left_meta", "expected a string"],
    },
    Case {
        label: "an escaped departure is read as its text",
        from: "\"left_meta\": \"2023-11\"",
        to: "\"left_meta\": \"2023\\u002d13\"",
        line_of: Some("2023\\u002d13"),
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

/// A value far larger than any error line may be: a refusal must quote only its start.
const HUGE: usize = 1_000_000;
/// The longest refusal accepted for a file holding [`HUGE`] values: "a few hundred characters".
const MAX_REFUSAL_BYTES: usize = 600;

/// One hostile edit: a huge value where a short one belongs, and what the refusal must still name.
struct Hostile {
    label: &'static str,
    /// Occurs once in the shipped file; replaced by `to`, with `HUGE` standing for the huge value.
    from: &'static str,
    to: &'static str,
    /// The start of `to`, whose line the refusal must name.
    line_of: &'static str,
    mentions: &'static [&'static str],
}

const HOSTILE: &[Hostile] = &[
    Hostile {
        label: "huge as_of",
        from: "\"as_of\": \"2025-05-26\"",
        to: "\"as_of\": \"HUGE\"",
        line_of: "\"as_of\"",
        mentions: &["field \"as_of\"", "is not a date"],
    },
    Hostile {
        label: "huge unknown company",
        from: "\"company\": \"anthropic\"",
        to: "\"company\": \"HUGE\"",
        line_of: "\"company\": \"xxx",
        mentions: &[
            "person \"Eric Hambro\"",
            "field \"company\"",
            "unknown company",
        ],
    },
    Hostile {
        label: "huge unknown paper",
        from: "\"name\": \"Faisal Azhar\",\n      \"papers\": [\"llama-2023\"]",
        to: "\"name\": \"Faisal Azhar\",\n      \"papers\": [\"HUGE\"]",
        line_of: "\"papers\": [\"xxx",
        mentions: &["person \"Faisal Azhar\"", "papers[0]", "unknown paper"],
    },
    Hostile {
        label: "huge bad left_meta",
        from: "\"left_meta\": \"2023-11\"",
        to: "\"left_meta\": \"HUGE\"",
        line_of: "\"left_meta\": \"xxx",
        mentions: &[
            "person \"Eric Hambro\"",
            "left_meta",
            "is not a departure date",
        ],
    },
    Hostile {
        label: "huge duplicate name",
        from: "\"name\": \"Eric Hambro\"",
        to: "\"name\": \"HUGE\"",
        // The test also renames an earlier person to it in capitals; the later one is refused.
        line_of: "\"name\": \"xxx",
        mentions: &["field \"name\"", "duplicate name"],
    },
    Hostile {
        label: "huge wrong-typed value",
        from: "\"time_at_meta\": { \"years\": 6, \"months\": 7 }",
        to: "\"time_at_meta\": { \"years\": \"HUGE\", \"months\": 7 }",
        line_of: "\"years\": \"xxx",
        mentions: &[
            "person \"Naman Goyal\"",
            "time_at_meta.years",
            "invalid type",
        ],
    },
    Hostile {
        label: "huge unknown field",
        from: "\"company\": \"kyutai\"",
        to: "\"HUGE\": \"kyutai\"",
        line_of: "\"xxx",
        mentions: &["person \"Edouard Grave\"", "unknown field"],
    },
    Hostile {
        label: "huge name on a bad record",
        from: "\"name\": \"Eric Hambro\",\n      \"papers\": [\"llama-2023\"],\n      \"company\": \"anthropic\"",
        to: "\"name\": \"HUGE\",\n      \"papers\": [\"llama-2023\"],\n      \"company\": \"openai\"",
        line_of: "\"company\": \"openai\"",
        mentions: &["person \"xxx", "unknown company \"openai\""],
    },
];

/// The shipped file with a hostile edit; `HUGE` in `to` becomes a million `x`. The duplicate-name
/// case also renames Faisal Azhar, earlier in the file, to the same huge name in capitals.
fn hostile_text(case: &Hostile) -> String {
    let huge = "x".repeat(HUGE);
    let mut text = edited(case.label, case.from, &case.to.replace("HUGE", &huge));
    if case.label == "huge duplicate name" {
        let upper = format!("\"name\": \"{}\"", huge.to_uppercase());
        text = text.replacen("\"name\": \"Faisal Azhar\"", &upper, 1);
    }
    text
}

#[test]
fn huge_values_are_quoted_short_with_their_size() {
    for case in HOSTILE {
        let text = hostile_text(case);
        let line = line_of(case.label, &text, case.line_of);
        let message = refusal(case.label, &text, Some(line)).to_string();
        assert!(
            message.len() < MAX_REFUSAL_BYTES,
            "{}: {} bytes: {message}",
            case.label,
            message.len()
        );
        assert!(!message.contains('\n'), "{}: {message}", case.label);
        assert_mentions(case.label, &message, case.mentions);
        assert_mentions(case.label, &message, &["bytes)"]);
    }
}

#[test]
fn an_unknown_company_lists_only_some_of_many() {
    let label = "unknown company among thousands";
    let many: String = (0..5000)
        .map(|i| format!("    {{ \"id\": \"company-{i:04}\", \"name\": \"Company {i:04}\" }},\n"))
        .collect();
    let text = edited(
        label,
        "\"companies\": [\n",
        &format!("\"companies\": [\n{many}"),
    )
    .replacen("\"company\": \"anthropic\"", "\"company\": \"openai\"", 1);
    let message = refusal(label, &text, None).to_string();
    assert!(
        message.len() < MAX_REFUSAL_BYTES,
        "{} bytes: {message}",
        message.len()
    );
    assert_mentions(
        label,
        &message,
        &["unknown company \"openai\"", "anthropic, cohere", "more)"],
    );
}

/// A scratch directory of this test process.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "llama-alumni-validation-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Loads `path` on another thread, so that a load that blocks (opening a FIFO with no writer) fails
/// the test instead of hanging it.
fn load_quickly(path: &std::path::Path, limit: DataLimit) -> DatasetError {
    let (tx, rx) = std::sync::mpsc::channel();
    let owned = path.to_owned();
    std::thread::spawn(move || {
        let _ = tx.send(Dataset::from_path_with(&owned, limit));
    });
    match rx.recv_timeout(std::time::Duration::from_secs(10)) {
        Ok(Err(err)) => err,
        Ok(Ok(_)) => panic!("{}: must be refused", path.display()),
        Err(_) => panic!(
            "{}: still loading after 10 s: it was opened or read",
            path.display()
        ),
    }
}

#[test]
fn what_is_not_a_regular_file_is_refused_unopened() {
    let dir = scratch("kinds");
    let fifo = dir.join("people.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo failed");
    let zero = std::path::PathBuf::from("/dev/zero");
    for (path, kind) in [
        (&dir, "a directory"),
        (&fifo, "a FIFO"),
        (&zero, "a character device"),
    ] {
        let err = load_quickly(path, DataLimit::default());
        assert!(matches!(err, DatasetError::NotAFile { .. }), "{err:?}");
        assert_mentions(
            kind,
            &err.to_string(),
            &[&path.display().to_string(), kind, "not a regular file"],
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_file_over_the_limit_is_refused_unread() {
    let dir = scratch("sparse");
    let path = dir.join("sparse.json");
    // 300 MiB that take no disk: read whole, it would take the memory too.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(300 * 1024 * 1024).unwrap();
    let err = load_quickly(&path, DataLimit::default());
    assert!(
        matches!(err, DatasetError::TooLarge { size, max, .. }
            if size == 300 * 1024 * 1024 && max == DEFAULT_MAX_BYTES),
        "{err:?}"
    );
    assert_mentions(
        "sparse file",
        &err.to_string(),
        &["sparse.json", "314572800 bytes", "268435456", MAX_BYTES_VAR],
    );
    // The shipped file is refused by a limit one byte under its size, and read at its size.
    std::fs::write(&path, EMBEDDED_JSON).unwrap();
    let size = EMBEDDED_JSON.len() as u64;
    let err = load_quickly(&path, DataLimit::bytes(size - 1));
    assert!(matches!(err, DatasetError::TooLarge { .. }), "{err:?}");
    assert!(Dataset::from_path_with(&path, DataLimit::bytes(size)).is_ok());
    std::fs::remove_dir_all(&dir).unwrap();
}
