//! Dates as precise as the source gives them: a departure may be a month, a year or part of a year,
//! and a tenure is whole years and months.

use std::fmt;

use serde::{Deserialize, Deserializer};

use super::quote::quote;

/// A year and a month, ordered in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    /// The year, e.g. 2023.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
}

impl YearMonth {
    pub(crate) fn months_since(self, earlier: YearMonth) -> i32 {
        (i32::from(self.year) - i32::from(earlier.year)) * 12 + i32::from(self.month)
            - i32::from(earlier.month)
    }
}

/// The part of a year a source gives when it does not give the month ("early 2023").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PartOfYear {
    /// January to April.
    Early,
    /// May to August.
    Mid,
    /// September to December.
    Late,
}

impl PartOfYear {
    fn months(self) -> (u8, u8) {
        match self {
            PartOfYear::Early => (1, 4),
            PartOfYear::Mid => (5, 8),
            PartOfYear::Late => (9, 12),
        }
    }

    fn word(self) -> &'static str {
        match self {
            PartOfYear::Early => "early",
            PartOfYear::Mid => "mid",
            PartOfYear::Late => "late",
        }
    }
}

/// When someone left, exactly as precisely as the source says it.
///
/// Written in the dataset as `"2023-06"` (a month), `"2023"` (a year) or `"early 2023"`, `"mid 2023"`,
/// `"late 2023"` (part of a year). "Early 2023" is not a month and is never shown as one.
///
/// ```
/// use llama_alumni::dataset::Departure;
/// assert_eq!("2023-06".parse::<Departure>().unwrap().to_string(), "June 2023");
/// assert_eq!("early 2023".parse::<Departure>().unwrap().to_string(), "Early 2023");
/// assert!("2023-13".parse::<Departure>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Departure {
    Month(YearMonth),
    /// A known year, perhaps with the part of it.
    Year {
        year: u16,
        /// Early, mid or late, when the source says.
        part: Option<PartOfYear>,
    },
}

impl Departure {
    /// The earliest month this departure can mean.
    pub fn earliest(self) -> YearMonth {
        match self {
            Departure::Month(ym) => ym,
            Departure::Year { year, part } => YearMonth {
                year,
                month: part.map_or(1, |p| p.months().0),
            },
        }
    }

    /// The latest month this departure can mean.
    pub fn latest(self) -> YearMonth {
        match self {
            Departure::Month(ym) => ym,
            Departure::Year { year, part } => YearMonth {
                year,
                month: part.map_or(12, |p| p.months().1),
            },
        }
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl fmt::Display for Departure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Departure::Month(YearMonth { year, month }) => {
                write!(f, "{} {year}", MONTHS[usize::from(month - 1)])
            }
            Departure::Year { year, part: None } => write!(f, "{year}"),
            Departure::Year {
                year,
                part: Some(part),
            } => {
                let word = part.word();
                write!(f, "{}{} {year}", word[..1].to_uppercase(), &word[1..])
            }
        }
    }
}

/// Why a departure date was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0} is not a departure date: write \"2023-06\" (a month), \"2023\" (a year) or \"early 2023\" / \"mid 2023\" / \"late 2023\""
)]
pub struct DepartureParseError(
    /// The value as [`quote`] shows it: never all of a huge one.
    String,
);

impl std::str::FromStr for Departure {
    type Err = DepartureParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || DepartureParseError(quote(s));
        let year = |y: &str| -> Result<u16, DepartureParseError> {
            if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) {
                y.parse().map_err(|_| err())
            } else {
                Err(err())
            }
        };
        let s = s.trim();
        if let Some((part, y)) = s.split_once(' ') {
            let part = match part.to_ascii_lowercase().as_str() {
                "early" => PartOfYear::Early,
                "mid" => PartOfYear::Mid,
                "late" => PartOfYear::Late,
                _ => return Err(err()),
            };
            return Ok(Departure::Year {
                year: year(y.trim())?,
                part: Some(part),
            });
        }
        if let Some((y, m)) = s.split_once('-') {
            let month: u8 = match m.len() {
                2 if m.bytes().all(|b| b.is_ascii_digit()) => m.parse().map_err(|_| err())?,
                _ => return Err(err()),
            };
            if !(1..=12).contains(&month) {
                return Err(err());
            }
            return Ok(Departure::Month(YearMonth {
                year: year(y)?,
                month,
            }));
        }
        Ok(Departure::Year {
            year: year(s)?,
            part: None,
        })
    }
}

