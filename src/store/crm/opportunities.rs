//! Opportunities and their stage history.
//!
//! A stage change is two writes in one transaction: the opportunity's
//! `stage` (the current one, for listing) and a new history row (the truth
//! for every metric). The history table refuses updates and deletes by
//! trigger on both backends.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::packed;
use crate::domain::crm::{LostReason, OpportunityScope, Stage};
use crate::domain::{ContactId, CustomerId, Money, OpportunityId, Timestamp, UserId};
use crate::store::{Backend, Conn, on_conn};

/// An opportunity row with the names it shows.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OpportunityRow {
    pub id: OpportunityId,
    pub title: String,
    pub customer_id: CustomerId,
    pub customer_name: String,
    /// The seller who owns the customer (their board shows it too).
    pub customer_owner_id: Option<UserId>,
    pub contact_id: Option<ContactId>,
    pub contact_name: Option<String>,
    pub value: Money,
    pub probability: i32,
    pub expected_close: Option<NaiveDate>,
    pub owner_id: UserId,
    pub owner_name: String,
    pub owner_email: String,
    pub source: String,
    pub equipment_interest: String,
    pub notes: String,
    pub stage: Stage,
    pub lost_reason: Option<String>,
    pub next_step: String,
    pub next_step_due: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

const COLUMNS: &str = "o.id, o.title, o.customer_id, cu.name AS customer_name,
    cu.owner_id AS customer_owner_id, o.contact_id,
    ct.name AS contact_name, o.value, o.probability, o.expected_close, o.owner_id,
    u.name AS owner_name, u.email AS owner_email, o.source, o.equipment_interest, o.notes,
    o.stage, o.lost_reason, o.next_step, o.next_step_due, o.created_at, o.updated_at";

const FROM: &str = "crm_opportunities o
    JOIN customers cu ON cu.id = o.customer_id
    JOIN users u ON u.id = o.owner_id
    LEFT JOIN contacts ct ON ct.id = o.contact_id";

/// The scope condition, binding `$1` (all) and `$2` (the seller).
const SCOPE_SQL: &str = "($1 OR o.owner_id = $2 OR cu.owner_id = $2)";

/// The editable data of an opportunity (validated by the service).
#[derive(Debug, Clone)]
pub struct OpportunityData {
    pub title: String,
    pub customer_id: CustomerId,
    pub contact_id: Option<ContactId>,
    pub value: Money,
    pub probability: i32,
    pub expected_close: Option<NaiveDate>,
    pub owner_id: UserId,
    pub source: String,
    pub equipment_interest: String,
    pub notes: String,
    pub next_step: String,
    pub next_step_due: Option<Timestamp>,
}

/// Filters of the list view (all optional, combined with AND).
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct OpportunityFilter {
    pub owner_id: Option<UserId>,
    pub stage: Option<Stage>,
    pub customer_id: Option<CustomerId>,
    /// Expected close on or after this day.
    pub close_from: Option<NaiveDate>,
    /// Expected close on or before this day.
    pub close_to: Option<NaiveDate>,
    /// Value at least this.
    #[param(value_type = Option<String>)]
    pub value_min: Option<Money>,
    #[param(value_type = Option<String>)]
    pub value_max: Option<Money>,
}

/// Position after the last row of a page (newest change first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpportunityCursor {
    pub updated_at: Timestamp,
    pub id: OpportunityId,
}

/// A history row with the mover's name.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StageChangeRow {
    pub from_stage: Option<Stage>,
    pub to_stage: Stage,
    pub lost_reason: Option<String>,
    pub by_user: UserId,
    pub by_name: String,
    pub at: Timestamp,
}

