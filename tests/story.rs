//! `/stats` and `/timeline`: the figures and the order, on the shipped data and on datasets built
//! here with imprecise dates, ties, unknown dates and nobody left.

use llama_alumni::catalog::Catalog;
use llama_alumni::commands::{Answer, stats, timeline};
use llama_alumni::dataset::{Dataset, EMBEDDED_JSON, Tenure};
use serde_json::{Value, json};

fn shipped() -> Catalog {
    Catalog::new(Dataset::embedded().unwrap())
}

/// The shipped file with its people replaced.
fn with_people(people: Value) -> Catalog {
    let mut data: Value = serde_json::from_str(EMBEDDED_JSON).unwrap();
    data["people"] = people;
    Catalog::new(Dataset::from_json(&data.to_string(), "test.json").expect("valid"))
}

fn person(name: &str, company: &str, left: Option<&str>, years: Option<u16>) -> Value {
    let mut p = json!({"name": name, "company": company, "role": "Researcher"});
    if let Some(left) = left {
        p["left_meta"] = json!(left);
    }
    if let Some(years) = years {
        p["time_at_meta"] = json!({"years": years});
    }
    p
}

fn figures<'a>(c: &'a Catalog, company: &str) -> stats::Figures<'a> {
    match stats::answer(c, company) {
        Answer::Found(f) => f,
        other => panic!("/stats {company}: {other:?}"),
    }
}

fn years_months(t: Option<Tenure>) -> Option<(u16, u16)> {
    t.map(|t| (t.years, t.months))
}

#[test]
fn stats_on_the_shipped_data_tell_the_articles_story() {
    let c = shipped();
    let f = figures(&c, "");
    assert_eq!(f.authors, 14);
    let stayed: Vec<&str> = f.stayed.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(stayed, ["Hugo Touvron", "Xavier Martinet", "Faisal Azhar"]);
    assert_eq!(f.left, 11);
    assert_eq!(f.stays_known, 11);
    assert_eq!(
        years_months(f.average_stay),
        Some((5, 7)),
        "736 months over 11"
    );
    assert_eq!(
        years_months(f.median_stay),
        Some((5, 1)),
        "Rozière's 61 months"
    );
    assert_eq!(f.went_to[0].0.name, "Mistral AI");
    assert_eq!(f.went_to[0].1, 5);
    assert_eq!(f.went_to.len(), 7);
    assert!(f.went_to[1..].iter().all(|(_, n)| *n == 1));
    let first = f.first_to_leave.unwrap();
    assert_eq!(
        (first.who.name.as_str(), first.when.to_string()),
        ("Guillaume Lample", "Early 2023".into())
    );
    assert_eq!(f.last_to_leave.unwrap().who.name, "Naman Goyal");

    let mistral = figures(&c, "mistrl");
    assert_eq!(mistral.company.unwrap().name, "Mistral AI");
    assert_eq!((mistral.authors, mistral.left), (5, 5));
    assert_eq!(years_months(mistral.average_stay), Some((6, 0)));
}

#[test]
fn timeline_on_the_shipped_data_is_oldest_first_with_precision_kept() {
    let c = shipped();
    let Answer::Found(t) = timeline::answer(&c) else {
        panic!()
    };
    let order: Vec<(String, &str)> = t
        .departures
        .iter()
        .map(|e| (e.when.to_string(), e.who.name.as_str()))
        .collect();
    assert_eq!(
        order[0],
        ("Early 2023".into(), "Guillaume Lample"),
        "Early 2023 before February 2023"
    );
    assert_eq!(order[1], ("February 2023".into(), "Edouard Grave"));
    let june: Vec<&str> = order
        .iter()
        .filter(|(w, _)| w == "June 2023")
        .map(|(_, n)| *n)
        .collect();
    assert_eq!(
        june,
        ["Timothée Lacroix", "Marie-Anne Lachaux", "Thibaut Lavril"],
        "ties keep the file's order"
    );
    assert_eq!(order.last().unwrap().1, "Naman Goyal");
    assert_eq!(t.stayed.len(), 3);
    assert!(t.undated.is_empty());
}

#[test]
fn imprecise_dates_sort_at_the_start_of_their_range_and_unknown_dates_go_apart() {
    let c = with_people(json!([
        person("Ann Late", "mistral", Some("2023-03"), Some(2)),
        person("Bob Year", "mistral", Some("2023"), Some(4)),
        person("Cid Mid", "kyutai", Some("mid 2022"), None),
        person("Dee Early", "kyutai", Some("early 2023"), Some(6)),
        person("Eve Unknown", "cohere", None, None),
        person("Fay Stays", "meta", None, None),
    ]));
    let Answer::Found(t) = timeline::answer(&c) else {
        panic!()
    };
    let order: Vec<&str> = t.departures.iter().map(|e| e.who.name.as_str()).collect();
    // Mid 2022 (May), then 2023 and Early 2023 (both January 2023, in file order), then March.
    assert_eq!(order, ["Cid Mid", "Bob Year", "Dee Early", "Ann Late"]);
    assert_eq!(
        t.undated
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["Eve Unknown"]
    );
    assert_eq!(
        t.stayed.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["Fay Stays"]
    );

    let f = figures(&c, "");
    assert_eq!((f.authors, f.left, f.stays_known), (6, 5, 3));
    assert_eq!(years_months(f.median_stay), Some((4, 0)));
    assert_eq!(f.first_to_leave.unwrap().who.name, "Cid Mid");
    assert_eq!(
        f.last_to_leave.unwrap().who.name,
        "Bob Year",
        "2023 may mean December"
    );
}

#[test]
fn nobody_left() {
    let c = with_people(json!([person("Fay Stays", "meta", None, None)]));
    let f = figures(&c, "");
    assert_eq!((f.authors, f.left), (1, 0));
    assert!(f.average_stay.is_none() && f.first_to_leave.is_none() && f.went_to.is_empty());
    let Answer::Found(t) = timeline::answer(&c) else {
        panic!()
    };
    assert!(t.departures.is_empty());
}

#[test]
fn a_roster_orders_equal_dates_by_name_with_accents_and_case_folded() {
    let c = with_people(json!([
        person("Émile Zola", "mistral", Some("2023-02"), None),
        person("david Abel", "mistral", Some("2023-02"), None),
        person("Fabrice Roux", "mistral", Some("2023-02"), None),
        person("Anna Early", "mistral", Some("2022-11"), None),
        person("Bruno Undated", "mistral", None, None),
    ]));
    let mistral = (0..c.dataset().companies().len())
        .find(|&i| c.dataset().companies()[i].id == "mistral")
        .expect("mistral is a company");
    let names: Vec<&str> = c.roster(mistral).iter().map(|p| p.name.as_str()).collect();
    // Byte order would put `Fabrice` before `david` and `Émile` last.
    assert_eq!(
        names,
        [
            "Anna Early",
            "david Abel",
            "Émile Zola",
            "Fabrice Roux",
            "Bruno Undated"
        ]
    );
}
