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

    /// The join of the customers on `customer_id` (a column of the table
    /// read) and the conditions of [`Self::sql`], numbered from `$first`;
    /// no join without a filter (every row counts); and the next free
    /// number.
    pub fn joined(&self, customer_id: &str, first: usize) -> (String, String, usize) {
        let (sql, next) = self.sql(first);
        let join = if sql.is_empty() {
            String::new()
        } else {
            format!(" JOIN customers cu ON cu.id = {customer_id}")
        };
        (join, sql, next)
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

/// Binds the filters of a scope with `customers` and `technician_id` (the
/// operations and quality scopes): the customer filters, then the
/// technician, in the order their reads write them.
macro_rules! bind_scope_filters {
    ($q:expr, $s:expr) => {{
        let mut q = crate::store::reports::bind_customer_filters!($q, $s.customers);
        if let Some(v) = $s.technician_id {
            q = q.bind(v);
        }
        q
    }};
}
pub(crate) use bind_scope_filters;

/// Binds a scope's range (`$1`, `$2`), then its filters
/// ([`bind_scope_filters!`]).
macro_rules! bind_scope {
    ($q:expr, $s:expr) => {
        crate::store::reports::bind_scope_filters!($q.bind($s.start).bind($s.end), $s)
    };
}
pub(crate) use bind_scope;

// --- periods in SQL ---------------------------------------------------------

/// A report's periods as instants `[start, end)`, in order, contiguous.
pub type PeriodBounds = [(crate::domain::Timestamp, crate::domain::Timestamp)];

/// The periods as a table `p` to join a range on: `p.column1` is the
/// period's index, `p.column2` its start and `p.column3` its end (both
/// backends name a `VALUES` table's columns so), bound from `$first` in
/// order with [`bind_periods!`]; and the next free number.
///
/// Joined with `p CROSS JOIN t INDEXED BY … WHERE t.at >= p.column2 AND
/// t.at < p.column3`, each period is a range of an index on `t.at` (name
/// it with [`sqlite_index`]: SQLite 3.51 otherwise builds an automatic
/// index of the whole table for every call — 2.6 s instead of 43 ms for a
/// million stock moves): a report
/// groups by its periods in SQL (their days are the company's, which
/// SQLite cannot compute) and reads a row per period instead of a row per
/// record.
pub fn periods_sql(bounds: &PeriodBounds, first: usize) -> (String, usize) {
    let mut n = first;
    let rows: Vec<String> = (0..bounds.len())
        .map(|i| {
            let row = format!("({i}, ${n}, ${})", n + 1);
            n += 2;
            row
        })
        .collect();
    (format!("(VALUES {}) AS p", rows.join(", ")), n)
}

/// Binds the periods [`periods_sql`] wrote.
macro_rules! bind_periods {
    ($q:expr, $bounds:expr) => {{
        let mut q = $q;
        for (start, end) in $bounds.iter() {
            q = q.bind(*start).bind(*end);
        }
        q
    }};
}
pub(crate) use bind_periods;

/// Whole seconds from `from` to `to` (two timestamp columns) in SQL, the
/// same on both backends: each instant truncated to its second.
pub(crate) fn seconds_between(conn: &crate::store::Conn, from: &str, to: &str) -> String {
    match conn {
        crate::store::Conn::Sqlite(_) => format!("(unixepoch({to}) - unixepoch({from}))"),
        crate::store::Conn::Postgres(_) => {
            format!("(floor(EXTRACT(EPOCH FROM {to})) - floor(EXTRACT(EPOCH FROM {from})))::BIGINT")
        }
    }
}

/// ` INDEXED BY <index>` on SQLite, nothing on PostgreSQL: which index to
/// read a table by where SQLite, without statistics (the server never runs
/// `ANALYZE`), would take another and sort what the named one gives in
/// order. PostgreSQL plans from its statistics.
pub(crate) fn sqlite_index(conn: &crate::store::Conn, index: &str) -> String {
    match conn {
        crate::store::Conn::Sqlite(_) => format!(" INDEXED BY {index}"),
        crate::store::Conn::Postgres(_) => String::new(),
    }
}

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
