//! The bus between nodes. Without Redis, announcements go straight to this
//! node's registry. With `redis.url` set, every committed publication is
//! published on one Redis pub/sub channel and every node (this one included)
//! delivers it from there, so all nodes see the same stream.
//!
//! Redis pub/sub is fire-and-forget: a message lost while a node is
//! disconnected from Redis is not replayed by Redis. It is not lost for
//! clients, though — rooms fill any offset gap from the database when the
//! next publication arrives, and recovering clients read from the database.

use actix::Addr;
use futures_util::StreamExt;
use tokio::sync::mpsc;

use super::Staged;
use super::registry::{Announce, KickUser, Registry};
use crate::domain::UserId;

/// What travels between nodes.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BusMessage {
    /// Committed publications of one channel.
    Publications(Staged),
    /// Disconnect every connection of a user (signed out, deactivated).
    KickUser { user: UserId },
}

impl BusMessage {
    /// Hands the message to this node's registry.
    pub fn deliver(self, registry: &Addr<Registry>) {
        match self {
            BusMessage::Publications(staged) => registry.do_send(Announce { staged }),
            BusMessage::KickUser { user } => registry.do_send(KickUser { user }),
        }
    }
}

/// The Redis pub/sub channel carrying publications between nodes.
pub const REDIS_CHANNEL: &str = "faena:publications";

/// Connects to Redis and starts the publisher and subscriber tasks. Returns
/// the sender announcements go to.
pub async fn start_redis(
    url: &str,
    registry: Addr<Registry>,
) -> anyhow::Result<mpsc::UnboundedSender<BusMessage>> {
    use anyhow::Context;
    let client = redis::Client::open(url).context("parsing redis.url")?;
    let mut publisher = client
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

    let (tx, mut rx) = mpsc::unbounded_channel::<BusMessage>();
    let local = registry.clone();
    tokio::spawn(async move {
        while let Some(message) = rx.recv().await {
            let payload = match serde_json::to_string(&message) {
                Ok(p) => p,
                Err(e) => {
                    tracing::error!(error = %e, "cannot encode a publication for Redis");
                    continue;
                }
            };
            let sent: redis::RedisResult<usize> =
                redis::AsyncCommands::publish(&mut publisher, REDIS_CHANNEL, payload).await;
            if let Err(e) = sent {
                // Other nodes will fill the gap from the database; this node
                // still delivers to its own subscribers.
                tracing::warn!(error = %e, "Redis publish failed; delivering locally only");
                message.deliver(&local);
            }
        }
    });

    tokio::spawn(async move {
        loop {
            {
                let mut messages = pubsub.on_message();
                while let Some(msg) = messages.next().await {
                    let Ok(payload) = msg.get_payload::<String>() else {
                        continue;
                    };
                    match serde_json::from_str::<BusMessage>(&payload) {
                        Ok(message) => message.deliver(&registry),
                        Err(e) => tracing::warn!(error = %e, "ignoring a malformed bus message"),
                    }
                }
            }
            tracing::warn!("Redis subscription lost; reconnecting");
            loop {
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                match client.get_async_pubsub().await {
                    Ok(mut fresh) => {
                        if fresh.subscribe(REDIS_CHANNEL).await.is_ok() {
                            pubsub = fresh;
                            break;
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "Redis still unreachable"),
                }
            }
        }
    });
    Ok(tx)
}
