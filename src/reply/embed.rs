//! An embed as Discord shows it, built within Discord's limits: each part is cut as it is set, and
//! [`Embed::fit`] enforces the 6,000-character total whatever the data holds.

use std::borrow::Cow;

use crate::i18n::Locale;
use crate::limits::{self, chars, truncate};

/// The longest line of a list in a description, so that one long entry cannot crowd out the others.
const MAX_LINE: usize = 300;

/// How much longer "… and k more" can be than "… and n more" for any k < n, in characters, in
/// every language (plural forms differ a little; k has no more digits than n): lines that fit
/// with this much to spare need not have their own "more" line written out to be measured.
const MORE_SLACK: usize = 8;

/// What a cut list counts, in a language: "… and N more authors".
#[derive(Debug, Clone, Copy)]
pub struct Noun {
    locale: Locale,
    /// The id of the "… and N more" message.
    more: &'static str,
}

impl Noun {
    /// Authors, in `locale`.
    pub fn authors(locale: Locale) -> Noun {
        Noun {
            locale,
            more: "more-authors",
        }
    }

    /// "… and `n` more authors".
    pub fn more(self, n: usize) -> Cow<'static, str> {
        self.locale.format(self.more, &[("n", n.into())])
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub value: String,
    /// Whether Discord may put it beside others.
    pub inline: bool,
}

/// One embed, within Discord's limits once [`Embed::fit`] has run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Embed {
    pub title: String,
    /// Description (markdown), may be empty.
    pub description: String,
    pub fields: Vec<Field>,
    /// Footer text, may be empty.
    pub footer: String,
    /// Side colour, 0xRRGGBB.
    pub color: u32,
    /// The picture shown under it, e.g. `attachment://where-they-went.png` (not counted in the total).
    pub image: Option<String>,
}

impl Embed {
    pub fn new(title: &str, color: u32) -> Embed {
        Embed {
            title: truncate(title, limits::TITLE),
            color,
            ..Embed::default()
        }
    }

    /// Adds a field while there is room for one; an empty value shows as a dash.
    pub fn field(mut self, name: &str, value: &str, inline: bool) -> Embed {
        if self.fields.len() < limits::FIELDS {
            let value = if value.trim().is_empty() {
                "—"
            } else {
                value
            };
            self.fields.push(Field {
                name: truncate(name, limits::FIELD_NAME),
                value: truncate(value, limits::FIELD_VALUE),
                inline,
            });
        }
        self
    }

    pub fn footer(mut self, text: &str) -> Embed {
        self.footer = truncate(text, limits::FOOTER);
        self
    }

    /// Characters Discord counts toward the 6000 total.
    pub fn total_chars(&self) -> usize {
        chars(&self.title)
            + chars(&self.description)
            + chars(&self.footer)
            + self
                .fields
                .iter()
                .map(|f| chars(&f.name) + chars(&f.value))
                .sum::<usize>()
    }

    /// Room left for the description, given everything else.
    fn description_budget(&self) -> usize {
        let others = self.total_chars() - chars(&self.description);
        limits::DESCRIPTION.min(limits::TOTAL.saturating_sub(others))
    }

    /// Sets the description, cut to the room the rest leaves: set it last.
    pub fn description(mut self, text: &str) -> Embed {
        self.description = String::new();
        self.description = truncate(text, self.description_budget());
        self
    }

