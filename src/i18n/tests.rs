use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

use super::*;

/// Each message's variables, those of the messages it references included.
fn variables(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let resource = fluent_syntax::parser::parse(source)
        .unwrap_or_else(|(_, errors)| panic!("syntax errors: {errors:?}"));
    let mut direct = BTreeMap::new();
    let mut references = BTreeMap::new();
    for entry in &resource.body {
        match entry {
            Entry::Message(m) => {
                let (mut vars, mut refs) = (BTreeSet::new(), BTreeSet::new());
                if let Some(pattern) = &m.value {
                    walk(pattern, &mut vars, &mut refs);
                }
                direct.insert(m.id.name.to_owned(), vars);
                references.insert(m.id.name.to_owned(), refs);
            }
            Entry::Junk { content } => panic!("junk in the file: {content}"),
            _ => {}
        }
    }
    let mut all = direct.clone();
    for (id, refs) in &references {
        for r in refs {
            let used = direct
                .get(r)
                .unwrap_or_else(|| panic!("{id} refers to no {r}"));
            all.get_mut(id).unwrap().extend(used.iter().cloned());
        }
    }
    all
}

fn walk(pattern: &Pattern<&str>, vars: &mut BTreeSet<String>, refs: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_walk(expression, vars, refs);
        }
    }
}

fn expression_walk(e: &Expression<&str>, vars: &mut BTreeSet<String>, refs: &mut BTreeSet<String>) {
    match e {
        Expression::Select { selector, variants } => {
            inline_walk(selector, vars, refs);
            for v in variants {
                walk(&v.value, vars, refs);
            }
        }
        Expression::Inline(inline) => inline_walk(inline, vars, refs),
    }
}

fn inline_walk(
    e: &InlineExpression<&str>,
    vars: &mut BTreeSet<String>,
    refs: &mut BTreeSet<String>,
) {
    match e {
        InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_owned());
        }
        InlineExpression::MessageReference { id, .. } => {
            refs.insert(id.name.to_owned());
        }
        InlineExpression::Placeable { expression } => expression_walk(expression, vars, refs),
        _ => {}
    }
}

