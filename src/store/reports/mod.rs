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

/// The customer, seller and segment filters, bound from `$n` on (in that
/// order).
pub(crate) fn customer_filter(n: usize) -> String {
    let (c, s, g) = (n, n + 1, n + 2);
    format!(
        "(${c} IS NULL OR cu.id = ${c}) AND (${s} IS NULL OR cu.owner_id = ${s})
         AND (${g} IS NULL OR cu.category = ${g})"
    )
}

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
