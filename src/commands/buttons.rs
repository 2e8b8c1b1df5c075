//! Buttons the commands put under their replies, and what pressing one answers.
//!
//! No state is kept: a button's custom id says all a press needs, `v1:<command>:<what>`, e.g.
//! `v1:whereis:Guillaume Lample` or `v1:company:mistral:page:2`, so a press works after a restart
//! and on any replica. The command named in the id answers the press ([`SlashCommand::press`]); a
//! press that no longer makes sense (the person left the data, the page is past the end, an id
//! of another version) gets an "out of date" reply that says what to type instead.

use std::ops::Range;

use super::{ALL, Command, find};
use crate::catalog::Catalog;
use crate::i18n::Locale;
use crate::reply::{Button, COLOR_FAILURE, Embed, Outcome, Reply, Style};

/// The version of the custom ids made here: a layout change bumps it, and presses of older
/// buttons are answered "out of date" rather than misread.
pub const VERSION: &str = "v1";
/// Lines of a list per page: 12 lines of at most 300 characters always fit one description.
pub const PAGE_LINES: usize = 12;

/// What a press answers, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pressed {
    pub reply: Reply,
    pub delivery: Delivery,
}

/// Whether a press posts a new reply or changes the message the button is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// A new reply (type 4): a pick answers for who or what it names.
    NewMessage,
    /// The message, updated in place (type 7): another page of it.
    Update,
}

impl Pressed {
    pub fn new_message(reply: Reply) -> Pressed {
        Pressed {
            reply,
            delivery: Delivery::NewMessage,
        }
    }

    pub fn update(reply: Reply) -> Pressed {
        Pressed {
            reply,
            delivery: Delivery::Update,
        }
    }
}

/// The custom id of a button of `command`: `v1:<command>:<what>`.
pub fn custom_id(command: &str, what: &str) -> String {
    format!("{VERSION}:{command}:{what}")
}

/// A grey button that answers `command` for `what`, or `None` if its id would be too long.
pub fn pick(command: &str, what: &str, label: &str) -> Option<Button> {
    Button::new(label, custom_id(command, what), Style::Secondary)
}

/// Answers a button press, whatever its custom id holds, in `locale`.
pub fn press(catalog: &Catalog, id: &str, locale: Locale) -> Pressed {
    let command = id
        .strip_prefix(VERSION)
        .and_then(|rest| rest.strip_prefix(':'))
        .and_then(|rest| rest.split_once(':'))
        .and_then(|(name, what)| find(name).map(|c| (c, what)));
    match command {
        Some((command, what)) => command
            .press(catalog, what, locale)
            .unwrap_or_else(|| out_of_date(Some(command), locale)),
        None => {
            // Another version's id still names its command, when it names one of ours.
            let named = id.split(':').nth(1).and_then(find);
            out_of_date(named, locale)
        }
    }
}

/// The ephemeral reply to a button that no longer makes sense.
fn out_of_date(command: Option<Command>, locale: Locale) -> Pressed {
    let examples: Vec<String> = match command {
        Some(c) => vec![format!("`{}`", c.spec().example)],
        None => ALL
            .iter()
            .map(|c| format!("`{}`", c.spec().example))
            .collect(),
    };
    let commands = locale.list_or(&examples);
    let text = locale.format("out-of-date", &[("commands", (&commands).into())]);
    let e = Embed::new(&locale.text("out-of-date-title"), COLOR_FAILURE).description(&text);
    Pressed::new_message(Reply::new(e, Outcome::Refused))
}

/// A page of a list: which one (from 1), and how many there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub number: usize,
    pub count: usize,
}

impl Page {
    /// The first page of a list of `items`.
    pub fn first(items: usize) -> Page {
        Page {
            number: 1,
            count: items.div_ceil(PAGE_LINES).max(1),
        }
    }