#[test]
fn every_language_has_every_message_with_the_same_variables() {
    let english = variables(SOURCES[0].1);
    assert!(english.len() > 50, "{} messages", english.len());
    for (locale, source) in &SOURCES[1..] {
        let other = variables(source);
        let missing: Vec<_> = english.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<_> = other.keys().filter(|k| !english.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{locale:?} lacks {missing:?}");
        assert!(
            extra.is_empty(),
            "{locale:?} has messages English lacks: {extra:?}"
        );
        for (id, vars) in &english {
            assert_eq!(&other[id], vars, "{locale:?}: the variables of {id}");
        }
    }
}

#[test]
fn every_message_formats_with_its_variables() {
    let english = variables(SOURCES[0].1);
    for locale in Locale::ALL {
        for (id, vars) in &english {
            // Counts 0, 1 and 2 reach every plural form English and French have.
            for n in [0u64, 1, 2, 1_000_000] {
                let args: Vec<(&str, Arg)> =
                    vars.iter().map(|v| (v.as_str(), Arg::Number(n))).collect();
                let mut fa = FluentArgs::new();
                for &(name, arg) in &args {
                    fa.set(name, arg.value());
                }
                let text = locale.try_format(id, Some(&fa));
                let text = text.unwrap_or_else(|| panic!("{locale:?} {id} with {n}"));
                assert!(!text.trim().is_empty(), "{locale:?} {id}");
                assert!(
                    !text.contains(['{', '}', '\u{2068}']),
                    "{locale:?} {id}: {text}"
                );
            }
        }
    }
}

#[test]
fn french_puts_a_no_break_space_before_double_punctuation() {
    let french = SOURCES[1].1;
    for line in french.lines().filter(|l| !l.starts_with('#')) {
        for mark in [" :", " ;", " ?", " !"] {
            assert!(
                !line.contains(mark),
                "a plain space before {mark:?}: {line}"
            );
        }
    }
}

#[test]
fn a_missing_message_falls_back_to_english_then_to_its_id() {
    assert_eq!(Locale::Fr.text("no-such-message"), "no-such-message");
    // A variable left out is an error: English is tried, and fails the same way, so the id shows.
    assert_eq!(Locale::Fr.text("whereis-left"), "whereis-left");
    assert_eq!(
        Locale::Fr.format("whereis-left", &[("home", "Meta".into())]),
        "A quitté Meta"
    );
}

#[test]
fn discord_locales_map_to_french_or_english() {
    assert_eq!(Locale::from_discord("fr"), Locale::Fr);
    assert_eq!(Locale::from_discord("fr-FR"), Locale::Fr);
    assert_eq!(Locale::from_discord("fr-CA"), Locale::Fr);
    assert_eq!(Locale::from_discord("FR"), Locale::Fr);
    for other in [
        "en-US", "en-GB", "de", "es-ES", "", "f", "fra", "french", "-fr",
    ] {
        assert_eq!(Locale::from_discord(other), Locale::En, "{other:?}");
    }
}

#[test]
fn the_cli_takes_our_languages_and_discords_locales_only() {
    assert_eq!(Locale::from_cli("fr"), Ok(Locale::Fr));
    assert_eq!(Locale::from_cli("fr-CA"), Ok(Locale::Fr));
    assert_eq!(Locale::from_cli("en"), Ok(Locale::En));
    assert_eq!(Locale::from_cli("EN-us"), Ok(Locale::En));
    assert_eq!(Locale::from_cli("de"), Ok(Locale::En));
    assert_eq!(Locale::from_cli("pt-BR"), Ok(Locale::En));
    for bad in ["xx", "", "english", "en-XX"] {
        assert_eq!(Locale::from_cli(bad), Err(UnknownLocale(bad.to_owned())));
    }
}

fn departure(text: &str) -> Departure {
    text.parse().unwrap()
}

#[test]
fn french_dates_keep_their_precision() {
    let fr = Locale::Fr;
    assert_eq!(fr.date(departure("2023-06")), "juin 2023");
    assert_eq!(fr.date(departure("2024-08")), "août 2024");
    assert_eq!(fr.date(departure("2025-02")), "février 2025");
    assert_eq!(fr.date(departure("2023-01")), "janvier 2023");
    assert_eq!(fr.date(departure("2023-12")), "décembre 2023");
    assert_eq!(fr.date(departure("early 2023")), "début 2023");
    assert_eq!(fr.date(departure("mid 2023")), "mi-2023");
    assert_eq!(fr.date(departure("late 2023")), "fin 2023");
    assert_eq!(fr.date(departure("2023")), "2023");
}

#[test]
fn a_date_inside_a_sentence_has_no_capital_unless_it_is_a_month() {
    let en = Locale::En;
    assert_eq!(en.date_inline(departure("early 2023")), "early 2023");
    assert_eq!(en.date_inline(departure("late 2024")), "late 2024");
    assert_eq!(en.date_inline(departure("2023-06")), "June 2023");
    assert_eq!(en.date_inline(departure("2023")), "2023");
    assert_eq!(en.date(departure("early 2023")), "Early 2023");
    assert_eq!(Locale::Fr.date_inline(departure("mid 2023")), "mi-2023");
}

#[test]
fn english_dates_and_tenures_are_the_display_ones() {
    for year in [1999, 2023] {
        for month in 1..=12 {
            let d = Departure::Month(YearMonth { year, month });
            assert_eq!(Locale::En.date(d), d.to_string());
        }
        for part in [
            None,
            Some(PartOfYear::Early),
            Some(PartOfYear::Mid),
            Some(PartOfYear::Late),
        ] {
            let d = Departure::Year { year, part };
            assert_eq!(Locale::En.date(d), d.to_string());
        }
    }
    for years in 0..=30 {
        for months in 0..=11 {
            let t = Tenure { years, months };
            assert_eq!(Locale::En.tenure(t), t.to_string());
        }
    }
}

#[test]
fn french_tenures_agree_in_number() {
    let fr = |years, months| Locale::Fr.tenure(Tenure { years, months });
    assert_eq!(fr(8, 5), "8 ans et 5 mois");
    assert_eq!(fr(5, 0), "5 ans");
    assert_eq!(fr(1, 0), "1 an");
    assert_eq!(fr(2, 0), "2 ans");
    assert_eq!(fr(0, 1), "1 mois");
    assert_eq!(fr(0, 2), "2 mois");
    assert_eq!(fr(0, 0), "0 mois");
    assert_eq!(fr(1, 1), "1 an et 1 mois");
    assert_eq!(fr(2, 11), "2 ans et 11 mois");
}

#[test]
fn lists_join_in_the_language() {
    let items = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(Locale::En.list(&items(&["a", "b", "c"])), "a, b and c");
    assert_eq!(Locale::Fr.list(&items(&["a", "b", "c"])), "a, b et c");
    assert_eq!(Locale::Fr.list(&items(&["a"])), "a");
    assert_eq!(Locale::Fr.list(&[]), "");
}

#[test]
fn bundles_are_shared_across_threads() {
    let handles: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(|| {
                Locale::Fr.tenure(Tenure {
                    years: 2,
                    months: 0,
                })
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), "2 ans");
    }
}

#[test]
fn kept_texts_are_the_written_ones_inside_and_outside_the_table() {
    for locale in Locale::ALL {
        for d in [
            "2023-06",
            "early 2023",
            "1999-03",
            "late 2099",
            "2063-12",
            "2064",
        ] {
            let d = departure(d);
            assert_eq!(locale.date(d), locale.write_date(d), "{locale:?} {d:?}");
            assert_eq!(
                locale.date(d),
                locale.write_date(d),
                "{locale:?} {d:?}, kept"
            );
        }
        for (years, months) in [(8, 5), (63, 11), (64, 0), (70, 1), (0, 0)] {
            let t = Tenure { years, months };
            assert_eq!(locale.tenure(t), locale.write_tenure(t), "{locale:?} {t:?}");
            assert_eq!(
                locale.tenure(t),
                locale.write_tenure(t),
                "{locale:?} {t:?}, kept"
            );
        }
    }
    assert_eq!(
        Locale::Fr.tenure(Tenure {
            years: 70,
            months: 1
        }),
        "70 ans et 1 mois"
    );
}
