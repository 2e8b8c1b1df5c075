//! Rendering answers as Discord bodies (with serenity's builders) and as terminal text.
//!
//! An [`Answer`] becomes a [`Reply`]: one embed, already cut to Discord's limits ([`limits`]), and
//! whether only the asker sees it. [`Reply::to_response`] builds the interaction response Discord
//! receives (type 4, `allowed_mentions: {"parse": []}` so nothing ever pings); [`Reply::to_text`]
//! prints the same reply for a terminal. Autocomplete choices become a type-8 response.

use std::fmt::Write as _;

use serenity::all::{
    AutocompleteChoice, CommandOptionType, CreateAllowedMentions, CreateAutocompleteResponse,
    CreateCommand, CreateCommandOption, CreateEmbed, CreateEmbedFooter, CreateInteractionResponse,
    CreateInteractionResponseMessage, InstallationContext, InteractionContext,
};
use serenity::utils::MessageBuilder;

use crate::commands::{self, Answer, Choice, CommandName, QueryProblem, Request};
use crate::dataset::{Dataset, Person};
use crate::search::Catalog;

/// Discord's documented limits, in characters (see the README's sources).
pub mod limits {
    /// Embed title.
    pub const TITLE: usize = 256;
    /// Embed description.
    pub const DESCRIPTION: usize = 4096;
    /// Fields per embed.
    pub const FIELDS: usize = 25;
    /// Field name.
    pub const FIELD_NAME: usize = 256;
    /// Field value.
    pub const FIELD_VALUE: usize = 1024;
    /// Footer text.
    pub const FOOTER: usize = 2048;
    /// Title, description, field names and values and footer of all embeds of a message together.
    pub const TOTAL: usize = 6000;
    /// Autocomplete choices per response.
    pub const CHOICES: usize = 25;
    /// Autocomplete choice name.
    pub const CHOICE_NAME: usize = 100;
    /// Autocomplete choice string value.
    pub const CHOICE_VALUE: usize = 100;
}

/// Colour of a reply about someone who left.
pub const COLOR_LEFT: u32 = 0xE6_7E_22;
/// Colour of a reply about someone still at Meta (Meta's blue).
pub const COLOR_STAYED: u32 = 0x08_66_FF;
/// Colour of a company roster.
pub const COLOR_COMPANY: u32 = 0x58_65_F2;
/// Colour of a not-found or error reply.
pub const COLOR_FAILURE: u32 = 0x99_AA_B5;

const ELLIPSIS: char = '…';
/// The longest line of a list in a description.
const MAX_LINE: usize = 300;

/// A countable word for "… and N more authors".
#[derive(Debug, Clone, Copy)]
struct Noun {
    one: &'static str,
    many: &'static str,
}

impl Noun {
    const AUTHOR: Noun = Noun {
        one: "author",
        many: "authors",
    };

    fn count(self, n: usize) -> &'static str {
        if n == 1 { self.one } else { self.many }
    }
}

/// Cuts text to at most `max` characters, ending with an ellipsis when cut.
///
/// ```
/// use llama_alumni::render::truncate;
/// assert_eq!(truncate("Lample", 10), "Lample");
/// assert_eq!(truncate("Guillaume Lample", 6), "Guill…");
/// ```
pub fn truncate(text: &str, max: usize) -> String {
    if max == 0 {
        return String::new();
    }
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some(_) => {
            let end = text
                .char_indices()
                .nth(max - 1)
                .map_or(text.len(), |(i, _)| i);
            let mut out = String::with_capacity(end + ELLIPSIS.len_utf8());
            out.push_str(&text[..end]);
            out.push(ELLIPSIS);
            out
        }
    }
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Markdown-safe text from the dataset: formatting characters escaped, mentions defused.
fn safe(text: &str) -> String {
    MessageBuilder::new().push_safe(text).build()
}

/// Bold, markdown-safe text.
fn bold(text: &str) -> String {
    MessageBuilder::new().push_bold_safe(text).build()
}

