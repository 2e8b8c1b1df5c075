//! Registering the commands with Discord: one bulk overwrite, global or in one guild, retried until
//! Discord takes it. Shared by `serve` (on READY), `serve-http` (at startup) and `register`.

use std::time::Duration;

use serenity::all::{Command as DiscordCommand, GuildId, Http};

use super::error::BotError;
use super::retry;
use super::wire::{self, Scope};

/// Registers the commands (in `guild`, or globally); the number registered. Retries a 429, a 5xx or
/// no answer for `patience` (forever without); a refused body is [`BotError::Refused`].
pub async fn commands(
    http: &Http,
    guild: Option<GuildId>,
    patience: Option<Duration>,
) -> Result<usize, BotError> {
    let (scope, route) = match guild {
        Some(_) => (
            Scope::Guild,
            "PUT /applications/<id>/guilds/<guild>/commands",
        ),
        None => (Scope::Global, "PUT /applications/<id>/commands"),
    };
    let registered = retry::until_done(route, patience, || {
        let commands = wire::registration(scope);
        async move {
            match guild {
                Some(guild) => guild.set_commands(http, commands).await,
                None => DiscordCommand::set_global_commands(http, commands).await,
            }
        }
    })
    .await?;
    Ok(registered.len())
}

/// Asks Discord for the application's id (`GET /oauth2/applications/@me`) and gives it to `http`:
/// outside a gateway session nothing else tells it.
pub async fn learn_application_id(http: &Http, patience: Option<Duration>) -> Result<(), BotError> {
    let app = retry::until_done("GET /oauth2/applications/@me", patience, || {
        http.get_current_application_info()
    })
    .await?;
    http.set_application_id(app.id);
    Ok(())
}

/// Where registration happens, for log lines.
pub fn scope_text(guild: Option<GuildId>) -> String {
    match guild {
        Some(guild) => format!("in guild {guild}"),
        None => "globally".to_owned(),
    }
}
