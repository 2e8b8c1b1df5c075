//! The bot's configuration, from the environment (and a `.env` file, read by `main`). The dataset
//! file (`ALUMNI_DATA`) is the command line's `--data`, read by clap.
//!
//! | variable | meaning |
//! | --- | --- |
//! | `DISCORD_TOKEN` | the bot token (required for `serve`) |
//! | `DISCORD_GUILD_ID` | register commands in this guild only, instantly (development) |
//! | `DISCORD_PROXY` | base URL replacing `https://discord.com` for REST calls (a shared rate-limiting proxy) |
//! | `DISCORD_STARTUP_TIMEOUT` | seconds to keep retrying Discord at startup before giving up (default 60) |
//! | `SHARDS` | `FIRST-LAST/TOTAL`: run that shard range in this process (default: as many as Discord says) |
//! | `RUST_LOG` | the log filter (default: `llama_alumni=info,warn`) |

use std::fmt;
use std::ops::RangeInclusive;
use std::time::Duration;

/// The log filter used when `RUST_LOG` is not set.
pub const DEFAULT_LOG_FILTER: &str = "llama_alumni=info,warn";

/// Log levels capped whatever `RUST_LOG` says, because those crates log secrets: tungstenite logs
/// every frame at trace (IDENTIFY and RESUME carry the bot token); serenity logs an undecodable
/// gateway payload whole at warn (an interaction token), and its spans record whole requests and
/// events (tokens in routes and interactions) at info.
const SECRET_CAPS: &[(&str, &str)] = &[
    ("tungstenite", "off"),
    ("tokio_tungstenite", "off"),
    ("serenity::gateway::ws", "error"),
    ("serenity::http", "error"),
    ("serenity", "warn"),
];

/// The log filter for `RUST_LOG` (or the default), with the [caps](SECRET_CAPS) that keep tokens
/// out of the log: a directive of the user's for those crates is replaced, not merely outranked.
pub fn log_filter(rust_log: Option<&str>) -> String {
    let capped = |directive: &str| {
        let target = directive.split('=').next().unwrap_or("").trim();
        SECRET_CAPS
            .iter()
            .any(|(cap, _)| target == *cap || target.starts_with(&format!("{cap}::")))
    };
    let mut directives: Vec<String> = rust_log
        .filter(|v| !v.trim().is_empty())
        .unwrap_or(DEFAULT_LOG_FILTER)
        .split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty() && !capped(d))
        .map(str::to_owned)
        .collect();
    directives.extend(SECRET_CAPS.iter().map(|(t, l)| format!("{t}={l}")));
    directives.join(",")
}

/// A bot token. It is never shown: `Debug` prints a placeholder and there is no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(token: impl Into<String>) -> Token {
        Token(token.into())
    }

    /// The secret itself, for the HTTP client only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// Which shards this process runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardRange {
    /// The shard ids, first to last inclusive.
    pub ids: RangeInclusive<u32>,
    /// How many shards the bot has in all processes.
    pub total: u32,
}

impl std::str::FromStr for ShardRange {
    type Err = ConfigError;

    /// Parses `0-3/8` (shards 0 to 3 of 8) or `5/8` (shard 5 of 8).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |why: &str| ConfigError::Invalid {
            name: "SHARDS",
            message: format!(
                "{s:?} is not a shard range: {why}; write FIRST-LAST/TOTAL, e.g. 0-3/8"
            ),
        };
        let (ids, total) = s.trim().split_once('/').ok_or_else(|| bad("no /TOTAL"))?;
        let total: u32 = total
            .trim()
            .parse()
            .map_err(|_| bad("TOTAL is not a number"))?;
        let (first, last) = match ids.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (ids.trim(), ids.trim()),
        };
        let first: u32 = first.parse().map_err(|_| bad("FIRST is not a number"))?;
        let last: u32 = last.parse().map_err(|_| bad("LAST is not a number"))?;
        if total == 0 || first > last || last >= total {
            return Err(bad("need FIRST <= LAST < TOTAL"));
        }
        Ok(ShardRange {
            ids: first..=last,
            total,
        })
    }
}

/// Why the configuration was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "DISCORD_TOKEN is not set. Create an application at https://discord.com/developers/applications, open Bot, press Reset Token, and put DISCORD_TOKEN=<token> in a .env file here (see .env.example) or in the environment"
    )]
    MissingToken,
    #[error(
        "DISCORD_PUBLIC_KEY is not set: copy the application's Public Key from https://discord.com/developers/applications (General Information)"
    )]
    MissingPublicKey,
    /// A variable has a value that cannot be used.
    #[error("{name}: {message}")]
    Invalid { name: &'static str, message: String },
}

/// Everything `serve` needs to know.
#[derive(Debug, Clone)]
pub struct Config {
    pub token: Token,
    /// Register commands in this guild instead of globally.
    pub guild_id: Option<u64>,
    /// REST base URL replacing `https://discord.com`.
    pub proxy: Option<String>,
    /// The shards this process runs; `None` lets Discord decide (autosharding).
    pub shards: Option<ShardRange>,
    /// How long startup keeps retrying a Discord that does not answer, or answers 429 or 5xx.
    pub startup_patience: Duration,
}

