//! The revenue report's reads. Every amount is summed in SQL over its
//! integer copy — `total_minor` of invoices and credit notes (minor units
//! of the currency), `amount_cents` of payments and the `lines_*_cents` an
//! invoice keeps of its lines by kind (hundredths, migration 0031) — so
//! the sums are exact and the same on both databases, and a read returns
//! one row per day or per customer, never one per document: three years
//! are a few thousand rows whatever the volume.
//!
//! Only the filters given are written into the SQL (`CustomerFilters`),
//! and the customers table is joined only when one is: the unfiltered
//! reads run on the covering indexes of migration 0031 alone.

use chrono::NaiveDate;
use strum::IntoEnumIterator;

use super::{CustomerFilters, bind_customer_filters};
use crate::domain::CustomerId;
use crate::domain::UserId;
use crate::domain::billing::lines::LineKind;
use crate::store::{Conn, on_conn};

/// What every revenue read is limited to.
#[derive(Debug, Clone)]
pub struct RevenueScope {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Only documents in this currency (the company's).
    pub currency: String,
    /// The customer, seller and segment filters.
    pub customers: CustomerFilters,
}

/// The figures a revenue read sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevenueSource {
    /// Issued invoices (not drafts, not voided) by issue day; minor units
    /// of the currency.
    Invoiced,
    /// Credit notes by issue day; minor units of the currency.
    Credited,
    /// Payments received (not deleted) by their day, whatever invoice
    /// they settle; in hundredths (see [`RevenueSource::scale`]).
    Collected,
}

impl RevenueSource {
    /// The decimals of the sums: `None`, the currency's; `Some(2)` for
    /// payments, whose `amount_cents` are hundredths whatever the currency.
    pub fn scale(self) -> Option<u32> {
        match self {
            RevenueSource::Invoiced | RevenueSource::Credited => None,
            RevenueSource::Collected => Some(2),
        }
    }

    /// The SQL of a read: the tables (customers joined as `cu` when
    /// `filtered`), the day, customer and amount expressions, the range
    /// conditions (`$1`, `$2`, and `$3` the currency) and the first free
    /// parameter.
    fn sql(self, filtered: bool) -> SourceSql {
        match self {
            RevenueSource::Invoiced => SourceSql {
                from: if filtered {
                    "invoices x JOIN customers cu ON cu.id = x.customer_id"
                } else {
                    "invoices x"
                },
                day: "x.issue_date",
                customer: "x.customer_id",
                amount: "x.total_minor",
                conditions: "x.issue_date >= $1 AND x.issue_date <= $2 AND x.currency = $3
                             AND x.state IN ('issued', 'partially_paid', 'paid')",
                next: 4,
            },
            RevenueSource::Credited => SourceSql {
                from: if filtered {
                    "credit_notes x JOIN customers cu ON cu.id = x.customer_id"
                } else {
                    "credit_notes x"
                },
                day: "x.issue_date",
                customer: "x.customer_id",
                amount: "x.total_minor",
                conditions: "x.issue_date >= $1 AND x.issue_date <= $2 AND x.currency = $3",
                next: 4,
            },
            // Payments are in the company's currency: no currency filter.
            RevenueSource::Collected => SourceSql {
                from: if filtered {
                    "payments x JOIN service_orders o ON o.id = x.order_id
                     JOIN customers cu ON cu.id = o.customer_id"
                } else {
                    "payments x JOIN service_orders o ON o.id = x.order_id"
                },
                day: "x.paid_on",
                customer: "o.customer_id",
                amount: "x.amount_cents",
                conditions: "x.paid_on >= $1 AND x.paid_on <= $2 AND x.deleted_at IS NULL",
                next: 3,
            },
        }
    }
}

struct SourceSql {
    from: &'static str,
    day: &'static str,
    customer: &'static str,
    amount: &'static str,
    conditions: &'static str,
    next: usize,
}

/// A source's sum and count over one day.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DaySum {
    pub day: NaiveDate,
    pub minor: i64,
    /// Documents (invoices, credit notes, payments) summed.
    pub documents: i64,
}

/// A source's sum and count for one customer over the range.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CustomerSum {
    pub customer_id: CustomerId,
    pub minor: i64,
    pub documents: i64,
}

/// The invoiced lines of one kind over the range, in hundredths.
#[derive(Debug, Clone)]
pub struct KindSum {
    pub kind: LineKind,
    pub cents: i64,
}

