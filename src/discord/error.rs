//! Why the bot stopped or could not start, each with one line for the operator; never the token.

use std::fmt;
use std::time::Duration;

use serenity::all::StatusCode;

use super::config::ConfigError;
use crate::dataset::DatasetError;

/// Which part of Discord refused the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RejectedBy {
    /// The REST API answered 401 Unauthorized.
    Rest,
    /// The gateway closed the connection with 4004 (authentication failed).
    Gateway,
}

impl fmt::Display for RejectedBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RejectedBy::Rest => "Discord rejected DISCORD_TOKEN (401 Unauthorized)",
            RejectedBy::Gateway => {
                "Discord's gateway rejected DISCORD_TOKEN (close 4004, authentication failed)"
            }
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BotError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Data(#[from] DatasetError),
    #[error(
        "{0}: copy the token again from the developer portal (Bot, Reset Token) into DISCORD_TOKEN"
    )]
    TokenRejected(RejectedBy),
    /// Discord refused a call for a reason retrying cannot fix (a 4xx other than 401 and 429): a
    /// bug in what the bot sends, or in its configuration.
    #[error("Discord refused a call: {0}")]
    Refused(String),
    /// Discord did not answer, or answered 429 or 5xx, until the bot gave up.
    #[error(
        "cannot reach Discord: gave up after {attempts} attempts in {elapsed:.0?}; the last: {last}"
    )]
    Unreachable {
        attempts: u32,
        elapsed: Duration,
        last: String,
    },
    /// The connection to Discord failed on the way.
    #[error("Discord: {0}")]
    Discord(String),
}

impl BotError {
    /// Discord could not be reached or failed on the way, rather than something for the operator
    /// to fix (configuration, data, token, a refused call).
    pub fn is_unreachable(&self) -> bool {
        matches!(self, BotError::Unreachable { .. } | BotError::Discord(_))
    }

    /// Classifies a serenity error, with the token scrubbed from its text whatever it says.
    pub(super) fn from_serenity(err: serenity::Error, token: &str) -> BotError {
        use serenity::gateway::GatewayError;
        match &err {
            serenity::Error::Http(http) if http.status_code() == Some(StatusCode::UNAUTHORIZED) => {
                BotError::TokenRejected(RejectedBy::Rest)
            }
            serenity::Error::Gateway(GatewayError::InvalidAuthentication) => {
                BotError::TokenRejected(RejectedBy::Gateway)
            }
            _ => BotError::Discord(scrub(&err.to_string(), token)),
        }
    }
}

/// Text with every occurrence of the token replaced.
pub(super) fn scrub(text: &str, token: &str) -> String {
    if token.is_empty() {
        text.to_owned()
    } else {
        text.replace(token, "<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_never_carry_the_token() {
        assert_eq!(
            scrub("bad request for Bot abc.def", "abc.def"),
            "bad request for Bot <redacted>"
        );
    }

    #[test]
    fn a_refused_token_says_who_refused_it() {
        let gateway = BotError::TokenRejected(RejectedBy::Gateway).to_string();
        assert!(gateway.contains("close 4004"), "{gateway}");
        assert!(!gateway.contains("401"), "{gateway}");
        let rest = BotError::TokenRejected(RejectedBy::Rest).to_string();
        assert!(rest.contains("401 Unauthorized"), "{rest}");
    }
}