/// About a minute: long enough for a blip, short enough for a supervisor to notice and restart.
pub const DEFAULT_STARTUP_PATIENCE: Duration = Duration::from_secs(60);

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the configuration through `lookup` (the environment, or a map in tests). Empty values
    /// count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let token = get("DISCORD_TOKEN").ok_or(ConfigError::MissingToken)?;
        let token = Token::new(token.trim());
        let guild_id = match get("DISCORD_GUILD_ID") {
            None => None,
            Some(v) => Some(
                v.trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|&id| id > 0)
                    .ok_or_else(|| ConfigError::Invalid {
                        name: "DISCORD_GUILD_ID",
                        message: format!(
                            "{v:?} is not a guild id (a number, e.g. 123456789012345678)"
                        ),
                    })?,
            ),
        };
        let proxy = proxy_of(get("DISCORD_PROXY"))?;
        let shards = get("SHARDS").map(|v| v.parse()).transpose()?;
        let startup_patience = match get("DISCORD_STARTUP_TIMEOUT") {
            None => DEFAULT_STARTUP_PATIENCE,
            Some(v) => v
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|&s| s > 0)
                .map(Duration::from_secs)
                .ok_or_else(|| ConfigError::Invalid {
                    name: "DISCORD_STARTUP_TIMEOUT",
                    message: format!("{v:?} is not a number of seconds (e.g. 60)"),
                })?,
        };
        Ok(Config {
            token,
            guild_id,
            proxy,
            shards,
            startup_patience,
        })
    }
}

/// `DISCORD_PROXY`'s value as a base URL without a trailing slash.
fn proxy_of(value: Option<String>) -> Result<Option<String>, ConfigError> {
    let Some(v) = value.filter(|v| !v.trim().is_empty()) else {
        return Ok(None);
    };
    let v = v.trim().trim_end_matches('/').to_owned();
    if !(v.starts_with("http://") || v.starts_with("https://")) {
        return Err(ConfigError::Invalid {
            name: "DISCORD_PROXY",
            message: format!("{v:?} is not a base URL: write http://host:port or https://host"),
        });
    }
    Ok(Some(v))
}

/// What `serve-http` reads from the environment: the public key (required) and, when a token is
/// set, what it needs to register the commands.
pub fn endpoint_from_lookup(
    lookup: impl Fn(&str) -> Option<String>,
    listen: std::net::SocketAddr,
) -> Result<super::endpoint::EndpointConfig, ConfigError> {
    let public_key = lookup("DISCORD_PUBLIC_KEY")
        .filter(|v| !v.trim().is_empty())
        .ok_or(ConfigError::MissingPublicKey)?;
    let bot = match Config::from_lookup(&lookup) {
        Ok(config) => Some(config),
        Err(ConfigError::MissingToken) => None,
        Err(err) => return Err(err),
    };
    Ok(super::endpoint::EndpointConfig {
        public_key,
        listen,
        api_base: proxy_of(lookup("DISCORD_PROXY"))?,
        bot,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn token_is_required_and_never_shown() {
        assert!(matches!(config(&[]), Err(ConfigError::MissingToken)));
        assert!(matches!(
            config(&[("DISCORD_TOKEN", "  ")]),
            Err(ConfigError::MissingToken)
        ));
        let c = config(&[("DISCORD_TOKEN", "sekrit.token")]).unwrap();
        assert!(!format!("{c:?}").contains("sekrit"));
        assert_eq!(c.token.expose(), "sekrit.token");
    }

    #[test]
    fn optional_settings() {
        let c = config(&[
            ("DISCORD_TOKEN", "t"),
            ("DISCORD_GUILD_ID", "123"),
            ("DISCORD_PROXY", "http://127.0.0.1:8080/"),
            ("SHARDS", "0-3/8"),
        ])
        .unwrap();
        assert_eq!(c.guild_id, Some(123));
        assert_eq!(c.proxy.as_deref(), Some("http://127.0.0.1:8080"));
        assert_eq!(
            c.shards,
            Some(ShardRange {
                ids: 0..=3,
                total: 8
            })
        );
    }

    #[test]
    fn no_log_level_lets_a_secret_through() {
        let filter = log_filter(Some("trace,serenity=trace,tungstenite::protocol=trace"));
        assert!(filter.starts_with("trace,"), "{filter}");
        assert!(!filter.contains("=trace"), "{filter}");
        assert!(filter.contains("tungstenite=off"), "{filter}");
        assert!(filter.contains("serenity::gateway::ws=error"), "{filter}");
        assert_eq!(
            log_filter(None),
            format!(
                "{DEFAULT_LOG_FILTER},tungstenite=off,tokio_tungstenite=off,serenity::gateway::ws=error,serenity::http=error,serenity=warn"
            )
        );
    }

    #[test]
    fn bad_values_name_the_variable() {
        for (name, value) in [
            ("DISCORD_GUILD_ID", "general"),
            ("DISCORD_PROXY", "localhost:8080"),
            ("SHARDS", "4-2/8"),
            ("SHARDS", "0-8/8"),
            ("SHARDS", "3"),
        ] {
            let err = config(&[("DISCORD_TOKEN", "t"), (name, value)]).unwrap_err();
            assert!(err.to_string().starts_with(name), "{err}");
        }
        assert_eq!(
            "5/8".parse::<ShardRange>().unwrap(),
            ShardRange {
                ids: 5..=5,
                total: 8
            }
        );
    }
}