impl<'de> Deserialize<'de> for Departure {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// Parses the text where it lies: a `Cow<str>` read without `#[serde(borrow)]` is always
        /// copied first, a string allocated per person for a value of a few bytes.
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = Departure;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Departure, E> {
                text.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Text)
    }
}

/// How long someone was at the company, in whole years and months, as the source says it.
///
/// ```
/// use llama_alumni::dataset::Tenure;
/// assert_eq!(Tenure { years: 8, months: 5 }.to_string(), "8 years, 5 months");
/// assert_eq!(Tenure { years: 5, months: 0 }.to_string(), "5 years");
/// assert_eq!(Tenure { years: 1, months: 1 }.to_string(), "1 year, 1 month");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tenure {
    #[serde(default)]
    pub years: u16,
    /// Months beyond the whole years, 0 to 11.
    #[serde(default)]
    pub months: u16,
}

impl Tenure {
    /// The whole stay in months.
    pub fn total_months(self) -> u32 {
        u32::from(self.years) * 12 + u32::from(self.months)
    }
}

impl fmt::Display for Tenure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: u16| if n == 1 { "" } else { "s" };
        match (self.years, self.months) {
            (0, m) => write!(f, "{m} month{}", plural(m)),
            (y, 0) => write!(f, "{y} year{}", plural(y)),
            (y, m) => write!(f, "{y} year{}, {m} month{}", plural(y), plural(m)),
        }
    }
}

/// A calendar date written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CalendarDate(pub time::Date);

impl CalendarDate {
    pub(crate) fn year_month(self) -> YearMonth {
        YearMonth {
            year: u16::try_from(self.0.year()).unwrap_or(0),
            month: u8::from(self.0.month()),
        }
    }
}

impl fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02}",
            d.year(),
            u8::from(d.month()),
            d.day()
        )
    }
}

impl<'de> Deserialize<'de> for CalendarDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        time::Date::parse(
            &s,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .map(CalendarDate)
        .map_err(|e| {
            serde::de::Error::custom(format!("{} is not a date YYYY-MM-DD ({e})", quote(&s)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departures_keep_their_precision() {
        let d: Departure = "early 2023".parse().unwrap();
        assert_eq!(
            d,
            Departure::Year {
                year: 2023,
                part: Some(PartOfYear::Early)
            }
        );
        assert_eq!(d.to_string(), "Early 2023");
        assert_eq!("2023".parse::<Departure>().unwrap().to_string(), "2023");
        assert_eq!(
            "Late 2024".parse::<Departure>().unwrap().to_string(),
            "Late 2024"
        );
        assert_eq!(
            "2023-02".parse::<Departure>().unwrap().to_string(),
            "February 2023"
        );
        for bad in [
            "2023-00",
            "2023-13",
            "June 2023",
            "23-06",
            "2023-6",
            "",
            "soon 2023",
        ] {
            assert!(bad.parse::<Departure>().is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn tenure_reads_as_the_article_writes_it() {
        assert_eq!(
            Tenure {
                years: 7,
                months: 0
            }
            .to_string(),
            "7 years"
        );
        assert_eq!(
            Tenure {
                years: 0,
                months: 7
            }
            .to_string(),
            "7 months"
        );
        assert_eq!(
            Tenure {
                years: 2,
                months: 1
            }
            .to_string(),
            "2 years, 1 month"
        );
    }
}
