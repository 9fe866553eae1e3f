//! The reminder scheduler: a tokio task that turns due reminder rows into
//! outbox notifications, exactly once across nodes and restarts.
//!
//! Each look is one transaction: claim the due `pending` rows (on PostgreSQL
//! `FOR UPDATE SKIP LOCKED`, so concurrent nodes take disjoint rows and
//! never wait on each other; on SQLite the claim is a single statement under
//! the one writer lock), enqueue each reminder's notifications with an
//! idempotency key per reminder row (`reminder:<row id>:…`), mark the rows
//! `sent`, commit. A crash before the commit leaves the rows pending; after
//! it, they are sent and never claimed again. A reminder that fell due while
//! every node was down is claimed by the first look after a start.

use std::time::Duration;

use anyhow::Context;
use chrono::TimeDelta;

use crate::domain::{TicketScope, Timestamp};
use crate::notify::templates::AppointmentEvent;
use crate::services::Services;

/// Starts the scheduler on the current tokio runtime.
pub fn start(services: Services) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let poll = Duration::from_millis(services.settings.scheduler.poll_interval_millis.max(10));
        let node = format!("{}:{}", std::process::id(), uuid::Uuid::now_v7().simple());
        loop {
            let mut handled = match run_once(&services, &node).await {
                Ok(n) => n,
                Err(e) => {
                    tracing::error!(error = %format!("{e:#}"), "scheduler: sending reminders failed");
                    0
                }
            };
            // Quotes: expiry and the one reminder before it.
            handled += match services.run_quote_jobs(&node).await {
                Ok(n) => n,
                Err(e) => {
                    tracing::error!(error = ?e, "scheduler: quote reminders failed");
                    0
                }
            };
            // CRM: the owners' reminders of opportunities' next steps.
            handled += match services.send_due_next_steps().await {
                Ok(n) => n,
                Err(e) => {
                    tracing::error!(error = ?e, "scheduler: sending next-step reminders failed");
                    0
                }
            };
            // Maintenance plans falling due: the proposed visits.
            handled += match services.propose_due_visits().await {
                Ok(n) => n,
                Err(e) => {
                    tracing::error!(error = ?e, "scheduler: proposing maintenance visits failed");
                    0
                }
            };
            // New customers' onboarding steps whose day has come.
            handled += match services.send_onboarding_reminders().await {
                Ok(n) => n,
                Err(e) => {
                    tracing::error!(error = ?e, "scheduler: sending onboarding reminders failed");
                    0
                }
            };
            // Warranties about to end.
            handled += match services.send_warranty_alerts().await {
                Ok(n) => n,
                Err(e) => {
                    tracing::error!(error = ?e, "scheduler: sending warranty alerts failed");
                    0
                }
            };
            // Tickets' SLA: warnings before a breach, and breaches.
            handled += match services.check_ticket_slas().await {
                Ok(n) => n,
                Err(e) => {
                    tracing::error!(error = ?e, "scheduler: checking ticket SLAs failed");
                    0
                }
            };
            // Subscribed reports of the week or month just ended.
            handled += match services.send_report_subscriptions().await {
                Ok(n) => n,
                Err(e) => {
                    tracing::error!(error = ?e, "scheduler: sending subscribed reports failed");
                    0
                }
            };
            // Once a night: every customer's at-risk score.
            if let Err(e) = services.run_nightly_risk().await {
                tracing::error!(error = ?e, "scheduler: scoring customers' risk failed");
            }
            // Once a night: every maintenance forecast recomputed.
            if let Err(e) = services.run_nightly_forecasts().await {
                tracing::error!(error = ?e, "scheduler: recomputing maintenance forecasts failed");
            }
            // Receivable reminders (invoices about to fall due or overdue).
            match crate::services::invoices::receivables::run_billing_reminders(&services, &node)
                .await
            {
                Ok(n) => handled += n,
                Err(e) => {
                    tracing::error!(error = %format!("{e:#}"), "scheduler: sending invoice reminders failed");
                }
            }
            if handled == 0 {
                tokio::time::sleep(poll).await;
            }
        }
    })
}

/// Claims one batch of due reminders and enqueues their notifications;
/// returns how many reminders were sent.
pub async fn run_once(services: &Services, node: &str) -> anyhow::Result<usize> {
    let cfg = &services.settings.scheduler;
    let now = Timestamp::now();
    // Look before taking a transaction (on SQLite, the one write lock).
    if !services
        .store
        .conn()
        .await
        .context("scheduler: connecting")?
        .any_reminder_due(now)
        .await
        .context("scheduler: looking for due reminders")?
    {
        return Ok(0);
    }
    let mut tx = services
        .begin()
        .await
        .map_err(|e| anyhow::anyhow!("scheduler: beginning: {e:?}"))?;
    let claimed = tx
        .claim_due_reminders(
            services.store.backend(),
            node,
            now,
            now + TimeDelta::seconds(cfg.lease_seconds),
            cfg.batch_size,
        )
        .await
        .context("scheduler: claiming")?;
    if claimed.is_empty() {
        return Ok(0);
    }
    for r in &claimed {
        let appointment = tx
            .appointment(TicketScope::All, r.appointment_id)
            .await
            .context("scheduler: reading the appointment")?;
        if let Some(a) = appointment.filter(|a| a.state.is_open()) {
            services
                .notify_appointment(
                    &mut tx,
                    &a,
                    AppointmentEvent::Reminder,
                    &format!("reminder:{}", r.id),
                )
                .await
                .map_err(|e| anyhow::anyhow!("scheduler: enqueuing: {e:?}"))?;
        }
        tx.mark_reminder_sent(r.id, now)
            .await
            .context("scheduler: marking a reminder sent")?;
    }
    // Announces the in-app publications and wakes the outbox worker.
    tx.commit()
        .await
        .map_err(|e| anyhow::anyhow!("scheduler: committing: {e:?}"))?;
    tracing::info!(count = claimed.len(), node, "reminders sent");
    Ok(claimed.len())
}
