//! Why the bot stopped or could not start, each with one line for the operator; never the token.

use serenity::all::StatusCode;

use super::config::ConfigError;
use crate::dataset::DatasetError;

#[derive(Debug, thiserror::Error)]
pub enum BotError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Data(#[from] DatasetError),
    /// Discord answered 401 to the token.
    #[error(
        "Discord rejected DISCORD_TOKEN (401 Unauthorized): copy the token again from the developer portal (Bot, Reset Token)"
    )]
    TokenRejected,
    /// Discord could not be reached or failed.
    #[error("Discord: {0}")]
    Discord(String),
}

impl BotError {
    /// Whether the operator must fix something (configuration, data, token) rather than a failure
    /// along the way.
    pub fn is_operator_error(&self) -> bool {
        !matches!(self, BotError::Discord(_))
    }

    /// Classifies a serenity error, with the token scrubbed from its text whatever it says.
    pub(super) fn from_serenity(err: serenity::Error, token: &str) -> BotError {
        use serenity::gateway::GatewayError;
        match &err {
            serenity::Error::Http(http) if http.status_code() == Some(StatusCode::UNAUTHORIZED) => {
                BotError::TokenRejected
            }
            serenity::Error::Gateway(GatewayError::InvalidAuthentication) => {
                BotError::TokenRejected
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
}
