//! What a report's drill-down shows of the records behind a figure: their
//! numbers and titles, read for one page of ids at a time.

use crate::domain::{
    CustomerId, OpportunityId, OrderId, PurchaseOrderId, SupplierId, TicketId, Timestamp,
};
use crate::store::{Conn, on_conn};

/// A record's number and title.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RecordLabel<Id> {
    pub id: Id,
    pub number: String,
    pub title: String,
}

/// A purchase order of a supplier, for its figures' drill-down.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SupplierOrderRow {
    pub id: PurchaseOrderId,
    pub number: String,
    pub state: String,
    pub created_at: Timestamp,
}

/// `$1, $2, …, $n`.
fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

macro_rules! labels {
    ($name:ident, $id:ty, $sql:literal) => {
        /// The labels of these records (at most a page of them).
        #[tracing::instrument(level = "debug", skip_all)]
        pub async fn $name(&mut self, ids: &[$id]) -> Result<Vec<RecordLabel<$id>>, sqlx::Error> {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let sql = format!($sql, placeholders(ids.len()));
            on_conn!(self, c => {
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
                for id in ids {
                    q = q.bind(*id);
                }
                q.fetch_all(c).await
            })
        }
    };
}

impl Conn {
    labels!(
        order_labels,
        OrderId,
        "SELECT o.id, o.number, cu.name || ' · ' || o.reason AS title
         FROM service_orders o JOIN customers cu ON cu.id = o.customer_id WHERE o.id IN ({})"
    );
    labels!(
        ticket_labels,
        TicketId,
        "SELECT t.id, t.number, cu.name || ' · ' || t.subject AS title
         FROM tickets t JOIN customers cu ON cu.id = t.customer_id WHERE t.id IN ({})"
    );
    labels!(
        opportunity_labels,
        OpportunityId,
        "SELECT o.id, cu.name AS number, o.title
         FROM crm_opportunities o JOIN customers cu ON cu.id = o.customer_id WHERE o.id IN ({})"
    );
    labels!(
        customer_labels,
        CustomerId,
        "SELECT cu.id, cu.tax_id AS number, cu.name AS title FROM customers cu WHERE cu.id IN ({})"
    );

    /// A supplier's purchase orders created or sent in `[start, end)`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_supplier_orders(
        &mut self,
        supplier: SupplierId,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<Vec<SupplierOrderRow>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT id, number, state, created_at FROM purchase_orders
             WHERE supplier_id = $1 AND ((created_at >= $2 AND created_at < $3)
                                         OR (sent_at >= $2 AND sent_at < $3))
             ORDER BY created_at DESC, id DESC")
            .bind(supplier).bind(start).bind(end).fetch_all(c).await)
    }
}
