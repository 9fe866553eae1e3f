//! What the real-time engine needs from the application, and nothing more.
//!
//! The engine (sessions, rooms, registry, bus) speaks the protocol and keeps
//! channels in order; whether a user may read a channel, what a chat message
//! does, and where publications are kept are the application's business. It
//! reaches them only through [`RealtimeApp`], which the services implement —
//! so `src/realtime/` never imports the use-cases (the shape of the Go
//! `centrifuge` library's handlers and broker), and a test could drive the
//! engine with another implementation.

use std::any::Any;
use std::sync::Arc;

use futures_util::future::LocalBoxFuture;

use crate::domain::channel::Channel;
use crate::domain::events::{Actor, ChatPost};
use crate::domain::{Timestamp, UserId};
use crate::error::AppResult;
use crate::store::realtime::{ChannelPosition, StoredPublication};

/// A signed-in connection's user as the engine sees it: who (for tracking
/// and presence), the name events carry, when the credentials end, and the
/// application's own record of the caller, opaque to the engine and handed
/// back on every call.
#[derive(Clone)]
pub struct Viewer {
    pub user: UserId,
    pub actor: Actor,
    pub expires_at: Timestamp,
    credentials: Arc<dyn Any + Send + Sync>,
}

impl Viewer {
    pub fn new<T: Any + Send + Sync>(
        user: UserId,
        actor: Actor,
        expires_at: Timestamp,
        credentials: T,
    ) -> Viewer {
        Viewer {
            user,
            actor,
            expires_at,
            credentials: Arc::new(credentials),
        }
    }

    /// The application's record of the caller (the type it put in).
    pub fn credentials<T: Any>(&self) -> Option<&T> {
        self.credentials.downcast_ref()
    }
}

impl std::fmt::Debug for Viewer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Viewer")
            .field("user", &self.user)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// What a connection wants to do in a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelAction {
    Subscribe,
    Publish,
    History,
    Presence,
}

/// A future of the application, run by an actor on its own thread.
pub type AppFuture<'a, T> = LocalBoxFuture<'a, AppResult<T>>;

/// The application as the real-time engine uses it.
pub trait RealtimeApp: Send + Sync + 'static {
    /// The user of a session or connection token; `None` if it is not valid.
    fn authenticate<'a>(&'a self, token: &'a str) -> AppFuture<'a, Option<Viewer>>;

    /// Whether `token` was valid once and has run out (the client should get
    /// a fresh one) rather than never valid.
    fn token_expired<'a>(&'a self, token: &'a str) -> AppFuture<'a, bool>;

    /// Refuses (`forbidden` or `not_found`) unless `who` (None = anonymous
    /// QR holder) may `action` in `channel`.
    fn authorize<'a>(
        &'a self,
        who: Option<&'a Viewer>,
        channel: &'a Channel,
        action: ChannelAction,
    ) -> AppFuture<'a, ()>;

    /// Posts a chat message; returns it once committed, with its offset.
    fn post_chat<'a>(
        &'a self,
        who: &'a Viewer,
        channel: &'a Channel,
        post: ChatPost,
    ) -> AppFuture<'a, StoredPublication>;

    /// The protocol's `history`: authorizes, then reads.
    fn history<'a>(
        &'a self,
        who: Option<&'a Viewer>,
        channel: &'a Channel,
        since: Option<i64>,
        limit: i64,
        reverse: bool,
    ) -> AppFuture<'a, (ChannelPosition, Vec<StoredPublication>)>;

    /// Records that `who` has read `channel` up to `offset`.
    fn mark_read<'a>(
        &'a self,
        who: &'a Viewer,
        channel: &'a Channel,
        offset: i64,
    ) -> AppFuture<'a, ()>;

    /// A channel's epoch and last offset (created on first use).
    fn channel_position<'a>(&'a self, channel: &'a str) -> AppFuture<'a, ChannelPosition>;

    /// Up to `limit` publications of `channel` after offset `after`, in order.
    fn publications_after<'a>(
        &'a self,
        channel: &'a str,
        after: i64,
        limit: i64,
    ) -> AppFuture<'a, Vec<StoredPublication>>;
}

/// The application handle every actor holds.
pub type App = Arc<dyn RealtimeApp>;