/// What a user typed, echoed safely: control characters blanked, shown as inline code.
fn echo(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    MessageBuilder::new()
        .push_mono_safe(truncate(cleaned.trim(), 80))
        .build()
}

/// An embed field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The field's name.
    pub name: String,
    /// The field's value.
    pub value: String,
    /// Whether Discord may put it beside others.
    pub inline: bool,
}

/// One embed, within Discord's limits once [`Embed::fit`] has run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Embed {
    /// Title.
    pub title: String,
    /// Description (markdown), may be empty.
    pub description: String,
    /// Fields.
    pub fields: Vec<Field>,
    /// Footer text, may be empty.
    pub footer: String,
    /// Side colour, 0xRRGGBB.
    pub color: u32,
}

impl Embed {
    fn new(title: &str, color: u32) -> Embed {
        Embed {
            title: truncate(title, limits::TITLE),
            color,
            ..Embed::default()
        }
    }

    fn field(mut self, name: &str, value: &str, inline: bool) -> Embed {
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

    fn footer(mut self, text: &str) -> Embed {
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

    fn description(mut self, text: &str) -> Embed {
        self.description = String::new();
        self.description = truncate(text, self.description_budget());
        self
    }

    /// Description made of a head line and list lines, as many as fit, then "… and N more" for the
    /// rest. Each line is cut to [`MAX_LINE`] characters so that one long entry cannot crowd out
    /// the others; the head is cut to leave room for at least the "more" line.
    fn description_lines(
        mut self,
        head: &str,
        lines: impl ExactSizeIterator<Item = String>,
        noun: Noun,
    ) -> Embed {
        self.description = String::new();
        let budget = self.description_budget();
        let total = lines.len();
        let more = |n: usize| format!("\n… and {n} more {}", noun.count(n));
        let reserve = if total == 0 { 0 } else { chars(&more(total)) };
        let mut text = truncate(head, budget.saturating_sub(reserve).max(1).min(budget));
        let mut used = chars(&text);
        for (i, line) in lines.enumerate() {
            let line = truncate(&line, MAX_LINE);
            let remaining = total - i - 1;
            // Room for this line, and for the "and N more" line if more would follow.
            let tail = if remaining > 0 {
                chars(&more(remaining))
            } else {
                0
            };
            let cost = 1 + chars(&line);
            if used + cost + tail > budget {
                let last = more(total - i);
                if used + chars(&last) <= budget {
                    text.push_str(&last);
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

/// A reply: one embed, and whether only the asker sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The embed.
    pub embed: Embed,
    /// Only the asker sees it (flag 64): for not-found and errors.
    pub ephemeral: bool,
}

impl Reply {
    /// The interaction response Discord receives: type 4, one embed, no pings.
    pub fn to_response(&self) -> CreateInteractionResponse {
        let e = &self.embed;
        let mut embed = CreateEmbed::new().title(&e.title).color(e.color);
        if !e.description.is_empty() {
            embed = embed.description(&e.description);
        }
        for f in &e.fields {
            embed = embed.field(&f.name, &f.value, f.inline);
        }
        if !e.footer.is_empty() {
            embed = embed.footer(CreateEmbedFooter::new(&e.footer));
        }
        CreateInteractionResponse::Message(
            CreateInteractionResponseMessage::new()
                .embed(embed)
                .allowed_mentions(CreateAllowedMentions::new())
                .ephemeral(self.ephemeral),
        )
    }

    /// The response body as JSON, exactly as sent.
    pub fn to_json(&self) -> serde_json::Value {
        response_json(&self.to_response())
    }

    /// The reply for a terminal: title, description, fields, footer, markdown removed.
    pub fn to_text(&self) -> String {
        let e = &self.embed;
        let mut out = String::new();
        let _ = writeln!(out, "{}", plain(&e.title));
        let _ = writeln!(out, "{}", "─".repeat(chars(&e.title).clamp(3, 60)));
        if !e.description.is_empty() {
            let _ = writeln!(out, "{}", plain(&e.description));
        }
        let width = e.fields.iter().map(|f| chars(&f.name)).max().unwrap_or(0);
        if !e.fields.is_empty() && !e.description.is_empty() {
            out.push('\n');
        }
        for f in &e.fields {
            let name = plain(&f.name);
            let mut lines = plain(&f.value)
                .lines()
                .map(str::to_owned)
                .collect::<Vec<_>>();
            if lines.is_empty() {
                lines.push(String::new());
            }
            let _ = writeln!(out, "{name:<width$}  {}", lines[0]);
            for line in &lines[1..] {
                let _ = writeln!(out, "{:<width$}  {line}", "");
            }
        }
        if !e.footer.is_empty() {
            let _ = writeln!(out, "\n{}", plain(&e.footer));
        }
        out
    }
}

/// Serializes a response body as Discord receives it.
pub fn response_json(response: &CreateInteractionResponse) -> serde_json::Value {
    serde_json::to_value(response).unwrap_or(serde_json::Value::Null)
}

/// Markdown off for the terminal: bold markers and escapes removed.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if matches!(chars.peek(), Some('*' | '_' | '`' | '~' | '|')) => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
            }
            '\u{200B}' => {}
            _ => out.push(c),
        }
    }
    out
}

/// "Source: …, as of …": the footer of every reply.
fn footer(ds: &Dataset) -> String {
    let p = ds.provenance();
    let mut text = format!("Source: {}", p.source);
    let mut by = Vec::new();
    if let Some(author) = &p.author {
        by.push(author.clone());
    }
    if let Some(published) = p.published {
        by.push(published.to_string());
    }
    if !by.is_empty() {
        let _ = write!(text, " ({})", by.join(", "));
    }
    if let Some(basis) = &p.basis {
        let _ = write!(text, ", based on {basis}");
    }
    let _ = write!(text, ". Data as of {}.", ds.as_of());
    text
}

/// Renders an answer.
pub fn reply(catalog: &Catalog, answer: &Answer<'_>) -> Reply {
    let ds = catalog.dataset();
    let embed = match answer {
        Answer::Person { person, others } => person_embed(ds, person, others),
        Answer::Company {
            company,
            company_index,
            others,
        } => {
            if catalog.headcount(*company_index) == 0 {
                return company_empty(catalog, &company.name);
            }
            company_embed(catalog, company, *company_index, others)
        }
        Answer::NotFound {
            command,
            query,
            suggestions,
        } => not_found(catalog, *command, query, suggestions),
        Answer::Rejected {
            command,
            query,
            problem,
        } => rejected(*command, query, *problem),
    };
    Reply {
        embed: embed.fit(),
        ephemeral: answer.is_failure(),
    }
}

/// Answers and renders a request: the whole pipeline the CLI and the bot share.
pub fn respond(catalog: &Catalog, request: &Request) -> Reply {
    reply(catalog, &commands::answer(catalog, request))
}

fn person_embed(ds: &Dataset, person: &Person, others: &[&Person]) -> Embed {
    let company = ds.company_of(person);
    let home = &ds.home().name;
    let stayed = ds.is_still_home(person);
    let mut e = Embed::new(&person.name, if stayed { COLOR_STAYED } else { COLOR_LEFT })
        .field("Current role", &safe(&person.role), true)
        .field("Company", &safe(&company.name), true);
    if stayed {
        e = e.field(
            &format!("Left {home}"),
            &format!("No, still at {home}"),
            true,
        );
    } else {
        let left = person
            .left_meta
            .map_or_else(|| "Not stated in the source".to_owned(), |d| d.to_string());
        e = e.field(&format!("Left {home}"), &left, true);
    }
    if let Some(t) = person.time_at_meta {
        e = e.field(&format!("Time at {home}"), &t.to_string(), true);
    }
    let papers: Vec<String> = person
        .papers
        .iter()
        .filter_map(|id| ds.paper(id))
        .map(|p| format!("{} ({})", safe(&p.title), p.year))
        .collect();
    if !papers.is_empty() {
        e = e.field("Paper", &papers.join("\n"), false);
    }
    if !others.is_empty() {
        let names: Vec<String> = others.iter().map(|p| safe(&p.name)).collect();
        e = e.field("Also matching", &names.join(", "), false);
    }
    let summary = if stayed {
        format!("{} at {}", safe(&person.role), bold(&company.name))
    } else {
        format!(
            "{} at {}, formerly at {}",
            safe(&person.role),
            bold(&company.name),
            safe(home)
        )
    };
    e.footer(&footer(ds)).description(&summary)
}

fn company_embed(
    catalog: &Catalog,
    company: &crate::dataset::Company,
    company_index: usize,
    others: &[&crate::dataset::Company],
) -> Embed {
    let ds = catalog.dataset();
    let home = &ds.home().name;
    let is_home = company_index == ds.home_index();
    let n = catalog.headcount(company_index);
    let noun = Noun::AUTHOR.count(n);
    let name = safe(&truncate(&company.name, 100));
    let head = if is_home {
        format!("**{n}** {noun} still at {name}:")
    } else {
        format!("**{n}** {noun} now at {name}:")
    };
    // Lines are made only as far as they fit: a company of a million is as quick as one of five.
    let lines = catalog.roster(company_index).map(|p| {
        let mut line = format!("• {} — {}", bold(&p.name), safe(&p.role));
        if let Some(left) = p.left_meta {
            let _ = write!(line, " · left {} {left}", safe(home));
        }
        line
    });
    let mut e = Embed::new(&company.name, COLOR_COMPANY);
    if !company.aliases.is_empty() {
        let aliases: Vec<String> = company.aliases.iter().map(|a| safe(a)).collect();
        e = e.field("Also known as", &aliases.join(", "), false);
    }
    if !others.is_empty() {
        let names: Vec<String> = others.iter().map(|c| safe(&c.name)).collect();
        e = e.field("Also matching", &names.join(", "), false);
    }
    e.footer(&footer(ds))
        .description_lines(&head, lines, Noun::AUTHOR)
}

/// The companies people work at, alphabetically, as a hint.
fn known_companies(catalog: &Catalog) -> Vec<String> {
    let ds = catalog.dataset();
    catalog
        .companies()
        .alphabetical()
        .iter()
        .filter(|&&c| catalog.headcount(c) > 0)
        .map(|&c| safe(&ds.companies()[c].name))
        .collect()
}

fn company_empty(catalog: &Catalog, name: &str) -> Reply {
    let ds = catalog.dataset();
    let e = Embed::new(&format!("Nobody at {name}"), COLOR_FAILURE)
        .field(
            "Companies with authors",
            &known_companies(catalog).join(", "),
            false,
        )
        .footer(&footer(ds))
        .description(&format!(
            "No author in the dataset works at {} now.",
            bold(name)
        ));
    Reply {
        embed: e.fit(),
        ephemeral: true,
    }
}

fn not_found(
    catalog: &Catalog,
    command: CommandName,
    query: &str,
    suggestions: &[String],
) -> Embed {
    let ds = catalog.dataset();
    let (title, what) = match command {
        CommandName::WhereIs => ("No one found", "Nobody in the dataset matches"),
        CommandName::Company => ("No company found", "No company in the dataset matches"),
    };
    let mut text = format!("{what} {}.", echo(query));
    if !suggestions.is_empty() {
        let names: Vec<String> = suggestions.iter().map(|s| bold(s)).collect();
        let _ = write!(text, "\nDid you mean {}?", names.join(", "));
    }
    let hint = match command {
        CommandName::WhereIs => "a first or last name",
        CommandName::Company => "a company's name",
    };
    let _ = write!(text, "\nTry {hint}, e.g. `{}`.", command.example());
    let mut e = Embed::new(title, COLOR_FAILURE);
    if command == CommandName::Company {
        e = e.field(
            "Known companies",
            &known_companies(catalog).join(", "),
            false,
        );
    }
    e.footer(&footer(ds)).description(&text)
}

fn rejected(command: CommandName, query: &str, problem: QueryProblem) -> Embed {
    let text = match problem {
        QueryProblem::Empty => format!(
            "Give me a name with at least one letter, e.g. `{}`.",
            command.example()
        ),
        QueryProblem::TooLong { chars } => format!(
            "That is {chars} characters long; a name is at most {} ({}).",
            commands::QUERY_MAX_CHARS,
            echo(query)
        ),
    };
    Embed::new("Cannot search that", COLOR_FAILURE).description(&text)
}

/// Where commands are registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// For every guild and user that installs the app (takes effect within the hour).
    Global,
    /// In one guild, instantly (development).
    Guild,
}

/// The commands as registered with Discord: `/whereis` and `/company`, each with a required `name`
/// string option (autocomplete, at most [`commands::QUERY_MAX_CHARS`] characters). Global commands are
/// usable in guilds, bot DMs and private channels, installed to a guild or to a user; Discord takes
/// `contexts` and `integration_types` only on global commands.
pub fn registration(scope: Scope) -> Vec<CreateCommand> {
    CommandName::ALL
        .into_iter()
        .map(|command| {
            let option = CreateCommandOption::new(
                CommandOptionType::String,
                "name",
                command.option_description(),
            )
            .required(true)
            .max_length(commands::QUERY_MAX_CHARS as u16)
            .set_autocomplete(true);
            let created = CreateCommand::new(command.as_str())
                .description(command.description())
                .add_option(option);
            match scope {
                Scope::Global => created
                    .contexts(vec![
                        InteractionContext::Guild,
                        InteractionContext::BotDm,
                        InteractionContext::PrivateChannel,
                    ])
                    .integration_types(vec![InstallationContext::Guild, InstallationContext::User]),
                Scope::Guild => created,
            }
        })
        .collect()
}

/// The reply to a command this bot does not have (a stale registration): ephemeral, with the list.
pub fn unknown_command(name: &str) -> Reply {
    let list: Vec<String> = CommandName::ALL
        .iter()
        .map(|c| format!("`/{c} NAME`"))
        .collect();
    let e = Embed::new("Unknown command", COLOR_FAILURE).description(&format!(
        "I do not know {}. My commands are {}.",
        echo(&format!("/{name}")),
        list.join(" and ")
    ));
    Reply {
        embed: e.fit(),
        ephemeral: true,
    }
}

/// The autocomplete response (type 8): at most 25 choices, each name and value cut to 100.
pub fn autocomplete(choices: &[Choice]) -> CreateInteractionResponse {
    let choices = choices
        .iter()
        .take(limits::CHOICES)
        .map(|c| {
            AutocompleteChoice::new(
                truncate(&c.name, limits::CHOICE_NAME),
                truncate(&c.value, limits::CHOICE_VALUE),
            )
        })
        .collect();
    CreateInteractionResponse::Autocomplete(CreateAutocompleteResponse::new().set_choices(choices))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_counts_characters_not_bytes() {
        assert_eq!(truncate("éééé", 3), "éé…");
        assert_eq!(chars(&truncate(&"é".repeat(5000), 4096)), 4096);
        assert_eq!(truncate("", 5), "");
    }

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
    fn plain_strips_markdown_for_terminals() {
        assert_eq!(plain("**Mistral AI** \\_x\\_"), "Mistral AI _x_");
    }

    #[test]
    fn echo_defuses_mentions_and_code() {
        let e = echo("@everyone `x`\n");
        assert!(!e.contains("@everyone"));
        assert_eq!(e.matches('`').count(), 2);
    }
}