/// What the board's sums need of every opportunity in scope.
/// The opportunities of one owner at one stage, packed.
#[derive(sqlx::FromRow)]
struct PipelineGroup {
    owner_id: UserId,
    owner_name: String,
    stage: Stage,
    packed: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PipelineValue {
    pub owner_id: UserId,
    pub owner_name: String,
    pub stage: Stage,
    pub value: Money,
    pub probability: i32,
    /// When it was created (the dashboard's monthly trend).
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct LostReasonRow {
    code: String,
    name_es: String,
    name_en: String,
    active: bool,
}

impl Conn {
    /// Inserts an opportunity in `stage` with its first history row.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_opportunity(
        &mut self,
        id: OpportunityId,
        d: &OpportunityData,
        stage: Stage,
        by: UserId,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        let reminder = if d.next_step_due.is_some() {
            "pending"
        } else {
            "none"
        };
        on_conn!(self, c => sqlx::query(
            "INSERT INTO crm_opportunities (id, title, customer_id, contact_id, value, probability,
                expected_close, owner_id, source, equipment_interest, notes, stage, lost_reason,
                next_step, next_step_due, reminder_state, reminder_locked_until, created_by,
                created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL, $13, $14, $15, NULL,
                     $16, $17, $17)")
            .bind(id).bind(&d.title).bind(d.customer_id).bind(d.contact_id).bind(d.value)
            .bind(d.probability).bind(d.expected_close).bind(d.owner_id).bind(&d.source)
            .bind(&d.equipment_interest).bind(&d.notes).bind(stage).bind(&d.next_step)
            .bind(d.next_step_due).bind(reminder).bind(by).bind(now)
            .execute(c).await.map(|_| ()))?;
        self.insert_stage_change(id, None, stage, None, by, now)
            .await
    }

    /// Appends one row to an opportunity's stage history.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_stage_change(
        &mut self,
        id: OpportunityId,
        from: Option<Stage>,
        to: Stage,
        lost_reason: Option<&str>,
        by: UserId,
        at: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO crm_stage_history (id, opportunity_id, from_stage, to_stage, lost_reason,
                                            by_user, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(Uuid::now_v7()).bind(id).bind(from).bind(to).bind(lost_reason).bind(by).bind(at)
            .execute(c).await.map(|_| ()))
    }

