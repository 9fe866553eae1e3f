//! Management reports (issue 17): the grouped reads behind them, one file
//! per report. Every read sums or counts in SQL where the figure can be
//! exact on both databases; what SQLite keeps only as decimal text is read
//! and summed in Rust with `rust_decimal`.

mod operations;
mod parts;
mod quality;
mod records;
mod revenue;
mod sales;

pub use operations::*;
pub use parts::*;
pub use quality::*;
pub use records::*;
pub use revenue::*;
pub use sales::*;

use crate::domain::{CustomerId, UserId};

/// The customer, seller and segment filters of a report. Only the filters
/// given are written into the SQL (and bound, in this order, with
/// [`bind_customer_filters!`]): PostgreSQL then plans each read for its
/// real filters instead of a generic plan over `$n IS NULL OR …`.
#[derive(Debug, Clone, Default)]
pub struct CustomerFilters {
    pub customer_id: Option<CustomerId>,
    /// Only customers this seller owns.
    pub seller_id: Option<UserId>,
    /// Only customers of this category (segment).
    pub category: Option<String>,
}

impl CustomerFilters {
    /// ` AND …` conditions on `cu` (the customers table) for the filters
    /// given, numbered from `$first`; and the next free number.
    pub fn sql(&self, first: usize) -> (String, usize) {
        let mut sql = String::new();
        let mut n = first;
        if self.customer_id.is_some() {
            sql.push_str(&format!(" AND cu.id = ${n}"));
            n += 1;
        }
        if self.seller_id.is_some() {
            sql.push_str(&format!(" AND cu.owner_id = ${n}"));
            n += 1;
        }
        if self.category.is_some() {
            sql.push_str(&format!(" AND cu.category = ${n}"));
            n += 1;
        }
        (sql, n)
    }
}

/// Binds the filters [`CustomerFilters::sql`] wrote, in its order.
macro_rules! bind_customer_filters {
    ($q:expr, $f:expr) => {{
        let mut q = $q;
        if let Some(v) = $f.customer_id {
            q = q.bind(v);
        }
        if let Some(v) = $f.seller_id {
            q = q.bind(v);
        }
        if let Some(v) = $f.category.clone() {
            q = q.bind(v);
        }
        q
    }};
}
pub(crate) use bind_customer_filters;

// --- one snapshot for a report's reads --------------------------------------

// Paths spelled out (no `use`): this block stays independent of the
// imports above.
impl crate::store::Store {
    /// A read-only transaction for the reads of one report: drop it when
    /// done (there is nothing to commit).
    ///
    /// - Every read sees the same snapshot, so a document written while
    ///   the report runs counts in all of its figures or in none (its
    ///   periods, customers and totals add up). PostgreSQL: `REPEATABLE
    ///   READ, READ ONLY`; SQLite: a deferred `BEGIN`, whose first read
    ///   fixes the snapshot (WAL) — unlike `Store::begin` it takes no write
    ///   lock, so writers do not wait for a report.
    /// - PostgreSQL plans every statement for its real parameters
    ///   (`SET LOCAL plan_cache_mode = force_custom_plan`): after five
    ///   runs of a prepared statement it would otherwise settle on a
    ///   generic plan, blind to how many days a range covers.
    ///
    /// Read the company settings before (their first read may write).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_snapshot(&self) -> Result<crate::store::Conn, sqlx::Error> {
        use crate::store::{Conn, Handle, Pool};
        Ok(match &self.pool {
            Pool::Sqlite(p) => Conn::Sqlite(Handle::Tx(p.begin_with("BEGIN").await?)),
            Pool::Postgres(p) => {
                let mut tx = p
                    .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    .await?;
                sqlx::query("SET LOCAL plan_cache_mode = force_custom_plan")
                    .execute(&mut *tx)
                    .await?;
                Conn::Postgres(Handle::Tx(tx))
            }
        })
    }
}
