//! The real-time server: the Centrifuge client protocol v2 (JSON) over
//! WebSocket, built from actix actors.
//!
//! - [`protocol`]: the wire codec.
//! - [`session`]: one actor per connection: decodes commands, enforces
//!   limits, owns the bounded outgoing queue, heartbeats.
//! - [`room`]: one actor per live channel: ordered fan-out, presence,
//!   recovery.
//! - [`registry`]: starts rooms on demand and routes publications to them.
//! - [`bus`]: in-process, or Redis pub/sub between nodes (local delivery
//!   first; through the database while Redis is away).
//!
//! - [`app`]: the one interface to the application ([`app::RealtimeApp`]),
//!   which the services implement; nothing here imports the use-cases.
//!
//! Rooms and the registry run on their own actix system thread
//! (`faena-realtime`); session actors run on the HTTP worker threads. They
//! talk only through actor messages, so either side can be moved.

pub mod app;
pub mod bus;
pub mod protocol;
pub mod registry;
pub mod room;
pub mod session;

use std::sync::{Arc, OnceLock};

use crate::config::Settings;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::realtime::StoredPublication;
use actix::prelude::*;
use registry::Registry;

/// Publications committed in one channel, ready for fan-out: what the bus
/// carries between nodes and the registry routes to a room.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Staged {
    pub channel: String,
    pub epoch: String,
    pub publications: Vec<StoredPublication>,
}

/// A connection's id (the protocol's `client`).
pub type ClientId = Arc<str>;

/// An encoded frame for one session, shared between all its recipients.
#[derive(Message, Clone)]
#[rtype(result = "()")]
pub struct Deliver {
    pub frame: Arc<str>,
}

/// Fans committed publications out to subscribers. Cheap to clone.
#[derive(Clone, Default)]
pub struct RealtimeHub {
    inner: Arc<HubInner>,
}

#[derive(Default)]
struct HubInner {
    /// Set once the realtime system has started.
    registry: OnceLock<Addr<Registry>>,
    /// The application and the settings sessions need, set at start. Weak:
    /// the application holds this hub, and the registry (whose thread stops
    /// with [`RealtimeHub::stop`]) holds the application, so a strong
    /// reference here would keep both, and the database pool, alive forever.
    app: OnceLock<(
        std::sync::Weak<dyn app::RealtimeApp>,
        Arc<crate::config::RealtimeSettings>,
    )>,
    /// Set when a Redis bus is configured.
    redis: OnceLock<bus::RedisBus>,
    /// Stops the realtime actor system.
    system: OnceLock<actix::System>,
}

impl RealtimeHub {
    pub fn announce(&self, staged: Staged) {
        self.send(bus::BusMessage::Publications(staged));
    }

    /// Disconnects every open connection of `user`, on every node (after a
    /// sign-out, deactivation, role or password change). Clients reconnect
    /// only if they can still get a token.
    pub fn kick_user(&self, user: crate::domain::UserId) {
        self.send(bus::BusMessage::KickUser { user });
    }

    /// Delivers on this node at once, then queues for the other nodes (never
    /// waiting on Redis).
    fn send(&self, message: bus::BusMessage) {
        match (self.inner.registry.get(), self.inner.redis.get()) {
            (Some(registry), Some(redis)) => {
                message.clone().deliver(registry);
                redis.publish(message);
            }
            (Some(registry), None) => message.deliver(registry),
            (None, _) => {}
        }
    }

    /// How publications reach the other nodes right now.
    pub fn bus_status(&self) -> bus::BusStatus {
        match self.inner.redis.get() {
            Some(redis) => redis.status(),
            None => bus::BusStatus::Local,
        }
    }

    /// Starts a session actor for an upgraded WebSocket connection; `cookie`
    /// is the user of the browser's session cookie, if any.
    pub fn open_session(
        &self,
        cookie: Option<app::Viewer>,
        ws: actix_ws::Session,
        stream: actix_ws::AggregatedMessageStream,
    ) -> AppResult<()> {
        let started = self
            .inner
            .app
            .get()
            .and_then(|(app, settings)| Some((app.upgrade()?, settings.clone())));
        let (Some(registry), Some((app, settings))) = (self.inner.registry.get(), started) else {
            return Err(AppError::new(
                ErrorCode::Unavailable,
                "the real-time server is starting",
            ));
        };
        session::Session::start(app, settings, registry.clone(), cookie, ws, stream);
        Ok(())
    }

    /// Starts the registry on its own actix system thread and, when
    /// configured, the Redis bus.
    pub async fn start(&self, app: app::App, settings: &Settings) -> anyhow::Result<()> {
        let realtime = Arc::new(settings.realtime.clone());
        let _ = self.inner.app.set((Arc::downgrade(&app), realtime.clone()));
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("faena-realtime".into())
            .spawn(move || {
                let system = actix::System::new();
                system.block_on(async move {
                    let registry = Registry::new(app, realtime).start();
                    let _ = tx.send((registry, actix::System::current()));
                });
                let _ = system.run();
            })?;
        let (registry, system) = tokio::task::spawn_blocking(move || rx.recv())
            .await?
            .map_err(|_| anyhow::anyhow!("the realtime system did not start"))?;
        let _ = self.inner.system.set(system);
        if !settings.redis.url.expose().is_empty() {
            let bus = bus::start_redis(&settings.redis, registry.clone()).await?;
            let _ = self.inner.redis.set(bus);
            tracing::info!("real-time bus: Redis");
        } else {
            tracing::info!("real-time bus: in-process (one node)");
        }
        let _ = self.inner.registry.set(registry);
        Ok(())
    }

    /// Stops the realtime actor system (rooms and registry).
    pub fn stop(&self) {
        if let Some(system) = self.inner.system.get() {
            system.stop();
        }
    }
}
