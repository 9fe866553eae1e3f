//! The outbox worker: a tokio task that claims due notifications and
//! delivers them, at least once, never twice.
//!
//! - **Claiming** is one statement that marks rows `sending` with a lease
//!   (`FOR UPDATE SKIP LOCKED` on PostgreSQL), so several nodes share the
//!   queue without taking the same row; a node that dies mid-delivery leaves
//!   rows whose lease runs out and another node retries them.
//! - **Success** marks the row `sent`: it is never claimed again.
//! - **Failure** puts it back to `pending` after an exponential backoff
//!   (`backoff_base_millis · 2^(attempts-1)`, capped), or `dead` after
//!   `max_attempts`; dead letters are listed for admins, who may retry them.
//! - The task sleeps `poll_interval_millis` between empty looks, and wakes
//!   at once when a commit enqueued something (`UnitOfWork::commit`).

use std::time::Duration;

use anyhow::Context;
use chrono::TimeDelta;
use futures_util::StreamExt;

use crate::domain::Timestamp;
use crate::notify::mail::OutgoingEmail;
use crate::notify::push::PushOutcome;
use crate::notify::templates::RenderedEmail;
use crate::services::Services;
use crate::store::outbox::{Delivery, DeliveryChannel};

/// Longest error text kept on a row.
const MAX_ERROR_CHARS: usize = 1000;

/// Starts the worker on the current tokio runtime.
pub fn start(services: Services) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let poll = Duration::from_millis(services.settings.notifications.poll_interval_millis);
        loop {
            let handled = match run_once(&services).await {
                Ok(n) => n,
                Err(e) => {
                    tracing::error!(error = %format!("{e:#}"), "outbox: claiming deliveries failed");
                    0
                }
            };
            if handled == 0 {
                tokio::select! {
                    _ = services.outbox_kick.notified() => {}
                    _ = tokio::time::sleep(poll) => {}
                }
            }
        }
    })
}

/// Claims one batch of due deliveries and attempts each; returns how many.
pub async fn run_once(services: &Services) -> anyhow::Result<usize> {
    let cfg = &services.settings.notifications;
    let now = Timestamp::now();
    let claimed = services
        .store
        .conn()
        .await
        .context("outbox: connecting")?
        .claim_due_notifications(
            services.store.backend(),
            now,
            now + TimeDelta::seconds(cfg.lease_seconds),
            cfg.batch_size,
        )
        .await
        .context("outbox: claiming")?;
    let count = claimed.len();
    // Deliveries of a batch go out concurrently: each one waits mostly on the
    // network (an SMTP dialogue, a push service), so one slow recipient must
    // not hold up the rest of the batch.
    let results: Vec<anyhow::Result<()>> = futures_util::stream::iter(claimed)
        .map(|delivery| settle(services, delivery))
        .buffer_unordered(cfg.concurrency.max(1))
        .collect()
        .await;
    for result in results {
        result?;
    }
    Ok(count)
}

/// Attempts one claimed delivery and records the outcome.
async fn settle(services: &Services, delivery: Delivery) -> anyhow::Result<()> {
    let cfg = &services.settings.notifications;
    let outcome = deliver(services, &delivery).await;
    let mut conn = services.store.conn().await.context("outbox: connecting")?;
    let outcome = match outcome {
        Ok(Attempt::Delivered) => Ok(()),
        Ok(Attempt::Undeliverable(why)) => Err((anyhow::anyhow!(why), false)),
        Err(e) => Err((e, true)),
    };
    match outcome {
        Ok(()) => {
            conn.mark_notification_sent(delivery.id, Timestamp::now())
                .await
                .context("outbox: marking a delivery sent")?;
            tracing::info!(
                id = %delivery.id, kind = %delivery.kind, channel = ?delivery.channel,
                recipient = %delivery.recipient_address, attempts = delivery.attempts,
                "notification delivered"
            );
        }
        Err((e, retryable)) => {
            let error: String = format!("{e:#}").chars().take(MAX_ERROR_CHARS).collect();
            let retry_at = (retryable && delivery.attempts < cfg.max_attempts).then(|| {
                Timestamp::now()
                    + backoff(
                        cfg.backoff_base_millis,
                        cfg.backoff_max_seconds,
                        delivery.attempts,
                    )
            });
            conn.mark_notification_failed(delivery.id, &error, retry_at)
                .await
                .context("outbox: recording a failed delivery")?;
            tracing::warn!(
                id = %delivery.id, kind = %delivery.kind, channel = ?delivery.channel,
                recipient = %delivery.recipient_address, attempts = delivery.attempts,
                dead = retry_at.is_none(), error = %error,
                "notification not delivered"
            );
        }
    }
    Ok(())
}

/// The wait after the `attempts`-th failure: base · 2^(attempts-1), capped.
pub fn backoff(base_millis: i64, max_seconds: i64, attempts: i32) -> TimeDelta {
    let exponent = (attempts.max(1) - 1).min(30) as u32;
    let millis = base_millis
        .max(0)
        .saturating_mul(1i64 << exponent)
        .min(max_seconds.saturating_mul(1000));
    TimeDelta::milliseconds(millis)
}

/// How one attempt ended, short of a transient error (which is an `Err`).
enum Attempt {
    Delivered,
    /// Can never succeed (e.g. the push subscription expired): dead at once.
    Undeliverable(String),
}

async fn deliver(services: &Services, d: &Delivery) -> anyhow::Result<Attempt> {
    match d.channel {
        DeliveryChannel::Email => {
            let rendered: RenderedEmail =
                serde_json::from_str(&d.payload).context("reading the e-mail payload")?;
            services
                .mailer
                .send(&OutgoingEmail {
                    to: d.recipient_address.clone(),
                    subject: rendered.subject,
                    text: rendered.text,
                    html: rendered.html,
                    unsubscribe: rendered.unsubscribe,
                    attachments: rendered.attachments,
                })
                .await?;
            Ok(Attempt::Delivered)
        }
        // Published in the enqueuing transaction; never claimed.
        DeliveryChannel::InApp => Ok(Attempt::Delivered),
        DeliveryChannel::Push => {
            let mut conn = services.store.conn().await.context("outbox: connecting")?;
            let Some(sub) = conn.push_subscription(&d.recipient_address).await? else {
                return Ok(Attempt::Undeliverable("the browser unsubscribed".into()));
            };
            drop(conn);
            match services.push.send(&sub, d.payload.as_bytes()).await? {
                PushOutcome::Delivered => Ok(Attempt::Delivered),
                PushOutcome::Gone => {
                    // The push service says this browser is gone for good.
                    services
                        .store
                        .conn()
                        .await
                        .context("outbox: connecting")?
                        .delete_push_subscription(&sub.endpoint, None)
                        .await
                        .context("removing an expired push subscription")?;
                    Ok(Attempt::Undeliverable(
                        "the push service answered 404/410: subscription expired and removed"
                            .into(),
                    ))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1000, 3600, 1), TimeDelta::seconds(1));
        assert_eq!(backoff(1000, 3600, 2), TimeDelta::seconds(2));
        assert_eq!(backoff(1000, 3600, 4), TimeDelta::seconds(8));
        assert_eq!(backoff(1000, 10, 10), TimeDelta::seconds(10));
        assert_eq!(backoff(1000, 3600, 100), TimeDelta::seconds(3600));
    }
}