    /// One opportunity, if in scope.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn opportunity(
        &mut self,
        scope: OpportunityScope,
        id: OpportunityId,
    ) -> Result<Option<OpportunityRow>, sqlx::Error> {
        let (all, user) = scope.binds();
        let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE {SCOPE_SQL} AND o.id = $3");
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(user).bind(id).fetch_optional(c).await)
    }

    /// Replaces the editable data; a changed next-step due time re-arms the
    /// owner's reminder (none without a due time).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_opportunity(
        &mut self,
        id: OpportunityId,
        d: &OpportunityData,
        rearm_reminder: bool,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        let reminder = match (d.next_step_due.is_some(), rearm_reminder) {
            (false, _) => Some("none"),
            (true, true) => Some("pending"),
            (true, false) => None,
        };
        on_conn!(self, c => sqlx::query(
            "UPDATE crm_opportunities SET title = $2, customer_id = $3, contact_id = $4, value = $5,
                probability = $6, expected_close = $7, owner_id = $8, source = $9,
                equipment_interest = $10, notes = $11, next_step = $12, next_step_due = $13,
                reminder_state = COALESCE($14, reminder_state), updated_at = $15
             WHERE id = $1")
            .bind(id).bind(&d.title).bind(d.customer_id).bind(d.contact_id).bind(d.value)
            .bind(d.probability).bind(d.expected_close).bind(d.owner_id).bind(&d.source)
            .bind(&d.equipment_interest).bind(&d.notes).bind(&d.next_step).bind(d.next_step_due)
            .bind(reminder).bind(now)
            .execute(c).await.map(|_| ()))
    }

    /// Sets the current stage (the service appends the history row).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_opportunity_stage(
        &mut self,
        id: OpportunityId,
        stage: Stage,
        probability: i32,
        lost_reason: Option<&str>,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE crm_opportunities SET stage = $2, probability = $3, lost_reason = $4,
                updated_at = $5 WHERE id = $1")
            .bind(id).bind(stage).bind(probability).bind(lost_reason).bind(now)
            .execute(c).await.map(|_| ()))
    }

    /// The stage history of one opportunity, oldest first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn stage_history(
        &mut self,
        id: OpportunityId,
    ) -> Result<Vec<StageChangeRow>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT h.from_stage, h.to_stage, h.lost_reason, h.by_user, u.name AS by_name, h.at
             FROM crm_stage_history h JOIN users u ON u.id = h.by_user
             WHERE h.opportunity_id = $1 ORDER BY h.at, h.id")
            .bind(id).fetch_all(c).await)
    }

    /// A page of opportunities in scope matching `f`, newest change first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn opportunities(
        &mut self,
        scope: OpportunityScope,
        f: &OpportunityFilter,
        after: Option<&OpportunityCursor>,
        limit: i64,
    ) -> Result<Vec<OpportunityRow>, sqlx::Error> {
        let (all, user) = scope.binds();
        let sql = format!(
            "SELECT {COLUMNS} FROM {FROM}
             WHERE {SCOPE_SQL}
               AND ($3 IS NULL OR o.owner_id = $3)
               AND ($4 IS NULL OR o.stage = $4)
               AND ($5 IS NULL OR o.customer_id = $5)
               AND ($6 IS NULL OR o.expected_close >= $6)
               AND ($7 IS NULL OR o.expected_close <= $7)
               AND ($8 IS NULL OR o.updated_at < $8 OR (o.updated_at = $8 AND o.id < $9))
               AND ($11 IS NULL OR CAST(o.value AS NUMERIC) >= CAST($11 AS NUMERIC))
               AND ($12 IS NULL OR CAST(o.value AS NUMERIC) <= CAST($12 AS NUMERIC))
             ORDER BY o.updated_at DESC, o.id DESC LIMIT $10"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(user).bind(f.owner_id).bind(f.stage).bind(f.customer_id)
            .bind(f.close_from).bind(f.close_to).bind(after.map(|a| a.updated_at))
            .bind(after.map(|a| a.id)).bind(limit).bind(f.value_min).bind(f.value_max)
            .fetch_all(c).await)
    }

    /// Stage, value and probability of every opportunity in scope (the
    /// board's and dashboard's sums). SQLite reads them as one packed row
    /// per owner and stage (see [`super::packed`]); PostgreSQL as rows,
    /// which it sends cheaply.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn pipeline_values(
        &mut self,
        scope: OpportunityScope,
        owner: Option<UserId>,
    ) -> Result<Vec<PipelineValue>, sqlx::Error> {
        if matches!(self, Conn::Postgres(_)) {
            let (all, user) = scope.binds();
            let sql = format!(
                "SELECT o.owner_id, u.name AS owner_name, o.stage, o.value, o.probability,
                        o.created_at
                 FROM crm_opportunities o
                 JOIN customers cu ON cu.id = o.customer_id JOIN users u ON u.id = o.owner_id
                 WHERE {SCOPE_SQL} AND ($3 IS NULL OR o.owner_id = $3)"
            );
            return on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(all).bind(user).bind(owner).fetch_all(c).await);
        }
        self.pipeline_values_packed(scope, owner).await
    }

    /// SQLite only (its text columns).
    async fn pipeline_values_packed(
        &mut self,
        scope: OpportunityScope,
        owner: Option<UserId>,
    ) -> Result<Vec<PipelineValue>, sqlx::Error> {
        let (all, user) = scope.binds();
        let sql = format!(
            "SELECT o.owner_id, u.name AS owner_name, o.stage,
                    string_agg(CAST(o.value AS TEXT) || '*' || CAST(o.probability AS TEXT)
                               || '*' || o.created_at, ',') AS packed
             FROM crm_opportunities o
             JOIN customers cu ON cu.id = o.customer_id JOIN users u ON u.id = o.owner_id
             WHERE {SCOPE_SQL} AND ($3 IS NULL OR o.owner_id = $3)
             GROUP BY o.owner_id, u.name, o.stage"
        );
        let groups: Vec<PipelineGroup> = on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(user).bind(owner).fetch_all(c).await)?;
        let mut values = Vec::new();
        for g in groups {
            for item in packed::items(&g.packed, ',') {
                let [value, probability, created_at] = packed::fields::<3>(item, '*')?;
                values.push(PipelineValue {
                    owner_id: g.owner_id,
                    owner_name: g.owner_name.clone(),
                    stage: g.stage,
                    value: packed::money(value)?,
                    probability: packed::int(probability)?,
                    created_at: packed::timestamp(created_at)?,
                });
            }
        }
        Ok(values)
    }

    /// The newest `per_stage` cards of one stage in scope.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn stage_cards(
        &mut self,
        scope: OpportunityScope,
        stage: Stage,
        owner: Option<UserId>,
        per_stage: i64,
    ) -> Result<Vec<OpportunityRow>, sqlx::Error> {
        let (all, user) = scope.binds();
        let sql = format!(
            "SELECT {COLUMNS} FROM {FROM}
             WHERE {SCOPE_SQL} AND o.stage = $3 AND ($4 IS NULL OR o.owner_id = $4)
             ORDER BY o.updated_at DESC, o.id DESC LIMIT $5"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(user).bind(stage).bind(owner).bind(per_stage).fetch_all(c).await)
    }

    /// The lost reasons catalog, in its order.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn lost_reasons(&mut self) -> Result<Vec<LostReason>, sqlx::Error> {
        let rows: Vec<LostReasonRow> = on_conn!(self, c => sqlx::query_as(
            "SELECT code, name_es, name_en, active FROM crm_lost_reasons ORDER BY sort_order, code")
            .fetch_all(c).await)?;
        Ok(rows
            .into_iter()
            .map(|r| LostReason {
                code: r.code,
                name_es: r.name_es,
                name_en: r.name_en,
                active: r.active,
            })
            .collect())
    }

    /// Whether `user` is an active seller or office user (an owner).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn is_possible_owner(&mut self, user: UserId) -> Result<bool, sqlx::Error> {
        let n: i64 = on_conn!(self, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM users WHERE id = $1 AND active
               AND role IN ('master', 'admin', 'operator', 'seller')")
            .bind(user).fetch_one(c).await)?;
        Ok(n > 0)
    }

    /// Claims up to `limit` opportunities whose next step fell due and
    /// whose owner was not reminded yet (see `jobs::scheduler`).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn claim_due_next_steps(
        &mut self,
        backend: Backend,
        now: Timestamp,
        lease_until: Timestamp,
        limit: i64,
    ) -> Result<Vec<OpportunityId>, sqlx::Error> {
        let lock = match backend {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE crm_opportunities SET reminder_locked_until = $2
             WHERE id IN (SELECT id FROM crm_opportunities
                          WHERE reminder_state = 'pending' AND next_step_due <= $1
                            AND (reminder_locked_until IS NULL OR reminder_locked_until <= $1)
                          ORDER BY next_step_due LIMIT $3 {lock})
             RETURNING id"
        );
        on_conn!(self, c => sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(now).bind(lease_until).bind(limit).fetch_all(c).await)
    }

    /// Whether any next-step reminder is due (a cheap read first).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn any_next_step_due(&mut self, now: Timestamp) -> Result<bool, sqlx::Error> {
        let n: i64 = on_conn!(self, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM crm_opportunities
                                   WHERE reminder_state = 'pending' AND next_step_due <= $1
                                   LIMIT 1) d")
            .bind(now).fetch_one(c).await)?;
        Ok(n > 0)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn mark_next_step_reminded(&mut self, id: OpportunityId) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE crm_opportunities SET reminder_state = 'sent', reminder_locked_until = NULL
             WHERE id = $1")
            .bind(id).execute(c).await.map(|_| ()))
    }
}
