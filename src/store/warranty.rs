//! Warranty-end alerts and the post-sale settings (issue 16).

use chrono::NaiveDate;
use uuid::Uuid;

use super::{Conn, on_conn};
use crate::domain::{EquipmentId, OrderPartId, Timestamp};

/// Post-sale settings: a single row (id = 1), created with defaults on
/// first read, like the billing settings.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PostSaleSettings {
    /// Days before a machine's warranty ends that the alert goes out.
    pub warranty_alert_days: i64,
    /// The score (0–100) at which a customer is at risk.
    pub at_risk_threshold: i64,
    /// The onboarding steps (JSON array of `OnboardingStep`); `None`: the
    /// seed's five.
    pub onboarding_steps: Option<String>,
    pub updated_at: Timestamp,
}

impl PostSaleSettings {
    pub fn initial(now: Timestamp) -> PostSaleSettings {
        PostSaleSettings {
            warranty_alert_days: 30,
            at_risk_threshold: crate::domain::customer_risk::DEFAULT_THRESHOLD,
            onboarding_steps: None,
            updated_at: now,
        }
    }
}

/// A planned warranty alert of a part installed on a machine.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PartWarrantyAlert {
    pub part_id: OrderPartId,
    pub equipment_id: EquipmentId,
    pub ends_on: NaiveDate,
    pub due_at: Timestamp,
    /// The part as written on the order line.
    pub description: String,
}

/// A planned warranty alert.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WarrantyAlert {
    pub id: Uuid,
    pub equipment_id: EquipmentId,
    pub ends_on: NaiveDate,
    pub due_at: Timestamp,
}

impl Conn {
    #[tracing::instrument(skip_all)]
    pub async fn post_sale_settings(&mut self) -> Result<PostSaleSettings, sqlx::Error> {
        let found: Option<PostSaleSettings> = on_conn!(self, c => sqlx::query_as(
            "SELECT warranty_alert_days, at_risk_threshold, onboarding_steps, updated_at
             FROM post_sale_settings WHERE id = 1")
            .fetch_optional(c).await)?;
        match found {
            Some(s) => Ok(s),
            None => {
                let initial = PostSaleSettings::initial(Timestamp::now());
                self.save_post_sale_settings(&initial).await?;
                Ok(initial)
            }
        }
    }

    #[tracing::instrument(skip_all)]
    pub async fn save_post_sale_settings(
        &mut self,
        s: &PostSaleSettings,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO post_sale_settings (id, warranty_alert_days, at_risk_threshold,
                 onboarding_steps, updated_at)
             VALUES (1, $1, $2, $3, $4)
             ON CONFLICT (id) DO UPDATE SET warranty_alert_days = $1, at_risk_threshold = $2,
                 onboarding_steps = $3, updated_at = $4")
            .bind(s.warranty_alert_days).bind(s.at_risk_threshold).bind(&s.onboarding_steps)
            .bind(s.updated_at)
            .execute(c).await.map(|_| ()))
    }

