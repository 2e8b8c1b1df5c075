//! The `/stats` picture: a PNG that decodes to the expected size, byte-identical across runs and
//! loads, in the reply's language, made once per load, and only on the figures of everyone.

mod common;

use llama_alumni::catalog::Catalog;
use llama_alumni::chart;
use llama_alumni::commands::{self, Request};
use llama_alumni::dataset::{Dataset, EMBEDDED_JSON};
use llama_alumni::i18n::Locale;
use llama_alumni::reply::Reply;
use serde_json::{Value, json};

use common::openapi::assert_valid_callback;

fn stats(c: &Catalog, line: &str, locale: Locale) -> Reply {
    commands::run(c, &Request::parse(line).unwrap().in_locale(locale))
}

/// The width and height of a PNG.
fn decoded(png: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let reader = decoder.read_info().expect("a PNG");
    let info = reader.info();
    (info.width, info.height)
}

#[test]
fn stats_carries_the_chart_as_an_attachment_the_embed_shows() {
    let c = common::catalog();
    let reply = stats(&c, "/stats", Locale::En);
    assert_eq!(reply.attachments.len(), 1);
    let file = &reply.attachments[0];
    assert_eq!(file.filename, chart::FILE_NAME);
    assert_eq!(
        reply.embed.image.as_deref(),
        Some("attachment://where-they-went.png")
    );
    assert_eq!(decoded(&file.bytes), (chart::WIDTH, chart::HEIGHT));
    const { assert!(chart::WIDTH <= 1000 && chart::HEIGHT <= 600) };
    assert!(file.bytes.len() < 60_000, "{} bytes", file.bytes.len());
    let body = reply.to_json();
    assert_valid_callback(&body);
    assert_eq!(
        body["data"]["attachments"],
        json!([{"id": "0", "filename": "where-they-went.png"}])
    );
    // One company's figures have no picture.
    let one = stats(&c, "/stats Mistral", Locale::En);
    assert!(one.attachments.is_empty() && one.embed.image.is_none());
}

#[test]
fn the_same_data_gives_the_same_png_and_a_load_renders_it_once() {
    let first = common::catalog();
    let second = common::catalog();
    let a = &stats(&first, "/stats", Locale::En).attachments[0].bytes;
    let again = &stats(&first, "/stats", Locale::En).attachments[0].bytes;
    let b = &stats(&second, "/stats", Locale::En).attachments[0].bytes;
    assert_eq!(a, b, "byte-identical across loads");
    // Kept, not rendered again: the very same buffer.
    assert_eq!(a.as_ptr(), again.as_ptr());
    // French has its own picture (its title, "toujours chez Meta").
    let fr = &stats(&first, "/stats", Locale::Fr).attachments[0].bytes;
    assert_ne!(a, fr);
    assert_eq!(decoded(fr), (chart::WIDTH, chart::HEIGHT));
}

#[test]
fn any_valid_dataset_gets_a_picture() {
    let mut data: Value = serde_json::from_str(EMBEDDED_JSON).unwrap();
    // Nobody left: one bar, still a picture.
    data["people"] = json!([
        {"name": "Only One", "company": "meta", "role": "R"},
        {"name": "Only Two", "company": "meta", "role": "R"}
    ]);
    let c = Catalog::new(Dataset::from_json(&data.to_string(), "t.json").unwrap());
    let reply = stats(&c, "/stats", Locale::En);
    assert_eq!(
        decoded(&reply.attachments[0].bytes),
        (chart::WIDTH, chart::HEIGHT)
    );
    // A thousand companies: the first bars and one "others" bar, same size.
    let companies: Vec<Value> = (0..1000)
        .map(|i| json!({"id": format!("c{i}"), "name": format!("Company {i}")}))
        .chain([json!({"id": "meta", "name": "Meta"})])
        .collect();
    let people: Vec<Value> = (0..1000)
        .map(|i| json!({"name": format!("Person {i}"), "company": format!("c{i}"), "role": "R", "left_meta": "2024-01"}))
        .collect();
    data["companies"] = Value::Array(companies);
    data["people"] = Value::Array(people);
    let c = Catalog::new(Dataset::from_json(&data.to_string(), "t.json").unwrap());
    let reply = stats(&c, "/stats", Locale::En);
    assert_eq!(
        decoded(&reply.attachments[0].bytes),
        (chart::WIDTH, chart::HEIGHT)
    );
    assert_valid_callback(&reply.to_json());
}
