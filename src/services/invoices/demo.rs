//! Demo data for billing: the billing settings with their defaults (30 days
//! of payment terms, reminders 3 days before and 7 and 30 days after the due
//! date, the credit limit refused to non-office roles, customer credit
//! allowed). The demo has no service orders, so it has no invoices either:
//! every browser story issues its own from an order it closes, and the
//! invoice series starts at `FAC-000001` in every fresh demo.

use crate::services::Services;

pub async fn load(services: &Services) -> anyhow::Result<()> {
    let mut conn = services.store.conn().await?;
    conn.billing_settings()
        .await
        .map_err(|e| anyhow::anyhow!("demo billing settings: {e}"))?;
    Ok(())
}
