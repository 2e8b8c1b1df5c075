//! Name normalization: how a name typed in chat and a name in the dataset are brought to one form.
//!
//! Text is transliterated to ASCII with [`deunicode`] (so `Rozière`, `Łukasz`, `Søren`, `Straße` and
//! `Æsir` fold to `roziere`, `lukasz`, `soren`, `strasse`, `aesir`, which Unicode decomposition alone
//! does not do), lower-cased, and split into tokens at anything that is not a letter or a digit.
//! Apostrophes join (`O'Brien` is `obrien`), hyphens and dots separate (`Marie-Anne` is `marie anne`,
//! `T.` is `t`).

/// One word of a name, with its hyphen-joined compound when the word had inner punctuation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The tokens of the word: `marie-anne` gives `["marie", "anne"]`.
    pub tokens: Vec<String>,
}

/// Splits text into normalized words (whitespace-separated), each into its tokens.
///
/// ```
/// use llama_alumni::normalize::words;
/// let w = words("  Marie-Anne   LACHAUX! ");
/// assert_eq!(w.len(), 2);
/// assert_eq!(w[0].tokens, ["marie", "anne"]);
/// assert_eq!(w[1].tokens, ["lachaux"]);
/// ```
pub fn words(text: &str) -> Vec<Word> {
    let ascii = deunicode::deunicode(text);
    let mut out = Vec::new();
    for raw in ascii.split_whitespace() {
        let mut tokens = Vec::new();
        let mut current = String::new();
        for c in raw.chars() {
            if c.is_ascii_alphanumeric() {
                current.push(c.to_ascii_lowercase());
            } else if c == '\'' || c == '`' {
                // O'Brien, D`Souza: an apostrophe joins.
            } else if !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
        }
        if !current.is_empty() {
            tokens.push(current);
        }
        if !tokens.is_empty() {
            out.push(Word { tokens });
        }
    }
    out
}

/// The normalized tokens of a text, in order.
///
/// ```
/// use llama_alumni::normalize::tokens;
/// assert_eq!(tokens("Baptiste Rozière"), ["baptiste", "roziere"]);
/// assert_eq!(tokens("T. Lacroix"), ["t", "lacroix"]);
/// assert_eq!(tokens("Łukasz Søren-Straße"), ["lukasz", "soren", "strasse"]);
/// ```
pub fn tokens(text: &str) -> Vec<String> {
    words(text).into_iter().flat_map(|w| w.tokens).collect()
}

/// The normalized form of a whole text: its tokens joined by single spaces.
///
/// Two names are the same name when their folded forms are equal.
///
/// ```
/// use llama_alumni::normalize::fold;
/// assert_eq!(fold("  TIMOTHÉE   lacroix "), "timothee lacroix");
/// assert_eq!(fold("Marie-Anne"), fold("marie anne"));
/// ```
pub fn fold(text: &str) -> String {
    tokens(text).join(" ")
}

/// [`fold`] into `out` (cleared first), without a token allocated: for loading many names.
///
/// ```
/// use llama_alumni::normalize::{fold, fold_into};
/// let mut out = String::new();
/// fold_into("  O'Brien   Marie-Anne! ", &mut out);
/// assert_eq!(out, fold("  O'Brien   Marie-Anne! "));
/// ```
pub fn fold_into(text: &str, out: &mut String) {
    out.clear();
    let ascii = deunicode::deunicode_with_tofu_cow(text, "[?]");
    let (mut in_token, mut space) = (false, false);
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c.to_ascii_lowercase());
            in_token = true;
        } else if c == '\'' || c == '`' {
            // O'Brien, D`Souza: an apostrophe joins.
        } else if in_token {
            in_token = false;
            space = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_case_and_punctuation_fold_away() {
        assert_eq!(fold("Rozière"), "roziere");
        assert_eq!(fold("ROZIERE"), "roziere");
        assert_eq!(fold("Lample!"), "lample");
        assert_eq!(fold("Aurélien"), "aurelien");
    }

    #[test]
    fn letters_that_decomposition_leaves_alone_are_folded() {
        assert_eq!(
            fold("Łódź Øster Straße Æther Đorđe"),
            "lodz oster strasse aether dorde"
        );
    }

    #[test]
    fn apostrophes_join_hyphens_split() {
        assert_eq!(tokens("O'Brien"), ["obrien"]);
        assert_eq!(tokens("O\u{2019}Brien"), ["obrien"]);
        assert_eq!(tokens("Jean-Luc"), ["jean", "luc"]);
    }

    #[test]
    fn folding_into_a_buffer_folds_the_same() {
        let mut out = String::from("left over");
        for text in [
            "",
            "  ",
            "Rozière",
            "O'Brien",
            "O' Brien",
            "'a' b'",
            "Jean-Luc  Picard!",
            "Łódź Øster Straße Æther Đorđe",
            "T. Lacroix",
            "Nguyễn-Võ   Bảo",
            "!!! ... @@@",
            "日本",
            "a`b c--d",
        ] {
            fold_into(text, &mut out);
            assert_eq!(out, fold(text), "{text:?}");
        }
    }

    #[test]
    fn nothing_but_punctuation_gives_no_tokens() {
        assert!(tokens("!!! ... @@@").is_empty());
        assert!(tokens("").is_empty());
    }
}