    /// Plans the alert of a machine's warranty end (nothing when one is
    /// planned or sent for that end already) and drops the pending alerts
    /// of any other end (the date was corrected).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn plan_warranty_alert(
        &mut self,
        equipment: EquipmentId,
        ends_on: Option<NaiveDate>,
        due_at: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE warranty_alerts SET status = 'dropped'
             WHERE equipment_id = $1 AND status = 'pending' AND ($2 IS NULL OR ends_on <> $2)")
            .bind(equipment).bind(ends_on).execute(c).await.map(|_| ()))?;
        if let (Some(ends_on), Some(due_at)) = (ends_on, due_at) {
            on_conn!(self, c => sqlx::query(
                "INSERT INTO warranty_alerts (id, equipment_id, ends_on, due_at, status, created_at)
                 VALUES ($1, $2, $3, $4, 'pending', $5)
                 ON CONFLICT (equipment_id, ends_on) DO UPDATE SET status = 'pending',
                     due_at = excluded.due_at
                 WHERE warranty_alerts.status = 'dropped'")
                .bind(Uuid::now_v7()).bind(equipment).bind(ends_on).bind(due_at).bind(now)
                .execute(c).await.map(|_| ()))?;
        }
        Ok(())
    }

    /// Every pending alert (to move their due times when the setting
    /// changes).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn pending_warranty_alerts(&mut self) -> Result<Vec<WarrantyAlert>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT id, equipment_id, ends_on, due_at FROM warranty_alerts WHERE status = 'pending'")
            .fetch_all(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn move_warranty_alert(
        &mut self,
        id: Uuid,
        due_at: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE warranty_alerts SET due_at = $2 WHERE id = $1 AND status = 'pending'")
            .bind(id).bind(due_at).execute(c).await.map(|_| ()))
    }

    /// Pending alerts due at `now` (a read: idle looks take no write lock).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn due_warranty_alerts(
        &mut self,
        now: Timestamp,
        limit: i64,
    ) -> Result<Vec<WarrantyAlert>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT id, equipment_id, ends_on, due_at FROM warranty_alerts
             WHERE status = 'pending' AND due_at <= $1 ORDER BY due_at, id LIMIT $2")
            .bind(now).bind(limit).fetch_all(c).await)
    }

    /// Marks the alert sent; `false` when another node sent it (or it was
    /// dropped) meanwhile — the caller rolls back.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn claim_warranty_alert(
        &mut self,
        id: Uuid,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE warranty_alerts SET status = 'sent', sent_at = $2
             WHERE id = $1 AND status = 'pending'")
            .bind(id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Plans the alert of a part line's warranty end on its order's machine
    /// (nothing when the order has no machine, or when that end was alerted
    /// already); `ends_on` `None` drops a pending one (the line was removed
    /// or lost its warranty).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn plan_part_warranty_alert(
        &mut self,
        part: OrderPartId,
        ends_on: Option<NaiveDate>,
        due_at: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        match (ends_on, due_at) {
            (Some(ends_on), Some(due_at)) => on_conn!(self, c => sqlx::query(
                "INSERT INTO part_warranty_alerts (part_id, equipment_id, ends_on, due_at, status, created_at)
                 SELECT p.id, o.equipment_id, $2, $3, 'pending', $4
                 FROM order_parts p JOIN service_orders o ON o.id = p.order_id
                 WHERE p.id = $1 AND o.equipment_id IS NOT NULL
                 ON CONFLICT (part_id) DO UPDATE SET ends_on = excluded.ends_on,
                     due_at = excluded.due_at, equipment_id = excluded.equipment_id,
                     status = 'pending', sent_at = NULL
                 WHERE part_warranty_alerts.status <> 'sent'
                    OR part_warranty_alerts.ends_on <> excluded.ends_on")
                .bind(part).bind(ends_on).bind(due_at).bind(now)
                .execute(c).await.map(|_| ())),
            _ => on_conn!(self, c => sqlx::query(
                "UPDATE part_warranty_alerts SET status = 'dropped'
                 WHERE part_id = $1 AND status = 'pending'")
                .bind(part).execute(c).await.map(|_| ())),
        }
    }

    /// Every pending part alert (to move their due times when the setting
    /// changes).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn pending_part_warranty_alerts(
        &mut self,
    ) -> Result<Vec<PartWarrantyAlert>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT a.part_id, a.equipment_id, a.ends_on, a.due_at, p.description
             FROM part_warranty_alerts a JOIN order_parts p ON p.id = a.part_id
             WHERE a.status = 'pending'")
            .fetch_all(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn move_part_warranty_alert(
        &mut self,
        part: OrderPartId,
        due_at: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE part_warranty_alerts SET due_at = $2 WHERE part_id = $1 AND status = 'pending'")
            .bind(part).bind(due_at).execute(c).await.map(|_| ()))
    }

    /// Pending part alerts due at `now` (a read).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn due_part_warranty_alerts(
        &mut self,
        now: Timestamp,
        limit: i64,
    ) -> Result<Vec<PartWarrantyAlert>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT a.part_id, a.equipment_id, a.ends_on, a.due_at, p.description
             FROM part_warranty_alerts a JOIN order_parts p ON p.id = a.part_id
             WHERE a.status = 'pending' AND a.due_at <= $1 ORDER BY a.due_at, a.part_id LIMIT $2")
            .bind(now).bind(limit).fetch_all(c).await)
    }

    /// Marks a part alert sent; `false` when another node sent it (or it
    /// was dropped) meanwhile.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn claim_part_warranty_alert(
        &mut self,
        part: OrderPartId,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE part_warranty_alerts SET status = 'sent', sent_at = $2
             WHERE part_id = $1 AND status = 'pending'")
            .bind(part).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }
}
