//! A reply for a terminal: the same embed, markdown removed, fields aligned; styled (bold title
//! and labels, dim footer) for writing through `anstream`, which drops the styles where colour is
//! off (not a terminal, `NO_COLOR`).

use std::fmt::Write as _;

use anstyle::Style;

use super::Reply;
use crate::limits::chars;

const TITLE: Style = Style::new().bold();
const LABEL: Style = Style::new().bold();
const QUIET: Style = Style::new().dimmed();

/// The title's underline follows its length, within these bounds: visible, and within a terminal.
const UNDERLINE: std::ops::RangeInclusive<usize> = 3..=60;

impl Reply {
    /// Title, underline, description, fields and footer, as plain text.
    pub fn to_text(&self) -> String {
        self.render(false)
    }

    /// The same text with terminal styles, for a stream that drops them where colour is off.
    pub fn to_styled_text(&self) -> String {
        self.render(true)
    }

    fn render(&self, styled: bool) -> String {
        let style = |s: Style, text: &str| {
            if styled {
                format!("{s}{text}{s:#}")
            } else {
                text.to_owned()
            }
        };
        let e = &self.embed;
        let mut out = String::new();
        let _ = writeln!(out, "{}", style(TITLE, &plain(&e.title)));
        let _ = writeln!(
            out,
            "{}",
            "─".repeat(chars(&e.title).clamp(*UNDERLINE.start(), *UNDERLINE.end()))
        );
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
            let pad = " ".repeat(width.saturating_sub(chars(&name)));
            let _ = writeln!(out, "{}{pad}  {}", style(LABEL, &name), lines[0]);
            for line in &lines[1..] {
                let _ = writeln!(out, "{:<width$}  {line}", "");
            }
        }
        if !e.footer.is_empty() {
            let _ = writeln!(out, "\n{}", style(QUIET, &plain(&e.footer)));
        }
        for file in &self.attachments {
            let _ = writeln!(
                out,
                "\nPicture: {} (ask --attach DIR writes it)",
                file.filename
            );
        }
        self.write_buttons(&mut out, styled);
        out
    }

    /// The buttons that can be pressed, each with the command that presses it.
    fn write_buttons(&self, out: &mut String, styled: bool) {
        let live: Vec<_> = self.buttons.buttons().filter(|b| !b.disabled).collect();
        if live.is_empty() {
            return;
        }
        let head = "Buttons (llama-alumni press ID):";
        let head = if styled {
            format!("{QUIET}{head}{QUIET:#}")
        } else {
            head.to_owned()
        };
        let _ = writeln!(out, "\n{head}");
        let width = live.iter().map(|b| chars(&b.label)).max().unwrap_or(0) + 2;
        for b in live {
            let label = format!("[{}]", b.label);
            let _ = writeln!(out, "  {label:<width$}  {}", shell_quoted(&b.custom_id));
        }
    }
}

/// An id as typed in a POSIX shell: in single quotes, any single quote in it escaped.
fn shell_quoted(id: &str) -> String {
    format!("'{}'", id.replace('\'', r"'\''"))
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
            // Inline code (an echoed query, a command to type) reads as quoted text.
            '`' => out.push('"'),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_strips_markdown_for_terminals() {
        assert_eq!(plain("**Mistral AI** \\_x\\_"), "Mistral AI _x_");
        assert_eq!(
            plain("matches `Yann LeCun`. Try `/whereis Lample`."),
            "matches \"Yann LeCun\". Try \"/whereis Lample\"."
        );
    }
}
