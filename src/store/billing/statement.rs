//! The movements of a customer's account, for the statement and its aging.
//!
//! One query reads every movement up to a day — issued invoices, voided
//! invoices, credit notes, payments (through the customer's orders) and
//! payments reversed by master — as a `UNION ALL` whose every branch starts
//! from an index on the customer (`invoices_customer`,
//! `credit_notes_customer`, `service_orders_customer` then `payments_order`),
//! so a customer with 10,000 movements is read in one indexed pass however
//! large the other customers' accounts are. The balance arithmetic is
//! `domain::billing::statement::build`.
//!
//! A reversal has no business day of its own (only `deleted_at`): its day is
//! the company-time-zone day of that instant.

use chrono::{NaiveDate, TimeZone};
use uuid::Uuid;

use super::super::{Conn, on_conn};
use crate::domain::billing::{Movement, MovementKind};
use crate::domain::{CustomerId, Money, Timestamp};

/// `$1` customer, `$2` last day, `$3` first instant after the last day.
const MOVEMENTS_SQL: &str = "
SELECT i.issue_date AS date, i.issued_at AS recorded_at, 'invoice' AS kind,
       i.id AS document_id, i.number AS number, COALESCE(o.number, '') AS reference,
       i.total AS amount
  FROM invoices i LEFT JOIN service_orders o ON o.id = i.order_id
 WHERE i.customer_id = $1 AND i.issue_date <= $2 AND i.number IS NOT NULL
UNION ALL
SELECT i.voided_on, i.voided_at, 'invoice_void', i.id, i.number, COALESCE(i.void_reason, ''),
       i.total
  FROM invoices i
 WHERE i.customer_id = $1 AND i.voided_on IS NOT NULL AND i.voided_on <= $2
UNION ALL
SELECT n.issue_date, n.created_at, 'credit_note', n.id, n.number, COALESCE(i.number, ''),
       n.total
  FROM credit_notes n JOIN invoices i ON i.id = n.invoice_id
 WHERE n.customer_id = $1 AND n.issue_date <= $2
UNION ALL
SELECT p.paid_on, p.created_at, 'payment', p.id, p.number, o.number, p.amount
  FROM service_orders o JOIN payments p ON p.order_id = o.id
 WHERE o.customer_id = $1 AND p.paid_on <= $2
UNION ALL
SELECT NULL, p.deleted_at, 'payment_reversal', p.id, p.number, o.number, p.amount
  FROM service_orders o JOIN payments p ON p.order_id = o.id
 WHERE o.customer_id = $1 AND p.deleted_at IS NOT NULL AND p.deleted_at < $3";

#[derive(sqlx::FromRow)]
struct MovementRow {
    date: Option<NaiveDate>,
    recorded_at: Timestamp,
    kind: MovementKind,
    document_id: Uuid,
    number: String,
    reference: String,
    amount: Money,
}

/// The first instant after `day` in `tz`.
fn end_of(day: NaiveDate, tz: chrono_tz::Tz) -> Timestamp {
    let next = day
        .succ_opt()
        .unwrap_or(day)
        .and_time(chrono::NaiveTime::MIN);
    let local = tz
        .from_local_datetime(&next)
        .earliest()
        // A midnight skipped by a DST change: the instant as if it were UTC.
        .map_or_else(|| next.and_utc(), |t| t.with_timezone(&chrono::Utc));
    Timestamp::from(local)
}

impl Conn {
    /// Every movement of the customer's account up to and including day
    /// `to` (in `tz`, the company's time zone), in no particular order.
    #[tracing::instrument(skip_all)]
    pub async fn account_movements(
        &mut self,
        customer: CustomerId,
        to: NaiveDate,
        tz: chrono_tz::Tz,
    ) -> Result<Vec<Movement>, sqlx::Error> {
        let until = end_of(to, tz);
        let rows: Vec<MovementRow> = on_conn!(self, c => sqlx::query_as(MOVEMENTS_SQL)
            .bind(customer).bind(to).bind(until).fetch_all(c).await)?;
        Ok(rows
            .into_iter()
            .map(|r| Movement {
                date: r
                    .date
                    .unwrap_or_else(|| r.recorded_at.as_datetime().with_timezone(&tz).date_naive()),
                recorded_at: r.recorded_at,
                kind: r.kind,
                document_id: r.document_id,
                number: r.number,
                reference: r.reference,
                amount: r.amount,
            })
            .collect())
    }

    /// The query plan of [`Conn::account_movements`], one line per step
    /// (`EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN` on PostgreSQL): the store
    /// test checks that every branch uses an index.
    #[tracing::instrument(skip_all)]
    pub async fn account_movements_plan(
        &mut self,
        customer: CustomerId,
        to: NaiveDate,
    ) -> Result<Vec<String>, sqlx::Error> {
        let until = end_of(to, chrono_tz::UTC);
        match self {
            Conn::Sqlite(h) => {
                let sql = format!("EXPLAIN QUERY PLAN {MOVEMENTS_SQL}");
                let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(customer)
                    .bind(to)
                    .bind(until)
                    .fetch_all(h.conn())
                    .await?;
                Ok(rows.into_iter().map(|r| r.3).collect())
            }
            Conn::Postgres(h) => {
                // Test tables are small enough that PostgreSQL would rather
                // scan them whole; with sequential scans off the plan shows
                // what it does with tables of real size.
                sqlx::query("SET enable_seqscan = off")
                    .execute(h.conn())
                    .await?;
                let sql = format!("EXPLAIN {MOVEMENTS_SQL}");
                let plan = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                    .bind(customer)
                    .bind(to)
                    .bind(until)
                    .fetch_all(h.conn())
                    .await;
                sqlx::query("RESET enable_seqscan")
                    .execute(h.conn())
                    .await?;
                plan
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_ends_at_the_next_local_midnight() {
        let day = NaiveDate::from_ymd_opt(2025, 3, 10).unwrap();
        let caracas: chrono_tz::Tz = "America/Caracas".parse().unwrap();
        assert_eq!(
            end_of(day, caracas).as_datetime().to_rfc3339(),
            "2025-03-11T04:00:00+00:00"
        );
        assert_eq!(
            end_of(day, chrono_tz::UTC).as_datetime().to_rfc3339(),
            "2025-03-11T00:00:00+00:00"
        );
    }
}
