//! Settings: `config/default.toml` layered with an optional file and with
//! `FAENA__<SECTION>__<KEY>` environment variables.
//!
//! Secrets (database and Redis URLs may carry passwords, the SMTP password)
//! are wrapped in [`Secret`], whose `Debug` never prints the value, so
//! `tracing::info!(?settings)` is always safe.

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;

/// The default configuration, compiled in so the binary runs from any folder.
pub const DEFAULT_TOML: &str = include_str!("../config/default.toml");

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub redis: RedisSettings,
    pub auth: AuthSettings,
    pub mail: MailSettings,
    pub uploads: UploadSettings,
    pub realtime: RealtimeSettings,
    pub public: PublicSettings,
    pub notifications: NotificationSettings,
    pub surveys: SurveySettings,
    pub scheduler: SchedulerSettings,
    pub log: LogSettings,
    pub metrics: MetricsSettings,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServerSettings {
    pub host: String,
    pub port: u16,
    pub public_url: String,
    pub shutdown_grace_seconds: u64,
    pub json_limit_bytes: usize,
    /// Force the Secure flag on the session cookie. It is set anyway when
    /// `public_url` is https or a trusted proxy says the request came over https.
    pub secure_cookies: bool,
    /// Reverse proxies (CIDRs or single addresses) whose `Forwarded` /
    /// `X-Forwarded-For` / `X-Forwarded-Proto` headers are believed.
    pub trusted_proxies: Vec<String>,
    /// Origins (`https://host[:port]`), besides `public_url`'s, from which
    /// cookie-signed state-changing requests are accepted.
    pub allowed_origins: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DatabaseSettings {
    pub url: Secret,
    pub max_connections: u32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RedisSettings {
    pub url: Secret,
    /// Messages waiting to go out to Redis; when full (Redis slow or down)
    /// new ones are dropped — other nodes read them from the database.
    pub queue: usize,
    /// Milliseconds between bus heartbeats (a node publishes one and expects
    /// to hear it back).
    pub heartbeat_millis: u64,
    /// Milliseconds without hearing its own heartbeat before a node calls the
    /// bus degraded (also the publish timeout).
    pub degraded_after_millis: u64,
    /// While degraded, milliseconds between reads of the live channels from
    /// the database, so publications from other nodes still arrive.
    pub degraded_poll_millis: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AuthSettings {
    pub session_hours: i64,
    pub remember_me_days: i64,
    pub cookie_name: String,
    pub recovery_link_minutes: i64,
    pub invitation_link_hours: i64,
    /// Failures allowed for one account from one address within the window.
    pub max_failures_per_account_and_ip: i64,
    /// Failures allowed from one address (any accounts) within the window.
    pub max_failures_per_ip: i64,
    /// Failures for one account (from all addresses) within the window after
    /// which every sign-in to it is slowed down (never refused).
    pub account_slowdown_after: i64,
    /// The first slowed sign-in waits this long; each further failure doubles it…
    pub account_slowdown_base_millis: u64,
    /// …up to this.
    pub account_slowdown_max_millis: u64,
    pub throttle_window_minutes: i64,
    pub min_password_length: usize,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SmtpSecurity {
    Starttls,
    Tls,
    None,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MailSettings {
    pub smtp_host: String,
    pub smtp_port: u16,
    pub smtp_security: SmtpSecurity,
    pub smtp_username: String,
    pub smtp_password: Secret,
    pub from: String,
    pub outbox_dir: PathBuf,
}

#[derive(Debug, Clone, Deserialize)]
pub struct UploadSettings {
    pub dir: PathBuf,
    pub max_image_bytes: usize,
    pub max_image_side: u32,
    /// Largest chat attachment accepted, in bytes.
    pub max_attachment_bytes: usize,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RealtimeSettings {
    pub ping_interval_seconds: u64,
    pub max_frame_bytes: usize,
    pub max_commands_per_frame: usize,
    pub max_subscriptions: usize,
    pub outgoing_queue_frames: usize,
    pub publish_per_second: u32,
    pub publish_burst: u32,
    pub recovery_max_publications: i64,
    pub history_max_limit: i64,
    pub token_seconds: i64,
    pub room_idle_seconds: u64,
    pub gap_fill_millis: u64,
    pub max_message_chars: usize,
    pub chat_writers: usize,
}

/// The endpoints anyone may call without signing in (the QR page).
#[derive(Debug, Clone, Deserialize)]
pub struct PublicSettings {
    /// Public order views allowed per client IP: a sustained rate per minute…
    pub order_views_per_minute: u32,
    /// …and a burst.
    pub order_views_burst: u32,
}

/// The outbox worker and the notification templates.
#[derive(Debug, Clone, Deserialize)]
pub struct NotificationSettings {
    /// Run the delivery worker in this process.
    pub worker_enabled: bool,
    /// Milliseconds between looks at the outbox when nothing woke the worker.
    pub poll_interval_millis: u64,
    /// Rows claimed per look.
    pub batch_size: i64,
    /// Deliveries of a batch in flight at once.
    pub concurrency: usize,
    /// Seconds a claimed row belongs to its node; after that (the node
    /// crashed) another node retries it.
    pub lease_seconds: i64,
    /// Delay before the first retry, in milliseconds; doubled each attempt.
    pub backoff_base_millis: i64,
    /// Longest delay between attempts, in seconds.
    pub backoff_max_seconds: i64,
    /// Attempts before a delivery becomes a dead letter.
    pub max_attempts: i32,
    /// Language of the e-mail templates: "es" or "en".
    pub language: String,
    /// Absolute URL of the logo shown in e-mails; empty = the company logo
    /// served by this server, when one is set.
    pub logo_url: String,
    /// The VAPID `sub` claim (RFC 8292): a mailto: or https: contact for
    /// push services.
    pub vapid_subject: String,
    /// Minutes after a ticket-reply notification during which further staff
    /// replies in the same ticket notify nobody (one e-mail per conversation,
    /// not one per line).
    pub ticket_reply_quiet_minutes: i64,
}

/// Surveys after service.
#[derive(Debug, Clone, Deserialize)]
pub struct SurveySettings {
    /// Minutes between the closing of an order / ticket and the invitation.
    pub delay_minutes: i64,
    /// Days a survey can be answered, counted from its invitation.
    pub expiry_days: i64,
    /// NPS at or below this is a poor answer (opens a complaint ticket).
    pub poor_nps: i32,
    /// CSAT at or below this is a poor answer.
    pub poor_csat: i32,
}

/// The appointment reminder scheduler.
#[derive(Debug, Clone, Deserialize)]
pub struct SchedulerSettings {
    /// Run the scheduler in this process.
    pub enabled: bool,
    /// Milliseconds between looks for due reminders.
    pub poll_interval_millis: u64,
    /// Reminders claimed per look.
    pub batch_size: i64,
    /// Seconds a claimed reminder belongs to its node.
    pub lease_seconds: i64,
    /// Minutes before an appointment's start at which to remind.
    pub reminder_offsets_minutes: Vec<i64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LogSettings {
    pub filter: String,
}

/// Who may read `/metrics`.
#[derive(Debug, Clone, Deserialize)]
pub struct MetricsSettings {
    /// The bearer token a scraper sends (`Authorization: Bearer <token>`).
    /// Empty: `/metrics` is not served (404).
    pub bearer_token: Secret,
}

/// A configuration value that must never reach a log line.
#[derive(Clone, Deserialize, Default)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    /// The value itself: call only where it is used, never to log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("\"\"")
        } else {
            f.write_str("[redacted]")
        }
    }
}

impl Settings {
    /// Loads the defaults, then `extra_file` when given, then the environment.
    pub fn load(extra_file: Option<&Path>) -> anyhow::Result<Settings> {
        let mut builder = config::Config::builder().add_source(config::File::from_str(
            DEFAULT_TOML,
            config::FileFormat::Toml,
        ));
        if let Some(path) = extra_file {
            builder = builder.add_source(config::File::from(path).required(true));
        }
        builder
            .add_source(
                config::Environment::with_prefix("FAENA")
                    .prefix_separator("__")
                    .separator("__")
                    .try_parsing(true)
                    .list_separator(",")
                    .with_list_parse_key("server.trusted_proxies")
                    .with_list_parse_key("server.allowed_origins"),
            )
            .build()
            .context("reading configuration")?
            .try_deserialize()
            .context("configuration has an invalid value")
    }

    /// The defaults only, ignoring the environment (for tests).
    pub fn defaults() -> Settings {
        config::Config::builder()
            .add_source(config::File::from_str(
                DEFAULT_TOML,
                config::FileFormat::Toml,
            ))
            .build()
            .and_then(|c| c.try_deserialize())
            .expect("config/default.toml is valid: it is compiled in and tested")
    }

    /// Base URL placed in links sent to people.
    pub fn public_url(&self, bound_port: u16) -> String {
        if self.server.public_url.is_empty() {
            format!("http://{}:{}", self.server.host, bound_port)
        } else {
            self.server.public_url.trim_end_matches('/').to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_and_match_documented_values() {
        let s = Settings::defaults();
        assert_eq!(s.server.host, "127.0.0.1");
        assert_eq!(s.server.port, 8080);
        assert!(s.database.url.expose().starts_with("sqlite://data/"));
        assert!(s.redis.url.is_empty());
    }

    #[test]
    fn secrets_are_redacted_in_debug() {
        let mut s = Settings::defaults();
        s.mail.smtp_password = Secret::new("hunter2");
        s.database.url = Secret::new("postgres://u:topsecret@h/db");
        let printed = format!("{s:?}");
        assert!(!printed.contains("hunter2"));
        assert!(!printed.contains("topsecret"));
    }
}
