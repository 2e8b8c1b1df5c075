//! Discord's documented limits, in one place, and cutting text to them. Replies, registration and
//! autocomplete all take their numbers from here. Sources: Discord's API reference (Embed limits,
//! Application command structure, Autocomplete) and its OpenAPI spec, copied in `tests/fixtures`.

/// Embed title.
pub const TITLE: usize = 256;
/// Embed description.
pub const DESCRIPTION: usize = 4096;
/// Fields per embed.
pub const FIELDS: usize = 25;
pub const FIELD_NAME: usize = 256;
pub const FIELD_VALUE: usize = 1024;
pub const FOOTER: usize = 2048;
/// Title, description, field names and values and footer of all embeds of a message together.
pub const TOTAL: usize = 6000;
/// Autocomplete choices per response.
pub const CHOICES: usize = 25;
pub const CHOICE_NAME: usize = 100;
/// An autocomplete choice's string value.
pub const CHOICE_VALUE: usize = 100;
/// A slash command's name (1 to 32 characters) and description (1 to 100).
pub const COMMAND_NAME: usize = 32;
pub const COMMAND_DESCRIPTION: usize = 100;
/// An option's description, 1 to 100 characters.
pub const OPTION_DESCRIPTION: usize = 100;
/// Action rows per message, buttons per row, and so buttons per message.
pub const ROWS: usize = 5;
pub const BUTTONS_PER_ROW: usize = 5;
/// A button's label.
pub const BUTTON_LABEL: usize = 80;
/// A component's `custom_id`, which Discord returns when it is pressed.
pub const CUSTOM_ID: usize = 100;

const ELLIPSIS: char = '…';

/// Cuts text to at most `max` characters, ending with an ellipsis when cut.
///
/// ```
/// use llama_alumni::limits::truncate;
/// assert_eq!(truncate("Lample", 10), "Lample");
/// assert_eq!(truncate("Guillaume Lample", 6), "Guill…");
/// ```
pub fn truncate(text: &str, max: usize) -> String {
    if max == 0 {
        return String::new();
    }
    // No more bytes than the limit: no more characters either, and nothing to count.
    if text.len() <= max {
        return text.to_owned();
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

/// Length as Discord counts it: in characters, not bytes.
pub fn chars(s: &str) -> usize {
    s.chars().count()
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
}
