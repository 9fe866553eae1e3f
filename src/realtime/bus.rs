//! The bus between nodes. Without Redis, announcements go straight to this
//! node's registry. With `redis.url` set, a node still delivers its own
//! publications to its own clients at once, and sends them through one Redis
//! pub/sub channel to the other nodes.
//!
//! Why local first: a publication must never wait on Redis to reach a client
//! connected to the node that committed it. An outage of Redis (killed, or
//! hung) then costs only cross-node delivery, and that has a second path:
//! every publication is in the database with a gap-free offset.
//!
//! How an outage is noticed: each node sends itself a heartbeat through Redis
//! every `heartbeat_millis` and expects to hear it back. A failed or slow
//! publish, a lost subscription, or its own heartbeat not heard for
//! `degraded_after_millis` make the bus **degraded** (logged once per
//! transition, gauge `realtime_bus_degraded`, counter
//! `realtime_bus_failures_total`, field `bus` of `/readyz`). While degraded,
//! the node stops queueing for Redis and its rooms read their channels from
//! the database every `degraded_poll_millis`, so publications committed on
//! other nodes still arrive, in order, within a poll. When the heartbeat is
//! heard again the rooms read once more (to catch what Redis dropped) and the
//! bus is healthy.
//!
//! Redis pub/sub is fire-and-forget: what it loses is not lost for clients —
//! rooms fill offset gaps from the database, and recovering clients read from
//! the database.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use actix::Addr;
use futures_util::StreamExt;
use tokio::sync::mpsc;

use super::Staged;
use super::registry::{Announce, KickUser, PollRooms, Registry};
use crate::config::RedisSettings;
use crate::domain::UserId;

/// What travels between nodes.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BusMessage {
    /// Committed publications of one channel.
    Publications(Staged),
    /// Disconnect every connection of a user (signed out, deactivated).
    KickUser { user: UserId },
    /// A node checking that its own messages come back through Redis.
    Heartbeat,
}

impl BusMessage {
    /// Hands the message to this node's registry.
    pub fn deliver(self, registry: &Addr<Registry>) {
        match self {
            BusMessage::Publications(staged) => registry.do_send(Announce { staged }),
            BusMessage::KickUser { user } => registry.do_send(KickUser { user }),
            BusMessage::Heartbeat => {}
        }
    }
}

/// A message with the node that sent it (a node ignores its own: it has
/// already delivered them locally).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Envelope {
    origin: String,
    #[serde(flatten)]
    message: BusMessage,
}

/// The Redis pub/sub channel carrying publications between nodes.
pub const REDIS_CHANNEL: &str = "faena:publications";

/// The state of the bus as `/readyz` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BusStatus {
    /// One node, no Redis configured.
    Local,
    /// Redis carries publications between nodes.
    Connected,
    /// Redis is down or hung: local delivery goes on, other nodes' publications
    /// are read from the database.
    Degraded,
}

/// Shared health of the Redis bus of this node.
pub struct BusHealth {
    degraded: AtomicBool,
    /// Milliseconds since `started` when this node last heard its own heartbeat.
    heard_at: AtomicU64,
    started: Instant,
}

impl BusHealth {
    fn new() -> BusHealth {
        BusHealth {
            degraded: AtomicBool::new(false),
            heard_at: AtomicU64::new(0),
            started: Instant::now(),
        }
    }

    pub fn is_degraded(&self) -> bool {
        self.degraded.load(Ordering::Relaxed)
    }

    fn heard(&self) {
        self.heard_at
            .store(self.started.elapsed().as_millis() as u64, Ordering::Relaxed);
    }

    fn silent_for(&self) -> Duration {
        let now = self.started.elapsed().as_millis() as u64;
        Duration::from_millis(now.saturating_sub(self.heard_at.load(Ordering::Relaxed)))
    }

    /// Counts a failure and turns the bus degraded (logged on the transition only).
    fn failed(&self, what: &str) {
        metrics::counter!("realtime_bus_failures_total").increment(1);
        if !self.degraded.swap(true, Ordering::Relaxed) {
            metrics::gauge!("realtime_bus_degraded").set(1.0);
            tracing::warn!(
                cause = what,
                "real-time bus degraded: Redis is unreachable or slow; delivering locally and reading other nodes' publications from the database"
            );
        }
    }

    /// Turns the bus healthy; true when it was degraded.
    fn restored(&self) -> bool {
        let was = self.degraded.swap(false, Ordering::Relaxed);
        if was {
            metrics::gauge!("realtime_bus_degraded").set(0.0);
            tracing::info!("real-time bus restored: Redis carries publications again");
        }
        was
    }
}

/// The sending side of the Redis bus, held by the hub.
pub struct RedisBus {
    queue: mpsc::Sender<BusMessage>,
    health: Arc<BusHealth>,
}

impl RedisBus {
    /// Queues a message for the other nodes; never waits. While the bus is
    /// degraded, or the queue is full, the message is dropped: the other
    /// nodes read publications from the database.
    pub fn publish(&self, message: BusMessage) {
        if self.health.is_degraded() || self.queue.try_send(message).is_err() {
            metrics::counter!("realtime_bus_dropped_total").increment(1);
        }
    }

