//! Drill-down: the records behind a report's figure (issue 17: "every
//! figure drills down to the list of records that make it").
//!
//! Each report says which of its records make a figure with the same
//! reads and the same rules that computed the figure — so the list and
//! the number cannot disagree — and this module pages them (newest first)
//! and names them (number and title) one page at a time.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::inventory::StockQty;
use crate::domain::{CustomerId, Money, OpportunityId, OrderId, TicketId, Timestamp};
use crate::error::{AppError, AppResult};
use crate::services::{decode_cursor, encode_cursor};
use crate::store::Conn;

crate::text_enum! {
    /// What a drill-down record is, and so which page opens it.
    RecordKind {
        Order,
        Ticket,
        Opportunity,
        Item,
        PurchaseOrder,
        Customer,
    }
}

/// One record behind a figure.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct ReportRecord {
    pub kind: RecordKind,
    /// The id of what opens (the order, the ticket, the item…).
    #[ts(type = "string")]
    pub id: Uuid,
    /// Its number (an order's, a ticket's, an item's SKU…).
    pub number: String,
    pub title: String,
    /// When it counted for the figure.
    pub at: Timestamp,
    pub amount: Option<Money>,
    pub quantity: Option<StockQty>,
}

/// A page of the records behind a figure.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct ReportRecords {
    pub items: Vec<ReportRecord>,
    /// Records in all (every page).
    pub total: i64,
    pub next_cursor: Option<String>,
}

/// Which part of a figure to list, besides the report's filters.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct RecordsQuery {
    /// First day of the period clicked (default: the report's `from`).
    pub start: Option<NaiveDate>,
    /// Last day of the period clicked (default: the report's `to`).
    pub end: Option<NaiveDate>,
    /// The group clicked: a technician's or seller's id, a status label,
    /// an item or supplier id, a stage, a segment…
    #[param(max_length = 200)]
    pub key: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<i64>,
}

impl RecordsQuery {
    /// The group key, refused (422 naming `key`) when absent or blank.
    pub fn key(&self) -> AppResult<&str> {
        match self.key.as_deref().map(str::trim) {
            Some(k) if !k.is_empty() && k.chars().count() <= 200 => Ok(k),
            _ => Err(AppError::validation(
                "key",
                "this figure needs the group clicked",
            )),
        }
    }

    /// The group key as an id (422 naming `key` otherwise).
    pub fn key_id<T: std::str::FromStr>(&self) -> AppResult<T> {
        self.key()?
            .parse::<T>()
            .map_err(|_| AppError::validation("key", "this figure's group is an id"))
    }

    /// The clicked period, within the report's range.
    pub fn days(&self, from: NaiveDate, to: NaiveDate) -> AppResult<(NaiveDate, NaiveDate)> {
        let start = self.start.unwrap_or(from).max(from);
        let end = self.end.unwrap_or(to).min(to);
        if self.key.as_deref().is_some_and(|k| k.chars().count() > 200) {
            return Err(AppError::validation(
                "key",
                "a group of up to 200 characters",
            ));
        }
        Ok((start, end))
    }
}

/// A record found, before it is named.
#[derive(Debug, Clone)]
pub enum Found {
    Order(OrderId),
    Ticket(TicketId),
    Opportunity(OpportunityId),
    Customer(CustomerId),
    /// Records the report already names (items, purchase orders).
    Named {
        kind: RecordKind,
        id: Uuid,
        number: String,
        title: String,
    },
}

/// One record behind a figure, with what it counted.
#[derive(Debug, Clone)]
pub struct Entry {
    pub found: Found,
    pub at: Timestamp,
    pub amount: Option<Money>,
    pub quantity: Option<StockQty>,
}

impl Entry {
    pub fn new(found: Found, at: Timestamp) -> Entry {
        Entry {
            found,
            at,
            amount: None,
            quantity: None,
        }
    }
}

/// The page a query asks for: how many records to skip (its cursor) and
/// how many to list.
pub fn window(q: &RecordsQuery) -> AppResult<(usize, usize)> {
    let offset: usize = match q.cursor.as_deref() {
        Some(c) => decode_cursor(c)?,
        None => 0,
    };
    Ok((offset, q.limit.unwrap_or(50).clamp(1, 200) as usize))
}

/// Pages `entries` (newest first) and names the page's records.
pub async fn page(
    conn: &mut Conn,
    mut entries: Vec<Entry>,
    q: &RecordsQuery,
) -> AppResult<ReportRecords> {
    let (offset, limit) = window(q)?;
    entries.sort_by(|a, b| b.at.cmp(&a.at));
    let total = entries.len() as i64;
    let rest = entries.split_off(offset.min(entries.len()));
    paged(conn, rest, total, offset, limit).await
}

/// Names a page already cut where the records are read (newest first,
/// from `offset`, at most `limit + 1` of them: one more tells whether a
/// next page exists), of `total` in all.
pub async fn paged(
    conn: &mut Conn,
    rest: Vec<Entry>,
    total: i64,
    offset: usize,
    limit: usize,
) -> AppResult<ReportRecords> {
    let next_cursor = (rest.len() > limit).then(|| encode_cursor(&(offset + limit)));
    let page: Vec<Entry> = rest.into_iter().take(limit).collect();

    let (mut orders, mut tickets, mut opportunities, mut customers) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for e in &page {
        match &e.found {
            Found::Order(id) => orders.push(*id),
            Found::Ticket(id) => tickets.push(*id),
            Found::Opportunity(id) => opportunities.push(*id),
            Found::Customer(id) => customers.push(*id),
            Found::Named { .. } => {}
        }
    }
    orders.sort();
    orders.dedup();
    tickets.sort();
    tickets.dedup();
    opportunities.sort();
    opportunities.dedup();
    customers.sort();
    customers.dedup();
    let mut names: HashMap<Uuid, (String, String)> = HashMap::new();
    for l in conn.order_labels(&orders).await? {
        names.insert(l.id.0, (l.number, l.title));
    }
    for l in conn.ticket_labels(&tickets).await? {
        names.insert(l.id.0, (l.number, l.title));
    }
    for l in conn.opportunity_labels(&opportunities).await? {
        names.insert(l.id.0, (l.number, l.title));
    }
    for l in conn.customer_labels(&customers).await? {
        names.insert(l.id.0, (l.number, l.title));
    }
    let items = page
        .into_iter()
        .map(|e| {
            let (kind, id, label) = match e.found {
                Found::Order(id) => (RecordKind::Order, id.0, None),
                Found::Ticket(id) => (RecordKind::Ticket, id.0, None),
                Found::Opportunity(id) => (RecordKind::Opportunity, id.0, None),
                Found::Customer(id) => (RecordKind::Customer, id.0, None),
                Found::Named {
                    kind,
                    id,
                    number,
                    title,
                } => (kind, id, Some((number, title))),
            };
            let (number, title) = label
                .or_else(|| names.get(&id).cloned())
                .unwrap_or_default();
            ReportRecord {
                kind,
                id,
                number,
                title,
                at: e.at,
                amount: e.amount,
                quantity: e.quantity,
            }
        })
        .collect();
    Ok(ReportRecords {
        items,
        total,
        next_cursor,
    })
}
