//! The sales report's reads: the opportunities created in a range (the
//! cohort every sales figure is about) and their stage history.

use super::{CustomerFilters, bind_customer_filters};
use crate::domain::crm::Stage;
use crate::domain::{Money, OpportunityId, Timestamp, UserId};
use crate::store::{Conn, on_conn};

/// Opportunities created in `[start, end)`.
#[derive(Debug, Clone)]
pub struct SalesScope {
    pub start: Timestamp,
    pub end: Timestamp,
    /// A seller's scope: the opportunities they own and those of the
    /// customers they own.
    pub visible_to: Option<UserId>,
    /// Only this owner's opportunities.
    pub owner_id: Option<UserId>,
    /// Customer and segment (its `seller_id` is not used: the seller of an
    /// opportunity is its owner).
    pub customers: CustomerFilters,
}

/// One opportunity of the cohort.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CohortOpportunity {
    pub id: OpportunityId,
    pub owner_id: UserId,
    pub owner_name: String,
    pub created_at: Timestamp,
    pub stage: Stage,
    pub value: Money,
    pub probability: i32,
}

/// One stage the cohort's opportunities entered.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CohortStage {
    pub opportunity_id: OpportunityId,
    pub to_stage: Stage,
    pub at: Timestamp,
}

impl SalesScope {
    /// The WHERE of the cohort (`o` the opportunity, `cu` its customer),
    /// and its binds after `$1`, `$2` (the range) in [`Self::bind`]'s order.
    fn sql(&self) -> String {
        let mut sql = String::from("o.created_at >= $1 AND o.created_at < $2");
        let mut n = 3;
        if self.visible_to.is_some() {
            sql.push_str(&format!(" AND (o.owner_id = ${n} OR cu.owner_id = ${n})"));
            n += 1;
        }
        if self.owner_id.is_some() {
            sql.push_str(&format!(" AND o.owner_id = ${n}"));
            n += 1;
        }
        let customers = CustomerFilters {
            seller_id: None,
            ..self.customers.clone()
        };
        sql.push_str(&customers.sql(n).0);
        sql
    }
}

macro_rules! bind_sales_scope {
    ($q:expr, $s:expr) => {{
        let mut q = $q.bind($s.start).bind($s.end);
        if let Some(v) = $s.visible_to {
            q = q.bind(v);
        }
        if let Some(v) = $s.owner_id {
            q = q.bind(v);
        }
        let customers = CustomerFilters {
            seller_id: None,
            ..$s.customers.clone()
        };
        bind_customer_filters!(q, customers)
    }};
}

impl Conn {
    /// The opportunities created in the range.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_cohort(
        &mut self,
        s: &SalesScope,
    ) -> Result<Vec<CohortOpportunity>, sqlx::Error> {
        let sql = format!(
            "SELECT o.id, o.owner_id, u.name AS owner_name, o.created_at, o.stage, o.value,
                    o.probability
             FROM crm_opportunities o JOIN customers cu ON cu.id = o.customer_id
                  JOIN users u ON u.id = o.owner_id
             WHERE {}",
            s.sql()
        );
        on_conn!(self, c => bind_sales_scope!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), s)
            .fetch_all(c).await)
    }

    /// Their stage history, each opportunity's in time order.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_cohort_history(
        &mut self,
        s: &SalesScope,
    ) -> Result<Vec<CohortStage>, sqlx::Error> {
        let sql = format!(
            "SELECT h.opportunity_id, h.to_stage, h.at
             FROM crm_stage_history h JOIN crm_opportunities o ON o.id = h.opportunity_id
                  JOIN customers cu ON cu.id = o.customer_id
             WHERE {}
             ORDER BY h.opportunity_id, h.at, h.id",
            s.sql()
        );
        on_conn!(self, c => bind_sales_scope!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), s)
            .fetch_all(c).await)
    }
}