    /// Page `number` of a list of `items`, if there is one.
    pub fn of(items: usize, number: usize) -> Option<Page> {
        let first = Page::first(items);
        (1..=first.count)
            .contains(&number)
            .then_some(Page { number, ..first })
    }

    /// The items this page shows.
    pub fn range(self, items: usize) -> Range<usize> {
        let start = (self.number - 1) * PAGE_LINES;
        start.min(items)..(start + PAGE_LINES).min(items)
    }

    /// The footer with "page 2 of 9" added, when there is more than one.
    pub fn footer(self, footer: &str, locale: Locale) -> String {
        if self.count > 1 {
            let args = [
                ("page", self.number.into()),
                ("pages", self.count.into()),
                ("footer", footer.into()),
            ];
            locale.format("page-footer", &args).into_owned()
        } else {
            footer.to_owned()
        }
    }

    /// "◀ Previous" and "Next ▶", each greyed out at its end, or none for a single page. `id`
    /// gives the custom id of a page.
    pub fn buttons(self, locale: Locale, id: impl Fn(usize) -> String) -> Vec<Button> {
        if self.count < 2 {
            return Vec::new();
        }
        let label = |message| locale.text(message);
        let previous = Button::new(
            &label("button-previous"),
            id(self.number - 1),
            Style::Primary,
        )
        .map(|b| b.disabled(self.number == 1));
        let next = Button::new(&label("button-next"), id(self.number + 1), Style::Primary)
            .map(|b| b.disabled(self.number == self.count));
        previous.into_iter().chain(next).collect()
    }
}

/// Reads `…:page:<n>` at the end of a custom id's `what`: the rest, and the page number.
pub fn split_page(what: &str) -> Option<(&str, usize)> {
    let (rest, n) = what.rsplit_once("page:")?;
    let rest = rest.strip_suffix(':').unwrap_or(rest);
    Some((rest, n.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_split_a_list_and_know_their_ends() {
        assert_eq!(Page::first(0).count, 1);
        assert_eq!(Page::first(PAGE_LINES).count, 1);
        assert_eq!(Page::first(PAGE_LINES + 1).count, 2);
        let last = Page::of(30, 3).unwrap();
        assert_eq!(last.range(30), 24..30);
        assert_eq!(Page::of(30, 4), None);
        assert_eq!(Page::of(30, 0), None);
        let buttons = last.buttons(Locale::En, |n| format!("p{n}"));
        assert_eq!(buttons.len(), 2);
        assert!(!buttons[0].disabled && buttons[1].disabled);
        assert!(
            Page::first(3)
                .buttons(Locale::En, |n| format!("p{n}"))
                .is_empty()
        );
        let second = Page::of(30, 2).unwrap();
        assert_eq!(second.footer("Source", Locale::En), "Page 2 of 3 · Source");
        assert_eq!(second.footer("Source", Locale::Fr), "Page 2 sur 3 · Source");
        let french = second.buttons(Locale::Fr, |n| format!("p{n}"));
        assert_eq!(french[0].label, "◀ Précédent");
    }

    #[test]
    fn page_suffixes_are_read_back() {
        assert_eq!(split_page("mistral:page:2"), Some(("mistral", 2)));
        assert_eq!(split_page("a:b:page:10"), Some(("a:b", 10)));
        assert_eq!(split_page("page:3"), Some(("", 3)));
        assert_eq!(split_page("mistral:page:x"), None);
        assert_eq!(split_page("mistral"), None);
    }

    #[test]
    fn ids_of_another_version_or_command_are_out_of_date() {
        let catalog = Catalog::new(crate::dataset::Dataset::embedded().unwrap());
        for id in [
            "v0:whereis:Guillaume Lample",
            "v1:nothing:x",
            "",
            "v1:",
            "v1:whereis",
        ] {
            let pressed = press(&catalog, id, Locale::En);
            assert_eq!(pressed.reply.outcome, Outcome::Refused, "{id}");
            assert_eq!(pressed.reply.embed.title, "This button is out of date");
        }
    }
}