    /// Description made of a head line and list lines, as many as fit, then "… and N more" for the
    /// rest. Each line is cut to [`MAX_LINE`] characters so that one long entry cannot crowd out
    /// the others; the head is cut to leave room for at least the "more" line.
    pub fn description_lines(
        mut self,
        head: &str,
        lines: impl ExactSizeIterator<Item = String>,
        noun: Noun,
    ) -> Embed {
        self.description = String::new();
        let budget = self.description_budget();
        let total = lines.len();
        // The "more" line and its length: one newline, then the message.
        let more = |n: usize| noun.more(n);
        let more_chars = |n: usize| 1 + chars(&more(n));
        let reserve = if total == 0 { 0 } else { more_chars(total) };
        let mut text = truncate(head, budget.saturating_sub(reserve).max(1).min(budget));
        let mut used = chars(&text);
        for (i, line) in lines.enumerate() {
            let line = truncate(&line, MAX_LINE);
            let remaining = total - i - 1;
            let cost = 1 + chars(&line);
            // Room for this line, and for the "and N more" line if more would follow; written out
            // only near the end of the room (see MORE_SLACK).
            let fits = used + cost + reserve + MORE_SLACK <= budget
                || used
                    + cost
                    + (if remaining > 0 {
                        more_chars(remaining)
                    } else {
                        0
                    })
                    <= budget;
            if !fits {
                if used + more_chars(total - i) <= budget {
                    text.push('\n');
                    text.push_str(&more(total - i));
                }
                break;
            }
            text.push('\n');
            text.push_str(&line);
            used += cost;
        }
        self.description = text;
        self
    }

    /// Enforces every limit: each part's own, then the 6000 total by shortening the longest parts.
    pub fn fit(mut self) -> Embed {
        self.title = truncate(&self.title, limits::TITLE);
        self.description = truncate(&self.description, limits::DESCRIPTION);
        self.footer = truncate(&self.footer, limits::FOOTER);
        self.fields.truncate(limits::FIELDS);
        for f in &mut self.fields {
            f.name = truncate(&f.name, limits::FIELD_NAME);
            f.value = truncate(&f.value, limits::FIELD_VALUE);
        }
        while self.total_chars() > limits::TOTAL {
            let excess = self.total_chars() - limits::TOTAL;
            let longest = [&mut self.title, &mut self.description, &mut self.footer]
                .into_iter()
                .chain(
                    self.fields
                        .iter_mut()
                        .flat_map(|f| [&mut f.name, &mut f.value]),
                )
                .max_by_key(|s| chars(s));
            let Some(longest) = longest else { break };
            let len = chars(longest);
            if len <= 1 {
                break;
            }
            *longest = truncate(longest, len.saturating_sub(excess).max(1));
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_brings_an_oversized_embed_under_the_total() {
        let mut e = Embed::new(&"t".repeat(300), 0).footer(&"f".repeat(3000));
        for _ in 0..30 {
            e = e.field(&"n".repeat(300), &"v".repeat(2000), false);
        }
        e.description = "d".repeat(5000);
        let e = e.fit();
        assert!(e.total_chars() <= limits::TOTAL);
        assert_eq!(e.fields.len(), limits::FIELDS);
        assert!(chars(&e.title) <= limits::TITLE);
    }

    #[test]
    fn a_shorter_count_never_needs_much_more_room() {
        for locale in Locale::ALL {
            let noun = Noun::authors(locale);
            let mut longest = 0;
            for n in (1..=2_000).chain([9_999, 10_000, 999_999, 1_000_000, 1_000_001]) {
                let len = chars(&noun.more(n));
                assert!(longest <= len + MORE_SLACK, "{locale:?} {n}");
                longest = longest.max(len);
            }
        }
    }

    #[test]
    fn a_cut_list_says_how_many_more_in_its_language() {
        let lines = || (0..2_000).map(|i| format!("line {i}"));
        let e = Embed::new("t", 0).description_lines("head", lines(), Noun::authors(Locale::En));
        assert!(
            e.description.ends_with(" more authors"),
            "{}",
            e.description
        );
        let e = Embed::new("t", 0).description_lines("head", lines(), Noun::authors(Locale::Fr));
        assert!(e.description.contains("\n… et "), "{}", e.description);
        assert!(
            e.description.ends_with(" autres auteurs"),
            "{}",
            e.description
        );
        assert!(chars(&e.description) <= limits::DESCRIPTION);
    }
}
