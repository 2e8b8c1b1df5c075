//! Showing a value from a file in an error: enough of it to recognise, never all of a huge one, and
//! never a line break, so that a refusal stays one line whatever the file holds.

/// The most characters of a value an error shows: enough to recognise it, and a 200 MB value still
/// makes a one-line error.
pub const QUOTED_CHARS: usize = 100;
/// The most characters of a field name shown in a path: real fields are short, and a path names the
/// field twice in a refusal, so a made-up long one is cut sooner than a value.
pub(super) const KEY_CHARS: usize = 40;
/// The longest message from serde kept in an error. Its quoted values are cut first; this bounds
/// whatever else it echoes.
const MESSAGE_CHARS: usize = 300;

/// The value as `{:?}` writes it, `"Lample"`; past [`QUOTED_CHARS`] escaped characters, the first of
/// them and the value's size: `"Guillaume…" (2000000 bytes)`.
///
/// ```
/// use llama_alumni::dataset::quote;
/// assert_eq!(quote("Timothée"), "\"Timothée\"");
/// assert_eq!(quote(&"x".repeat(1000)), format!("\"{}…\" (1000 bytes)", "x".repeat(100)));
/// ```
pub fn quote(value: &str) -> String {
    let mut out = String::from("\"");
    let mut shown = 0;
    for (i, c) in value.char_indices() {
        // Escaped as `{:?}` escapes it inside a string, so a short value reads exactly as before.
        let escaped = format!("{:?}", &value[i..i + c.len_utf8()]);
        let escaped = &escaped[1..escaped.len() - 1];
        shown += escaped.chars().count();
        if shown > QUOTED_CHARS {
            return format!("{out}…\" ({} bytes)", value.len());
        }
        out.push_str(escaped);
    }
    out.push('"');
    out
}

/// A value shown unquoted, such as a field name in a path: itself with control characters escaped,
/// cut after `max` characters with its size: `first… (N bytes)`.
pub(super) fn clip(value: &str, max: usize) -> String {
    let mut out = String::new();
    let mut shown = 0;
    for c in value.chars() {
        let before = out.len();
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
        shown += out[before..].chars().count();
        if shown > max {
            out.truncate(before);
            return format!("{out}… ({} bytes)", value.len());
        }
    }
    out
}

/// A message from serde, which may echo a value of any size (`invalid type: string "…"`, ``unknown
/// field `…` ``): every quoted run longer than [`QUOTED_CHARS`] is cut, then the whole message to
/// [`MESSAGE_CHARS`].
pub(super) fn shorten_message(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(open) = rest.find(['"', '`']) {
        let delimiter = char::from(rest.as_bytes()[open]);
        out.push_str(&rest[..=open]);
        let body = &rest[open + 1..];
        let close = closing(body, delimiter).unwrap_or(body.len());
        let run = &body[..close];
        // One more than QUOTED_CHARS: a run `quote` already cut ends with its ellipsis.
        match run.char_indices().nth(QUOTED_CHARS + 1) {
            None => {
                out.push_str(run);
                out.push_str(&body[close..(close + 1).min(body.len())]);
            }
            Some(_) => {
                let end = run.char_indices().nth(QUOTED_CHARS).map_or(0, |(i, _)| i);
                out.push_str(&run[..end]);
                out.push('…');
                out.push(delimiter);
                out.push_str(&format!(" ({} bytes)", run.len()));
            }
        }
        rest = &body[(close + 1).min(body.len())..];
    }
    out.push_str(rest);
    clip(&out, MESSAGE_CHARS)
}

/// Where a run opened by `delimiter` closes; a `"` run is escaped as `{:?}` escapes, `\"` inside it.
fn closing(body: &str, delimiter: char) -> Option<usize> {
    if delimiter == '`' {
        return body.find('`');
    }
    let mut escaped = false;
    for (i, b) in body.bytes().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'"' => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_values_are_quoted_as_debug_quotes_them() {
        for value in [
            "",
            "Lample",
            "Timothée Lacroix",
            "say \"hi\"",
            "it's",
            "tab\there\nnewline",
            "e\u{301}",
            "back\\slash",
            &"x".repeat(QUOTED_CHARS),
        ] {
            assert_eq!(quote(value), format!("{value:?}"));
        }
    }

    #[test]
    fn long_values_are_cut_with_their_size() {
        let long = "é".repeat(1_000_000);
        let quoted = quote(&long);
        assert_eq!(
            quoted,
            format!("\"{}…\" (2000000 bytes)", "é".repeat(QUOTED_CHARS))
        );
        // Escapes count as what is shown: a value of control characters is cut as soon.
        let controls = "\u{1}".repeat(1000);
        assert!(
            quote(&controls).len() < QUOTED_CHARS + 30,
            "{}",
            quote(&controls)
        );
        assert!(!quote(&"\n".repeat(1000)).contains('\n'));
    }

    #[test]
    fn clip_cuts_and_keeps_one_line() {
        assert_eq!(clip("compnay", KEY_CHARS), "compnay");
        assert_eq!(clip("a\nb", KEY_CHARS), "a\\nb");
        assert_eq!(
            clip(&"k".repeat(50), 10),
            format!("{}… (50 bytes)", "k".repeat(10))
        );
    }

    #[test]
    fn serde_messages_keep_short_quotes_and_cut_long_ones() {
        let short = "unknown field `compnay`, expected one of `name`, `papers`";
        assert_eq!(shorten_message(short), short);
        let huge = "y".repeat(5_000_000);
        let message = format!("invalid type: string {huge:?}, expected u16");
        let shortened = shorten_message(&message);
        assert_eq!(
            shortened,
            format!(
                "invalid type: string \"{}…\" (5000000 bytes), expected u16",
                "y".repeat(QUOTED_CHARS)
            )
        );
        let escaped = format!("invalid value: string {:?}, expected x", "\"".repeat(500));
        assert!(shorten_message(&escaped).ends_with("(1000 bytes), expected x"));
        let field = format!("unknown field `{huge}`, expected `name`");
        assert!(shorten_message(&field).ends_with("…` (5000000 bytes), expected `name`"));
        // An already quoted value is not cut twice.
        let quoted = format!("{} is not a date", quote(&huge));
        assert_eq!(shorten_message(&quoted), quoted);
    }

    #[test]
    fn any_serde_message_is_bounded() {
        let unbalanced = format!("odd \"{}", "z".repeat(100_000));
        assert!(shorten_message(&unbalanced).chars().count() < MESSAGE_CHARS + 30);
        let unquoted = "w ".repeat(100_000);
        assert!(shorten_message(&unquoted).chars().count() < MESSAGE_CHARS + 30);
        let many = format!("`{}` ", "v".repeat(90)).repeat(1000);
        assert!(shorten_message(&many).chars().count() < MESSAGE_CHARS + 30);
    }
}
