//! The invoice search: "por cliente, estado o fecha de inicio", and by due
//! date, number, amount and overdue. The caller's scope is applied in SQL
//! (a seller sees their own customers' invoices, a contact their company's,
//! drafts only the office).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Invoice, billing_scope};
use crate::domain::billing::InvoiceState;
use crate::domain::billing::policy::is_office;
use crate::domain::money::currency_scale;
use crate::domain::{CustomerId, InvoiceId, Money, OrderId, Timestamp};
use crate::error::{AppError, AppResult};
use crate::services::{Principal, Services, decode_cursor, next_page, today_in};
use crate::store::billing::invoices::{InvoiceCursor, InvoiceFilter};
use crate::store::billing::minor_units;

/// What to search for (every field optional).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct InvoiceSearch {
    pub customer_id: Option<CustomerId>,
    pub order_id: Option<OrderId>,
    pub state: Option<InvoiceState>,
    /// Issued on or after this day.
    pub issued_from: Option<NaiveDate>,
    /// Issued on or before this day.
    pub issued_to: Option<NaiveDate>,
    pub due_from: Option<NaiveDate>,
    pub due_to: Option<NaiveDate>,
    /// Total at least this much.
    pub amount_min: Option<Money>,
    /// Total at most this much.
    pub amount_max: Option<Money>,
    /// Only open invoices past their due date.
    pub overdue: Option<bool>,
    /// The invoice's or order's number, or the customer (name, tax id).
    pub q: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct InvoicePage {
    pub items: Vec<Invoice>,
    /// Pass as `cursor` for the next page; absent on the last one.
    pub next_cursor: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Position {
    created_at: Timestamp,
    id: InvoiceId,
}

impl Services {
    /// One page of the search, newest first.
    pub async fn search_invoices(
        &self,
        who: &Principal,
        search: InvoiceSearch,
        cursor: Option<&str>,
        limit: i64,
    ) -> AppResult<InvoicePage> {
        let scope = billing_scope(who)?;
        let after: Option<Position> = cursor.map(decode_cursor).transpose()?;
        let limit = limit.clamp(1, 500);
        for (from, to, field) in [
            (search.issued_from, search.issued_to, "issued_to"),
            (search.due_from, search.due_to, "due_to"),
        ] {
            if let (Some(from), Some(to)) = (from, to)
                && to < from
            {
                return Err(AppError::validation(
                    field,
                    "the range ends before it starts",
                ));
            }
        }
        let settings = self.company_settings().await?;
        let scale = currency_scale(&settings.currency);
        let minor = |m: Option<Money>, field: &'static str| -> AppResult<Option<i64>> {
            m.map(|m| {
                minor_units(m, scale)
                    .filter(|_| m.0 >= rust_decimal::Decimal::ZERO)
                    .ok_or_else(|| AppError::validation(field, "not a valid amount"))
            })
            .transpose()
        };
        let mut filter = InvoiceFilter::new(scope);
        filter.include_drafts = is_office(who.user.role);
        filter.customer_id = search.customer_id;
        filter.order_id = search.order_id;
        filter.state = search.state;
        filter.issued_from = search.issued_from;
        filter.issued_to = search.issued_to;
        filter.due_from = search.due_from;
        filter.due_to = search.due_to;
        filter.total_min_minor = minor(search.amount_min, "amount_min")?;
        filter.total_max_minor = minor(search.amount_max, "amount_max")?;
        filter.overdue_on = search
            .overdue
            .unwrap_or(false)
            .then(|| today_in(&settings.time_zone));
        filter.q = search
            .q
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(|q| q.chars().take(100).collect());
        let after = after.map(|p| InvoiceCursor {
            created_at: p.created_at,
            id: p.id,
        });
        let mut items = self
            .store
            .conn()
            .await?
            .invoices_page(&filter, after.as_ref(), limit + 1)
            .await?;
        let next_cursor = next_page(&mut items, limit, |i| Position {
            created_at: i.created_at,
            id: i.id,
        });
        Ok(InvoicePage {
            items: items.into_iter().map(Into::into).collect(),
            next_cursor,
        })
    }
}
