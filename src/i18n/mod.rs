//! The languages replies are written in, and their words: one Fluent file per language
//! (`en.ftl`, `fr.ftl`), embedded in the binary and parsed once.
//!
//! A reply is written in the [`Locale`] of the user who asked (Discord sends the client's language
//! with each interaction; the CLI takes `--locale`). Commands get their text from
//! [`Locale::text`] (a message without variables) and [`Locale::format`] (with variables), and
//! dates and durations from [`Locale::date`] and [`Locale::tenure`]. English is the reference: a
//! message missing from, or failing in, another language is logged and written in English instead;
//! nothing here panics on a message.
//!
//! ```
//! use llama_alumni::dataset::{Departure, Tenure};
//! use llama_alumni::i18n::Locale;
//! let fr = Locale::from_discord("fr");
//! assert_eq!(fr.date("2023-06".parse::<Departure>().unwrap()), "juin 2023");
//! assert_eq!(fr.tenure(Tenure { years: 8, months: 5 }), "8 ans et 5 mois");
//! assert_eq!(Locale::from_discord("en-US").text("whereis-role"), "Current role");
//! ```

use std::borrow::Cow;
use std::sync::{LazyLock, OnceLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use tracing::warn;

use crate::dataset::{Departure, PartOfYear, Tenure, YearMonth};

/// A language replies are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    /// The reference, and the language of every locale not translated.
    #[default]
    En,
    Fr,
}

/// Discord's locales (its `Locale` enum): what the CLI's `--locale` accepts besides `en` and `fr`,
/// so that a locale seen in an interaction can be tried in the terminal as it comes.
const DISCORD_LOCALES: &[&str] = &[
    "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl",
    "no", "pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th",
    "zh-CN", "ja", "zh-TW", "ko",
];

/// A `--locale` that is neither a language of ours nor one of Discord's locales.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown locale {0:?}: use en or fr, or a Discord locale such as en-US or de (English unless French)"
)]
pub struct UnknownLocale(pub String);

impl Locale {
    /// Every language, the reference first.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Fr];

