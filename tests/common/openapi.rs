//! Contract checks against Discord's official OpenAPI spec (`tests/fixtures/discord-openapi.json`),
//! plus the documented rules the schema cannot express.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use serde_json::{Value, json};

const SPEC: &str = include_str!("../fixtures/discord-openapi.json");
const SPEC_URI: &str = "urn:discord:openapi";

/// Validators by schema name, built once per test binary.
fn validators() -> &'static Mutex<HashMap<String, &'static jsonschema::Validator>> {
    static CACHE: OnceLock<Mutex<HashMap<String, &'static jsonschema::Validator>>> =
        OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

fn spec() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| serde_json::from_str(SPEC).expect("the OpenAPI fixture is JSON"))
}

fn validator(key: &str, schema: Value) -> &'static jsonschema::Validator {
    let mut cache = validators().lock().unwrap();
    if let Some(v) = cache.get(key) {
        return v;
    }
    let resource = jsonschema::Resource::from_contents(spec().clone()).expect("a schema resource");
    let built = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_resource(SPEC_URI, resource)
        .build(&schema)
        .unwrap_or_else(|e| panic!("cannot build a validator for {key}: {e}"));
    let leaked: &'static jsonschema::Validator = Box::leak(Box::new(built));
    cache.insert(key.to_owned(), leaked);
    leaked
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("{SPEC_URI}#/components/schemas/{name}") })
}

/// Panics, listing every violation, unless `body` is valid against `schema`.
fn assert_valid(what: &str, key: &str, schema: Value, body: &Value) {
    let v = validator(key, schema);
    let errors: Vec<String> = v
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not match Discord's OpenAPI spec:\n{}\nbody: {body:#}",
        errors.join("\n")
    );
}

/// An interaction callback body, checked against the schema for its type and the documented rules.
pub fn assert_valid_callback(body: &Value) {
    match body["type"].as_u64() {
        // A deferral ("thinking…"), completed later by a webhook edit: only its flags.
        Some(5) => {
            assert_valid(
                "the deferral",
                "CreateMessageInteractionCallbackRequest",
                schema_ref("CreateMessageInteractionCallbackRequest"),
                body,
            );
            return;
        }
        Some(6) => {
            assert_valid(
                "the acknowledgement",
                "UpdateMessageInteractionCallbackRequest",
                schema_ref("UpdateMessageInteractionCallbackRequest"),
                body,
            );
            return;
        }
        Some(4) => assert_valid(
            "the message reply",
            "CreateMessageInteractionCallbackRequest",
            schema_ref("CreateMessageInteractionCallbackRequest"),
            body,
        ),
        Some(7) => assert_valid(
            "the message update",
            "UpdateMessageInteractionCallbackRequest",
            schema_ref("UpdateMessageInteractionCallbackRequest"),
            body,
        ),
        Some(8) => assert_valid(
            "the autocomplete reply",
            "ApplicationCommandAutocompleteCallbackRequest",
            schema_ref("ApplicationCommandAutocompleteCallbackRequest"),
            body,
        ),
        other => panic!("unexpected callback type {other:?}: {body}"),
    }
    super::assert_within_discord_limits(body);
}

/// A bulk command registration body, checked against the schema and the documented rules.
pub fn assert_valid_registration(body: &Value) {
    assert_valid(
        "the command registration",
        "[ApplicationCommandUpdateRequest]",
        json!({"type": "array", "items": schema_ref("ApplicationCommandUpdateRequest")}),
        body,
    );
    let name_pattern = regex::Regex::new(r"^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$").unwrap();
    let check_name = |name: &str| {
        assert!(name_pattern.is_match(name), "{name:?} is not a valid name");
        assert_eq!(name, name.to_lowercase(), "{name:?} must be lower case");
    };
    let check_description = |d: &str| {
        let n = d.chars().count();
        assert!(
            (1..=100).contains(&n),
            "description {d:?} has {n} characters"
        );
    };
    let commands = body.as_array().expect("an array of commands");
    assert!(commands.len() <= 100, "at most 100 global commands");
    for command in commands {
        check_name(command["name"].as_str().unwrap());
        check_description(command["description"].as_str().unwrap());
        check_localized(command, &check_description);
        for option in command["options"].as_array().into_iter().flatten() {
            check_name(option["name"].as_str().unwrap());
            check_description(option["description"].as_str().unwrap());
            check_localized(option, &check_description);
            if option["autocomplete"] == true {
                let choices = option["choices"].as_array().map_or(0, Vec::len);
                assert_eq!(
                    choices, 0,
                    "autocomplete together with choices is not allowed"
                );
            }
            if let Some(max) = option["max_length"].as_u64() {
                assert!((1..=6000).contains(&max), "max_length {max}");
            }
            if let Some(min) = option["min_length"].as_u64() {
                assert!(min <= 6000, "min_length {min}");
            }
        }
    }
}

/// Each translation of a command's or an option's description follows the same rules, under a
/// locale Discord knows.
fn check_localized(item: &Value, check_description: &impl Fn(&str)) {
    const DISCORD_LOCALES: &[&str] = &[
        "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl",
        "no", "pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi",
        "th", "zh-CN", "ja", "zh-TW", "ko",
    ];
    for (locale, text) in item["description_localizations"]
        .as_object()
        .into_iter()
        .flatten()
    {
        assert!(
            DISCORD_LOCALES.contains(&locale.as_str()),
            "unknown locale {locale:?}"
        );
        check_description(text.as_str().expect("a string description"));
    }
}

/// The message of a webhook edit (`PATCH /webhooks/{app}/{token}/messages/@original`, how a
/// deferred reply is completed), checked against the schema and the documented rules.
pub fn assert_valid_webhook_edit(message: &Value) {
    assert_valid(
        "the webhook edit",
        "IncomingWebhookUpdateRequestPartial",
        schema_ref("IncomingWebhookUpdateRequestPartial"),
        message,
    );
    super::assert_within_discord_limits(&json!({"type": 4, "data": message}));
}