    pub fn status(&self) -> BusStatus {
        if self.health.is_degraded() {
            BusStatus::Degraded
        } else {
            BusStatus::Connected
        }
    }
}

/// Connects to Redis and starts the publisher, subscriber and heartbeat
/// tasks.
pub async fn start_redis(
    settings: &RedisSettings,
    registry: Addr<Registry>,
) -> anyhow::Result<RedisBus> {
    use anyhow::Context;
    let client = redis::Client::open(settings.url.expose()).context("parsing redis.url")?;
    let publisher = client
        .get_connection_manager()
        .await
        .context("connecting to Redis")?;

    // Subscribe before returning, so nothing published after start is missed.
    let mut pubsub = client
        .get_async_pubsub()
        .await
        .context("subscribing to Redis")?;
    pubsub
        .subscribe(REDIS_CHANNEL)
        .await
        .context("subscribing to Redis")?;

    let origin: Arc<str> = uuid::Uuid::new_v4().to_string().into();
    let health = Arc::new(BusHealth::new());
    health.heard();
    let timeout = Duration::from_millis(settings.degraded_after_millis.max(1));
    let (tx, mut rx) = mpsc::channel::<BusMessage>(settings.queue.max(1));

    // Publisher: one message at a time, each bounded by the timeout.
    {
        let (origin, health, mut publisher) = (origin.clone(), health.clone(), publisher.clone());
        tokio::spawn(async move {
            while let Some(message) = rx.recv().await {
                if health.is_degraded() {
                    metrics::counter!("realtime_bus_dropped_total").increment(1);
                    continue;
                }
                if publish(&mut publisher, &origin, message, timeout)
                    .await
                    .is_err()
                {
                    health.failed("publish");
                }
            }
        });
    }

    // Heartbeat: publish one, expect to hear it back; poll the database while
    // degraded.
    {
        let (origin, health, mut publisher) = (origin.clone(), health.clone(), publisher);
        let registry = registry.clone();
        let beat = Duration::from_millis(settings.heartbeat_millis.max(10));
        let poll = Duration::from_millis(settings.degraded_poll_millis.max(10));
        // The heartbeat itself runs on its own task so a hung Redis does not
        // stop the polling.
        {
            let (origin, health) = (origin.clone(), health.clone());
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(beat).await;
                    if publish(&mut publisher, &origin, BusMessage::Heartbeat, timeout)
                        .await
                        .is_err()
                    {
                        health.failed("heartbeat publish");
                    }
                }
            });
        }
        tokio::spawn(async move {
            loop {
                let degraded = health.is_degraded();
                tokio::time::sleep(if degraded { poll } else { beat }).await;
                if health.silent_for() > timeout {
                    health.failed("heartbeat not heard");
                } else if health.is_degraded() && health.restored() {
                    // Catch what Redis dropped while it was away.
                    registry.do_send(PollRooms);
                }
                if health.is_degraded() {
                    registry.do_send(PollRooms);
                }
            }
        });
    }

    // Subscriber: deliver the other nodes' messages; note our own heartbeats.
    let bus = RedisBus {
        queue: tx,
        health: health.clone(),
    };
    tokio::spawn(async move {
        loop {
            {
                let mut messages = pubsub.on_message();
                while let Some(msg) = messages.next().await {
                    let Ok(payload) = msg.get_payload::<String>() else {
                        continue;
                    };
                    match serde_json::from_str::<Envelope>(&payload) {
                        Ok(envelope) if *envelope.origin == *origin => {
                            if let BusMessage::Heartbeat = envelope.message {
                                health.heard();
                            }
                        }
                        Ok(envelope) => envelope.message.deliver(&registry),
                        Err(e) => tracing::warn!(error = %e, "ignoring a malformed bus message"),
                    }
                }
            }
            health.failed("subscription lost");
            loop {
                tokio::time::sleep(Duration::from_millis(500)).await;
                match client.get_async_pubsub().await {
                    Ok(mut fresh) => {
                        if fresh.subscribe(REDIS_CHANNEL).await.is_ok() {
                            pubsub = fresh;
                            break;
                        }
                    }
                    Err(e) => tracing::debug!(error = %e, "Redis still unreachable"),
                }
            }
        }
    });

    Ok(bus)
}

/// Publishes one message, failing after `timeout`.
async fn publish(
    publisher: &mut redis::aio::ConnectionManager,
    origin: &str,
    message: BusMessage,
    timeout: Duration,
) -> Result<(), ()> {
    let payload = match serde_json::to_string(&Envelope {
        origin: origin.to_owned(),
        message,
    }) {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(error = %e, "cannot encode a bus message");
            return Ok(());
        }
    };
    let sent = tokio::time::timeout(
        timeout,
        redis::AsyncCommands::publish::<_, _, usize>(publisher, REDIS_CHANNEL, payload),
    )
    .await;
    match sent {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => {
            tracing::debug!(error = %e, "Redis publish failed");
            Err(())
        }
        Err(_) => Err(()),
    }
}