    /// The language's code, as Discord names it in `description_localizations` (`fr`).
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
        }
    }

    /// The language of a Discord locale (an interaction's `locale`, e.g. `fr`, `en-US`, `de`):
    /// French for `fr` and any `fr-*`, English for everything else, the empty string included.
    pub fn from_discord(locale: &str) -> Locale {
        let language = locale.split(['-', '_']).next().unwrap_or_default();
        if language.eq_ignore_ascii_case("fr") {
            Locale::Fr
        } else {
            Locale::En
        }
    }

    /// The CLI's `--locale`: `en`, `fr`, or any Discord locale (mapped as [`Locale::from_discord`]
    /// maps it), in any case; `fr-*` too. Anything else is refused rather than silently English.
    pub fn from_cli(text: &str) -> Result<Locale, UnknownLocale> {
        let known = text.eq_ignore_ascii_case("en")
            || DISCORD_LOCALES.iter().any(|l| l.eq_ignore_ascii_case(text))
            || Locale::from_discord(text) == Locale::Fr;
        if known {
            Ok(Locale::from_discord(text))
        } else {
            Err(UnknownLocale(text.to_owned()))
        }
    }

    /// A message without variables. Borrowed from the parsed file: no allocation.
    pub fn text(self, id: &str) -> Cow<'static, str> {
        self.format(id, &[])
    }

    /// A message with its variables, e.g. `format("whereis-left", &[("home", "Meta".into())])`.
    /// A message that is missing or fails is logged and taken from English; if English fails too,
    /// the id is shown (never a panic).
    pub fn format(self, id: &str, args: &[(&str, Arg<'_>)]) -> Cow<'static, str> {
        let fluent_args = (!args.is_empty()).then(|| {
            let mut fa = FluentArgs::with_capacity(args.len());
            for &(name, arg) in args {
                fa.set(name, arg.value());
            }
            fa
        });
        let args = fluent_args.as_ref();
        if let Some(text) = self.try_format(id, args) {
            return text;
        }
        let english = (self != Locale::En)
            .then(|| Locale::En.try_format(id, args))
            .flatten();
        english.unwrap_or_else(|| Cow::Owned(id.to_owned()))
    }

    fn try_format(self, id: &str, args: Option<&FluentArgs<'_>>) -> Option<Cow<'static, str>> {
        let bundle = bundle(self);
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            warn!(locale = self.code(), id, "no such message");
            return None;
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if errors.is_empty() {
            Some(text)
        } else {
            warn!(
                locale = self.code(),
                id,
                ?errors,
                "a message did not format"
            );
            None
        }
    }

    /// A departure as precisely as the source gives it: "June 2023", "Early 2023", "2023" in
    /// English (as [`Departure`]'s `Display`); "juin 2023", "début 2023", "mi-2023" in French.
    /// Each is written once per process (see [`Memo`]).
    pub fn date(self, departure: Departure) -> Cow<'static, str> {
        let slot = match departure {
            Departure::Month(ym) => usize::from(ym.month).wrapping_sub(1),
            Departure::Year { part: None, .. } => 12,
            Departure::Year { part: Some(p), .. } => 13 + p as usize,
        };
        let year = departure.earliest().year;
        let index = usize::from(year.wrapping_sub(MEMO_FIRST_YEAR)) * 16 + slot;
        let fits = year >= MEMO_FIRST_YEAR && slot < 16;
        DATES[self as usize].get(fits.then_some(index), || self.write_date(departure))
    }

    /// A departure date inside a sentence: "early 2023" where [`Locale::date`] heads a line or
    /// a field with "Early 2023"; a month or a year reads the same either way.
    pub fn date_inline(self, departure: Departure) -> Cow<'static, str> {
        let Departure::Year {
            year,
            part: Some(part),
        } = departure
        else {
            return self.date(departure);
        };
        let id = match part {
            PartOfYear::Early => "date-early-inline",
            PartOfYear::Mid => "date-mid-inline",
            PartOfYear::Late => "date-late-inline",
        };
        self.format(id, &[("year", year.into())])
    }

    fn write_date(self, departure: Departure) -> Cow<'static, str> {
        match departure {
            Departure::Month(YearMonth { year, month }) => self.format(
                "date-month",
                &[("month", Arg::from(month)), ("year", year.into())],
            ),
            Departure::Year { year, part } => {
                let id = match part {
                    None => "date-year",
                    Some(PartOfYear::Early) => "date-early",
                    Some(PartOfYear::Mid) => "date-mid",
                    Some(PartOfYear::Late) => "date-late",
                };
                self.format(id, &[("year", year.into())])
            }
        }
    }

    /// A stay in years and months: "8 years, 5 months" (as [`Tenure`]'s `Display`), "8 ans et
    /// 5 mois"; a zero part is left out, and a stay of nothing is "0 months". Each is written once
    /// per process (see [`Memo`]).
    pub fn tenure(self, tenure: Tenure) -> Cow<'static, str> {
        let index = usize::from(tenure.years) * 12 + usize::from(tenure.months);
        let fits = tenure.months < 12;
        TENURES[self as usize].get(fits.then_some(index), || self.write_tenure(tenure))
    }

    fn write_tenure(self, tenure: Tenure) -> Cow<'static, str> {
        let (years, months) = (tenure.years, tenure.months);
        let id = match (years, months) {
            (0, _) => "tenure-months",
            (_, 0) => "tenure-years",
            _ => "tenure-both",
        };
        self.format(id, &[("years", years.into()), ("months", months.into())])
    }

    /// `a`, `a and b`, `a, b and c` in this language.
    pub fn list(self, items: &[String]) -> String {
        self.joined(items, "and")
    }

    /// `a`, `a or b`, `a, b or c` in this language.
    pub fn list_or(self, items: &[String]) -> String {
        self.joined(items, "or")
    }

    /// The items, the last joined by the message `conjunction`.
    fn joined(self, items: &[String], conjunction: &str) -> String {
        match items.split_last() {
            None => String::new(),
            Some((only, [])) => only.clone(),
            Some((last, head)) => {
                format!("{} {} {last}", head.join(", "), self.text(conjunction))
            }
        }
    }
}

