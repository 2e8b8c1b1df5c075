//! What the user sees: a [`Reply`] is one embed, cut to Discord's limits, and the [`Outcome`] of the
//! answer it shows. The pieces here know nothing of commands or of serenity: commands build their
//! embeds from them, `discord::wire` sends them, [`Reply::to_text`] prints them.

mod buttons;
mod embed;
mod markdown;
mod text;

pub use buttons::{Button, Rows, Style};
pub use embed::{Embed, Field, Noun};
pub use markdown::{bold, echo, safe};

use crate::dataset::Dataset;
use crate::i18n::Locale;

/// Colour of a not-found or error reply.
pub const COLOR_FAILURE: u32 = 0x99_AA_B5;

/// What kind of answer a reply shows: it decides who sees the reply and the CLI's exit code.
/// Ordered from best to worst (a batch exits with its worst).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    Found,
    /// Nothing matched, or what matched is empty (a company nobody works at).
    NotFound,
    /// The input could not be searched, or is not a command.
    Refused,
}

/// A reply: one embed, the outcome it shows, buttons under it and files it shows (a chart).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub embed: Embed,
    pub outcome: Outcome,
    pub buttons: Rows,
    pub attachments: Vec<Attachment>,
}

/// A file sent with a reply, which its embed shows as `attachment://<filename>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub filename: String,
    /// Shared, not copied, by every reply that carries it (a chart is rendered once per load).
    pub bytes: bytes::Bytes,
}

impl Attachment {
    /// What an embed's image URL says to show this file.
    pub fn url(&self) -> String {
        format!("attachment://{}", self.filename)
    }
}

impl Reply {
    /// Cuts the embed to Discord's limits.
    pub fn new(embed: Embed, outcome: Outcome) -> Reply {
        Reply {
            embed: embed.fit(),
            outcome,
            buttons: Rows::default(),
            attachments: Vec::new(),
        }
    }

    pub fn with_buttons(mut self, buttons: Rows) -> Reply {
        self.buttons = buttons;
        self
    }

    /// Carries a file, shown as the embed's image.
    pub fn with_image(mut self, file: Attachment) -> Reply {
        self.embed.image = Some(file.url());
        self.attachments.push(file);
        self
    }

    /// Only the asker sees anything but a found answer: a miss is nobody else's business.
    pub fn ephemeral(&self) -> bool {
        self.outcome != Outcome::Found
    }
}

/// "Source: …, as of …": the footer of every answer from the data, in `locale`. The source, its
/// author and basis are the data's own words; dates stay `YYYY-MM-DD` in every language.
pub fn footer(ds: &Dataset, locale: Locale) -> String {
    let p = ds.provenance();
    let mut text = locale
        .format("footer-source", &[("source", (&p.source).into())])
        .into_owned();
    let mut by = Vec::new();
    if let Some(author) = &p.author {
        by.push(author.clone());
    }
    if let Some(published) = p.published {
        by.push(published.to_string());
    }
    if !by.is_empty() {
        text.push_str(" (");
        text.push_str(&by.join(", "));
        text.push(')');
    }
    if let Some(basis) = &p.basis {
        text.push_str(", ");
        text.push_str(&locale.format("footer-basis", &[("basis", basis.into())]));
    }
    let as_of = ds.as_of().to_string();
    text.push_str(". ");
    text.push_str(&locale.format("footer-as-of", &[("date", (&as_of).into())]));
    text
}
