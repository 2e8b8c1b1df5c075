//! Text put into Discord markdown: data escaped so that it shows as written and never pings, and
//! what a user typed echoed back defused.

use serenity::utils::MessageBuilder;

use crate::limits::truncate;

/// What a user typed is echoed at most this long: enough to recognise it, never the whole reply.
const ECHO_MAX: usize = 80;

/// Markdown-safe text from the dataset: formatting characters escaped, mentions defused.
pub fn safe(text: &str) -> String {
    if is_plain(text) {
        return text.to_owned();
    }
    MessageBuilder::new().push_safe(text).build()
}

pub fn bold(text: &str) -> String {
    if is_plain(text) {
        return format!("**{text}**");
    }
    MessageBuilder::new().push_bold_safe(text).build()
}

/// Text serenity's safe pushes would leave as it is: none of the characters they escape or blank,
/// no mention and no link they defuse. Most names and roles are; checking is a fraction of the
/// dozen passes over the text the builder makes (a hot spot of the HTTP endpoint under load).
fn is_plain(text: &str) -> bool {
    const TOUCHED: [char; 10] = [
        '*', '`', '_', '@', '\u{202E}', '\u{200F}', '\u{202B}', '\u{200B}', '\u{200D}', '\u{200C}',
    ];
    !text.contains(TOUCHED) && !text.contains("discord")
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
    use proptest::prelude::*;

    proptest! {
        /// The shortcut never changes what the builder would have written.
        #[test]
        fn plain_text_comes_out_as_the_builder_writes_it(
            text in r"([A-Za-zéà -]|discord\.gg|@here|\*\*|_|`|\u{200B}|\u{202E}){0,12}"
        ) {
            prop_assert_eq!(safe(&text), MessageBuilder::new().push_safe(text.as_str()).build());
            prop_assert_eq!(bold(&text), MessageBuilder::new().push_bold_safe(text.as_str()).build());
        }
    }

    #[test]
    fn echo_defuses_mentions_and_code() {
        let e = echo("@everyone `x`\n");
        assert!(!e.contains("@everyone"));
        assert_eq!(e.matches('`').count(), 2);
    }
}
