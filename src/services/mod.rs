//! Use-cases, one module per capability. Each one authorizes the caller,
//! validates input into domain types, runs one transaction through the
//! store, and only after commit does anything outside the database (send an
//! e-mail, publish an event). Notifications are the exception that proves
//! the rule: they are outbox rows written in the transaction itself.
//!
//! Every use-case that changes something runs through a [`uow::UnitOfWork`]
//! (`self.begin()`): it stages channel events (`publish`) and notifications
//! (`notify`, `notify_customer`) in the transaction, and its `commit()`
//! announces them and wakes the outbox worker. There is no other way to
//! publish, so no use-case can forget to.

pub mod appointments;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod billing_settings;
pub mod chat;
pub mod crm;
pub mod customer_risk;
pub mod customers;
mod daily;
pub mod dashboard;
pub mod demo;
pub mod images;
pub mod interactions;
pub mod invoices;
pub mod maintenance;
pub mod notifications;
pub mod onboarding;
pub mod orders;
pub mod paper;
pub mod payments;
pub mod printing;
pub mod purchasing;
pub mod quotes;
pub mod realtime;
pub mod reports;
pub mod service_plans;
pub mod settings;
pub mod sla;
pub mod stock;
pub mod surveys;
pub mod throttle;
pub mod tickets;
pub mod uow;
pub mod users;
pub mod views;
pub mod warranty;

use std::sync::Arc;

use crate::config::Settings;
use crate::domain::events::Actor;
use crate::domain::role::CustomerScope;
pub use crate::domain::text::{Lines, clean_text};
use crate::domain::{Permission, SessionId};
use crate::error::{AppError, AppResult};
use crate::notify::mail::Mailer;
use crate::store::Store;
use crate::store::accounts::User;

/// Everything a use-case needs; one per server, shared by all workers.
#[derive(Clone)]
pub struct Services {
    pub store: Store,
    pub settings: Arc<Settings>,
    pub mailer: Arc<Mailer>,
    /// Base URL for links sent to people (no trailing slash).
    pub public_url: Arc<str>,
    /// Fan-out of committed publications to real-time subscribers.
    pub hub: crate::realtime::RealtimeHub,
    /// The batching chat committer, once started (servers only; CLI
    /// commands commit directly).
    pub chat_writer: ChatWriterSlot,
    /// Per-IP rate limit of the public (QR) order view.
    pub public_throttle: Arc<throttle::Throttle>,
    /// Wakes the outbox worker after a commit that enqueued notifications.
    pub outbox_kick: Arc<tokio::sync::Notify>,
    /// Web Push sender with the server's VAPID key.
    pub push: Arc<crate::notify::push::PushSender>,
    /// Chat conversations recorded as interactions today (this node).
    pub chat_days: Arc<interactions::ChatDays>,
}

/// The chat writers' queues, once started (see `Services::start_chat_writer`).
pub type ChatWriterSlot =
    Arc<std::sync::OnceLock<Vec<tokio::sync::mpsc::Sender<chat::PendingChat>>>>;

/// The signed-in person making a request.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user: User,
    pub session_id: SessionId,
    /// When the session (or connection token) stops being valid.
    pub expires_at: crate::domain::Timestamp,
}

impl Principal {
    /// The principal a background job acts as on a user's behalf (a
    /// scheduled report): the user's role and rights as they are now,
    /// valid for the job's moment only.
    pub(crate) fn acting_as(user: crate::store::accounts::User) -> Principal {
        Principal {
            user,
            session_id: crate::domain::SessionId::new(),
            expires_at: crate::domain::Timestamp::now(),
        }
    }
}

impl Principal {
    /// Refuses with `forbidden` unless the caller's role has `permission`.
    pub fn require(&self, permission: Permission) -> AppResult<()> {
        if self.user.role.allows(permission) {
            Ok(())
        } else {
            Err(AppError::forbidden())
        }
    }

    pub fn customer_scope(&self) -> CustomerScope {
        CustomerScope::for_user(self.user.role, self.user.id, self.user.customer_id)
    }

    /// The caller as events name who did something.
    pub fn actor(&self) -> Actor {
        Actor {
            id: self.user.id,
            name: self.user.name.clone(),
            role: self.user.role,
        }
    }
}

/// Where a request came from, for the audit log and throttling.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub ip: String,
    pub user_agent: String,
}

/// The opaque `cursor` of a keyset-paginated list: the last row's sort key,
/// as URL-safe base64 JSON.
pub(crate) fn encode_cursor<T: serde::Serialize>(position: &T) -> String {
    use base64::Engine;
    let json = serde_json::to_vec(position).unwrap_or_default();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
}

/// Reads a cursor back; anything malformed is `invalid_cursor`.
pub(crate) fn decode_cursor<T: serde::de::DeserializeOwned>(text: &str) -> AppResult<T> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(|| {
            AppError::new(
                crate::error::ErrorCode::InvalidCursor,
                "the cursor is not valid",
            )
            .field("cursor")
        })
}

/// The one keyset-pagination step: `items` was read with `limit + 1` rows
/// after the cursor; keeps the first `limit` and, when there was one more,
/// returns the cursor of the last kept row (`cursor_of` gives its sort key).
pub(crate) fn next_page<T, C: serde::Serialize>(
    items: &mut Vec<T>,
    limit: i64,
    cursor_of: impl Fn(&T) -> C,
) -> Option<String> {
    if items.len() as i64 > limit {
        items.truncate(limit.max(0) as usize);
        items.last().map(|last| encode_cursor(&cursor_of(last)))
    } else {
        None
    }
}

/// Cleans a human text field with the one text rule
/// ([`crate::domain::text::clean_text`]: NUL refused, controls, ANSI escapes
/// and bidi overrides removed, line breaks kept only in [`Lines::Multi`]
/// fields), trims it and checks its length.
pub fn text_field(
    field: &'static str,
    value: &str,
    max: usize,
    required: bool,
    lines: Lines,
) -> AppResult<String> {
    // The bound holds for the text as sent (what the API document states),
    // not only for what is left after cleaning it.
    if value.chars().count() > max {
        return Err(AppError::validation(
            field,
            format!("{field} is longer than {max} characters"),
        ));
    }
    let value = clean_text(value, lines).map_err(|e| AppError::validation(field, e.to_string()))?;
    if required && value.is_empty() {
        return Err(AppError::validation(field, format!("{field} is required")));
    }
    if value.chars().count() > max {
        return Err(AppError::validation(
            field,
            format!("{field} is longer than {max} characters"),
        ));
    }
    Ok(value)
}

// --- the company's calendar ---------------------------------------------------

/// The company's time zone (UTC if the setting is not a known zone).
pub(crate) fn company_tz(name: &str) -> chrono_tz::Tz {
    name.parse().unwrap_or(chrono_tz::UTC)
}

/// Today in the company's time zone (UTC if the zone is unknown).
pub(crate) fn today_in(time_zone: &str) -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&company_tz(time_zone))
        .date_naive()
}

/// The first instant of `day` in `tz`.
pub(crate) fn start_of_day(day: chrono::NaiveDate, tz: chrono_tz::Tz) -> crate::domain::Timestamp {
    use chrono::TimeZone;
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    match tz.from_local_datetime(&midnight).earliest() {
        Some(t) => crate::domain::Timestamp::from(t.with_timezone(&chrono::Utc)),
        // A zone that skips midnight (a DST gap): an hour later exists.
        None => crate::domain::Timestamp::from(midnight.and_utc()) - chrono::TimeDelta::hours(1),
    }
}