/// A message's variable: text (shown as is) or a count (which picks plural forms).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Arg<'a> {
    Text(&'a str),
    Number(u64),
}

impl<'a> Arg<'a> {
    fn value(self) -> FluentValue<'a> {
        match self {
            Arg::Text(s) => FluentValue::String(Cow::Borrowed(s)),
            Arg::Number(n) => FluentValue::from(n),
        }
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Arg<'a> {
        Arg::Text(s)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Arg<'a> {
        Arg::Text(s)
    }
}

impl<'a> From<&'a Cow<'_, str>> for Arg<'a> {
    fn from(s: &'a Cow<'_, str>) -> Arg<'a> {
        Arg::Text(s)
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg::Number(n as u64)
            }
        }
    )*};
}
number_arg!(u8, u16, u32, u64, usize);

/// Texts written once per process and kept: dates and stays repeat in every reply (a timeline line
/// has both), and a Fluent plural or month takes about a microsecond to pick, a kept text nothing.
/// Slots beyond the table are written each time.
struct Memo<const N: usize>([OnceLock<Box<str>>; N]);

impl<const N: usize> Memo<N> {
    const fn new() -> Memo<N> {
        Memo([const { OnceLock::new() }; N])
    }

    fn get(
        &'static self,
        slot: Option<usize>,
        write: impl FnOnce() -> Cow<'static, str>,
    ) -> Cow<'static, str> {
        match slot.and_then(|i| self.0.get(i)) {
            Some(cell) => Cow::Borrowed(cell.get_or_init(|| write().into())),
            None => write(),
        }
    }
}

/// Departures kept: 16 slots (12 months, the year alone, its three parts) for each year from this
/// one, for 64 years.
const MEMO_FIRST_YEAR: u16 = 2000;
static DATES: [Memo<{ 64 * 16 }>; 2] = [Memo::new(), Memo::new()];
/// Stays kept: up to 64 years, every month.
static TENURES: [Memo<{ 64 * 12 }>; 2] = [Memo::new(), Memo::new()];

type Bundle = FluentBundle<FluentResource>;

/// Each language's file, in [`Locale::ALL`]'s order.
const SOURCES: [(Locale, &str); 2] = [
    (Locale::En, include_str!("en.ftl")),
    (Locale::Fr, include_str!("fr.ftl")),
];

/// The bundles, parsed on first use and shared by every thread.
static BUNDLES: LazyLock<[Bundle; 2]> = LazyLock::new(|| SOURCES.map(|(l, s)| parse(l, s)));

fn bundle(locale: Locale) -> &'static Bundle {
    &BUNDLES[locale as usize]
}

/// One language's bundle. A syntax error is logged and the entries that parsed are kept: the
/// messages lost fall back to English (and the tests refuse such a file).
fn parse(locale: Locale, source: &str) -> Bundle {
    let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(res, errors)| {
        warn!(
            locale = locale.code(),
            ?errors,
            "syntax errors in the messages"
        );
        res
    });
    let language = locale.code().parse().unwrap_or_default();
    let mut bundle = Bundle::new_concurrent(vec![language]);
    // Isolation marks (U+2068/U+2069 around each variable) would end up in embeds and terminals.
    bundle.set_use_isolating(false);
    if let Err(errors) = bundle.add_resource(resource) {
        warn!(locale = locale.code(), ?errors, "messages defined twice");
    }
    bundle
}

#[cfg(test)]
mod tests;
