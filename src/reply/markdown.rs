//! Text put into Discord markdown: data escaped so that it shows as written and never pings, and
//! what a user typed echoed back defused.

use serenity::utils::MessageBuilder;

use crate::limits::truncate;

/// What a user typed is echoed at most this long: enough to recognise it, never the whole reply.
const ECHO_MAX: usize = 80;

/// Markdown-safe text from the dataset: formatting characters escaped, mentions defused.
pub fn safe(text: &str) -> String {
    MessageBuilder::new().push_safe(text).build()
}

pub fn bold(text: &str) -> String {
    MessageBuilder::new().push_bold_safe(text).build()
}

/// What a user typed, echoed safely: control characters blanked, shown as inline code.
pub fn echo(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    MessageBuilder::new()
        .push_mono_safe(truncate(cleaned.trim(), ECHO_MAX))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echo_defuses_mentions_and_code() {
        let e = echo("@everyone `x`\n");
        assert!(!e.contains("@everyone"));
        assert_eq!(e.matches('`').count(), 2);
    }
}