/// A customer as the reports name and group it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportCustomer {
    pub id: CustomerId,
    pub name: String,
    pub category: String,
    pub owner_id: Option<UserId>,
    pub owner_name: Option<String>,
}

/// Binds the range (and the currency where the source has one), then the
/// filters given.
macro_rules! bind_scope {
    ($q:expr, $s:expr, $source:expr) => {{
        let q = $q.bind($s.from).bind($s.to);
        let q = match $source {
            RevenueSource::Collected => q,
            RevenueSource::Invoiced | RevenueSource::Credited => q.bind($s.currency.clone()),
        };
        bind_customer_filters!(q, $s.customers)
    }};
}

fn filtered(s: &RevenueScope) -> bool {
    let f = &s.customers;
    f.customer_id.is_some() || f.seller_id.is_some() || f.category.is_some()
}

impl Conn {
    /// A source's sums by day over the range (days without any left out).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_revenue_by_day(
        &mut self,
        s: &RevenueScope,
        source: RevenueSource,
    ) -> Result<Vec<DaySum>, sqlx::Error> {
        let q = source.sql(filtered(s));
        let (filters, _) = s.customers.sql(q.next);
        // Payments by day need no order unless a filter names the customer.
        let from = match (source, filtered(s)) {
            (RevenueSource::Collected, false) => "payments x",
            _ => q.from,
        };
        let sql = format!(
            "SELECT {day} AS day, CAST(SUM({amount}) AS BIGINT) AS minor, COUNT(*) AS documents
             FROM {from}
             WHERE {conditions}{filters}
             GROUP BY {day}",
            day = q.day,
            amount = q.amount,
            conditions = q.conditions,
        );
        on_conn!(self, c => bind_scope!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), s, source)
            .fetch_all(c).await)
    }

    /// A source's sums by customer over the whole range.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_revenue_by_customer(
        &mut self,
        s: &RevenueScope,
        source: RevenueSource,
    ) -> Result<Vec<CustomerSum>, sqlx::Error> {
        let q = source.sql(filtered(s));
        let (filters, _) = s.customers.sql(q.next);
        let sql = format!(
            "SELECT {customer} AS customer_id, CAST(SUM({amount}) AS BIGINT) AS minor,
                    COUNT(*) AS documents
             FROM {from}
             WHERE {conditions}{filters}
             GROUP BY {customer}",
            customer = q.customer,
            amount = q.amount,
            from = q.from,
            conditions = q.conditions,
        );
        on_conn!(self, c => bind_scope!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), s, source)
            .fetch_all(c).await)
    }

    /// The lines of the invoices [`RevenueSource::Invoiced`] counts, summed
    /// by kind (before any discount on the whole invoice) from the sums
    /// each invoice keeps (`lines_*_cents`, in hundredths); a kind no
    /// invoice has a line of is left out.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_invoiced_by_kind(
        &mut self,
        s: &RevenueScope,
    ) -> Result<Vec<KindSum>, sqlx::Error> {
        let source = RevenueSource::Invoiced;
        let q = source.sql(filtered(s));
        let (filters, _) = s.customers.sql(q.next);
        let sql = format!(
            "SELECT CAST(SUM(x.lines_service_cents) AS BIGINT),
                    CAST(SUM(x.lines_part_cents) AS BIGINT)
             FROM {from}
             WHERE {conditions}{filters}",
            from = q.from,
            conditions = q.conditions,
        );
        let (service, part): (Option<i64>, Option<i64>) = on_conn!(self, c =>
            bind_scope!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), s, source)
                .fetch_one(c).await)?;
        Ok(LineKind::iter()
            .filter_map(|kind| {
                let cents = match kind {
                    LineKind::Service => service,
                    LineKind::Part => part,
                };
                cents.map(|cents| KindSum { kind, cents })
            })
            .collect())
    }

    /// The customers a revenue report may name.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_customers(
        &mut self,
        s: &RevenueScope,
    ) -> Result<Vec<ReportCustomer>, sqlx::Error> {
        let (filters, _) = s.customers.sql(1);
        let sql = format!(
            "SELECT cu.id, cu.name, cu.category, cu.owner_id, u.name AS owner_name
             FROM customers cu LEFT JOIN users u ON u.id = cu.owner_id
             WHERE 1 = 1{filters}"
        );
        on_conn!(self, c => bind_customer_filters!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), s.customers)
            .fetch_all(c).await)
    }
}
