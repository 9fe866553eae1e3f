//! The parts used on an order: add, edit, remove, and the parts view with
//! totals and warranty ends.
//!
//! Editing and deleting keep history: the previous version goes to
//! `order_revisions` in the same transaction, the row is stamped with who
//! edited it, and deleting is soft — a deleted part stays on the order for
//! staff ("eliminado por … el …") and stops counting in the balance, the
//! parts view, printouts and everything a customer sees.

use chrono::{NaiveDate, TimeDelta};
use rust_decimal::RoundingStrategy;
use serde::{Deserialize, Serialize};

use super::*;
use crate::domain::channel::Channel;
use crate::domain::events::{
    ChannelEvent, OrderPartChanged, OrderPartRemoved, PublicPartChanged, PublicPartRemoved,
};
use crate::domain::money::currency_scale;
use crate::domain::order::PublicPart;
use crate::domain::{ItemId, Money, OrderId, OrderPartId, Permission, Quantity, Timestamp, UserId};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::uow::UnitOfWork;
use crate::services::{
    Lines, Principal, Services, company_tz, decode_cursor, next_page, start_of_day, text_field,
};
use crate::store::Conn;
use crate::store::inventory::Item;
use crate::store::orders::{OrderPart, PartCursor, PartData, PartFilter};
use crate::store::revisions::{NewRevision, Revision, RevisionAction, RevisionSubject};

/// A part as a customer contact may see it: without the staff-only stamps
/// of who edited or deleted it ("editado por … el …").
pub(super) fn for_customers(part: &OrderPart) -> OrderPart {
    OrderPart {
        edited_at: None,
        edited_by_name: None,
        deleted_at: None,
        deleted_by_name: None,
        ..part.clone()
    }
}

/// Longest warranty accepted on a part: ten years.
pub(super) const MAX_WARRANTY_DAYS: i32 = 3650;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PartInput {
    /// Required for free-text parts; a catalog part defaults to the item's.
    #[serde(default)]
    #[schema(max_length = 300)]
    pub description: String,
    /// A positive decimal string with at most 3 decimals, e.g. "2" or "1.5"
    /// (whole for catalog items counted in pieces, pairs, kits or boxes).
    #[schema(value_type = String, pattern = r"^([1-9][0-9]{0,5}(\.[0-9]{1,3})?|1000000(\.0{1,3})?|0\.([1-9][0-9]{0,2}|0[1-9][0-9]?|00[1-9]))$")]
    pub quantity: Quantity,
    /// Price of one unit, a decimal string in the company currency.
    /// Required for free-text parts; a catalog part defaults to the item's
    /// sale price.
    #[serde(default)]
    #[schema(value_type = Option<String>, pattern = r"^[0-9]{1,12}(\.[0-9]{1,2})?$")]
    pub unit_price: Option<Money>,
    /// Warranty period in days (default: the item's for a catalog part, 0
    /// for free text).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 3650)]
    pub warranty_days: Option<i32>,
    /// Whether the customer sees the line (default true).
    #[serde(default = "shown_by_default")]
    pub shown_to_customer: bool,
    /// A part from the catalog: adding it reserves it (409
    /// `insufficient_stock` with what is available when not enough is).
    /// Absent for free-text parts, which never touch the stock.
    #[serde(default)]
    pub item_id: Option<ItemId>,
    /// With `item_id`: when not enough is available, add it anyway as a
    /// backorder ("to order") that purchasing sees.
    #[serde(default)]
    pub to_order: bool,
}

pub(super) fn shown_by_default() -> bool {
    true
}

/// Filters of the parts view (dates are days in the company's time zone, inclusive).
#[derive(Debug, Default)]
pub struct PartsQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub order_id: Option<OrderId>,
    pub added_by: Option<UserId>,
    pub technician_id: Option<UserId>,
    pub q: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PartPage {
    pub items: Vec<OrderPart>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

pub(super) fn invalid_money(field: &'static str, e: impl std::fmt::Display) -> AppError {
    AppError::new(ErrorCode::InvalidMoney, e.to_string()).field(field)
}

/// Fills the computed fields of a part: its total and the warranty's end.
pub(super) fn finish_part(part: &mut OrderPart, scale: u32, tz: chrono_tz::Tz) {
    let total = part
        .quantity
        .0
        .checked_mul(part.unit_price.0)
        .map(|t| t.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero))
        .unwrap_or_default();
    part.total = Money(total);
    part.warranty_until = (part.warranty_days > 0).then(|| {
        part.created_at
            .as_datetime()
            .with_timezone(&tz)
            .date_naive()
            + TimeDelta::days(i64::from(part.warranty_days))
    });
}

impl Services {
    pub(super) async fn money_scale(conn: &mut Conn) -> AppResult<u32> {
        Ok(currency_scale(&conn.company_settings().await?.currency))
    }

    /// Validates a part; a catalog part (`item`) takes the item's
    /// description, sale price and warranty where the input leaves them out.
    pub(super) async fn part_data(
        conn: &mut Conn,
        input: PartInput,
        item: Option<&Item>,
    ) -> AppResult<PartData> {
        let scale = Self::money_scale(conn).await?;
        let description = match item {
            Some(item) if input.description.trim().is_empty() => {
                format!("{} · {}", item.sku, item.description)
            }
            _ => input.description,
        };
        let warranty_days = input
            .warranty_days
            .or(item.map(|i| i.warranty_days))
            .unwrap_or(0);
        let unit_price = match (input.unit_price, item) {
            (Some(price), _) => price,
            (None, Some(item)) => item.sale_price,
            (None, None) => {
                return Err(AppError::validation(
                    "unit_price",
                    "unit_price is required for a part that is not from the catalog",
                ));
            }
        };
        if input.to_order && item.is_none() {
            return Err(AppError::validation(
                "to_order",
                "only catalog parts can be ordered",
            ));
        }
        if !(0..=MAX_WARRANTY_DAYS).contains(&warranty_days) {
            return Err(AppError::validation(
                "warranty_days",
                format!("the warranty must be between 0 and {MAX_WARRANTY_DAYS} days"),
            ));
        }
        Ok(PartData {
            description: text_field("description", &description, 300, true, Lines::Single)?,
            quantity: input
                .quantity
                .check()
                .map_err(|e| AppError::validation("quantity", e.to_string()))?,
            unit_price: unit_price
                .check(scale)
                .map_err(|e| invalid_money("unit_price", e))?,
            warranty_days,
            shown_to_customer: input.shown_to_customer,
        })
    }

    pub(super) async fn finished_part(
        conn: &mut Conn,
        order: OrderId,
        id: OrderPartId,
    ) -> AppResult<OrderPart> {
        let mut part = conn
            .order_part(order, id)
            .await?
            .ok_or_else(|| AppError::not_found("part"))?;
        let settings = conn.company_settings().await?;
        finish_part(
            &mut part,
            currency_scale(&settings.currency),
            company_tz(&settings.time_zone),
        );
        Ok(part)
    }

    /// Stages a parts change for its audiences: lines shown to the customer
    /// in `order:<id>` (added when they appear, updated, removed when they
    /// are deleted or hidden) and, stripped with the new balance, in
    /// `public:order:<token>`; lines hidden from the customer in
    /// `internal:order:<id>` only.
    pub(super) async fn stage_part(
        &self,
        tx: &mut UnitOfWork<'_>,
        who: &Principal,
        order: OrderId,
        before: Option<&OrderPart>,
        after: Option<&OrderPart>,
    ) -> AppResult<()> {
        let shown_before = before.is_some_and(|p| p.shown_to_customer);
        let shown_after = after.is_some_and(|p| p.shown_to_customer);
        let Some(part_id) = after.or(before).map(|p| p.id) else {
            return Ok(());
        };
        let by = Some(who.user.id);
        // The customer's channel: the line without who edited it (staff only).
        let shown_part = after.map(for_customers);
        match shown_part.as_ref() {
            Some(part) if shown_after => {
                let change = OrderPartChanged {
                    order_id: order,
                    part: part.clone(),
                    by: who.actor(),
                };
                let change = if shown_before {
                    ChannelEvent::OrderPartUpdated(change)
                } else {
                    ChannelEvent::OrderPartAdded(change)
                };
                tx.publish(&Channel::Order(order), change, by).await?;
            }
            _ if shown_before => {
                let removed = ChannelEvent::OrderPartRemoved(OrderPartRemoved {
                    order_id: order,
                    part_id,
                    by: who.actor(),
                });
                tx.publish(&Channel::Order(order), removed, by).await?;
            }
            _ => {}
        }
        match after {
            Some(part) if !shown_after => {
                let change = OrderPartChanged {
                    order_id: order,
                    part: part.clone(),
                    by: who.actor(),
                };
                let change = if before.is_some() {
                    ChannelEvent::OrderPartUpdated(change)
                } else {
                    ChannelEvent::OrderPartAdded(change)
                };
                tx.publish(&Channel::InternalOrder(order), change, by)
                    .await?;
            }
            None if !shown_before => {
                let removed = ChannelEvent::OrderPartRemoved(OrderPartRemoved {
                    order_id: order,
                    part_id,
                    by: who.actor(),
                });
                tx.publish(&Channel::InternalOrder(order), removed, by)
                    .await?;
            }
            _ => {}
        }
        // The QR page: the customer's line (no author, no staff stamps) and
        // the new balance. A hidden part is not billed, so it changes
        // nothing there and is never written to that channel.
        if shown_before || shown_after {
            let balance = tx.order_balance(order).await?;
            let token = tx
                .order_head(order)
                .await?
                .ok_or_else(|| AppError::not_found("order"))?
                .qr_token;
            let public = match after {
                Some(part) if shown_after => {
                    let change = PublicPartChanged {
                        part: PublicPart::from(part),
                        balance,
                    };
                    if shown_before {
                        ChannelEvent::PublicPartUpdated(change)
                    } else {
                        ChannelEvent::PublicPartAdded(change)
                    }
                }
                _ => ChannelEvent::PublicPartRemoved(PublicPartRemoved { part_id, balance }),
            };
            tx.publish(&Channel::PublicOrder(token), public, None)
                .await?;
        }
        Ok(())
    }

    /// Adds a part used on an order (office roles and the order's
    /// technicians). Closed and deactivated orders are refused.
    pub async fn add_order_part(
        &self,
        who: &Principal,
        id: OrderId,
        input: PartInput,
    ) -> AppResult<OrderPart> {
        who.require(Permission::WorkOrders)?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        // Parts take part in the balance: no closing may interleave.
        tx.lock_order(id).await?;
        let order = tx
            .order(order_scope(who), id)
            .await?
            .ok_or_else(|| AppError::not_found("order"))?;
        ensure_active(&order)?;
        ensure_not_closed(&order)?;
        let item = match input.item_id {
            Some(item_id) => {
                who.require(Permission::ReadStock)?;
                Some(Self::part_item(&mut tx, item_id).await?)
            }
            None => None,
        };
        let to_order = input.to_order;
        let data = Self::part_data(&mut tx, input, item.as_ref()).await?;
        let part_id = OrderPartId::new();
        tx.insert_order_part(part_id, id, &data, who.user.id, now)
            .await?;
        if let Some(item) = &item {
            self.reserve_new_part(
                &mut tx,
                who,
                item,
                data.quantity,
                to_order,
                id,
                part_id,
                now,
            )
            .await?;
        }
        tx.touch_order(id, now).await?;
        let part = Self::finished_part(&mut tx, id, part_id).await?;
        self.plan_part_warranty_alert(&mut tx, part_id, part.warranty_until)
            .await?;
        self.stage_part(&mut tx, who, id, None, Some(&part)).await?;
        tx.commit().await?;
        Ok(part)
    }

    /// Reads a part for editing or deleting: office roles, or whoever added it.
    pub(super) async fn editable_part(
        tx: &mut Conn,
        who: &Principal,
        id: OrderId,
        part_id: OrderPartId,
    ) -> AppResult<OrderPart> {
        who.require(Permission::WorkOrders)?;
        // Parts take part in the balance: no closing may interleave.
        tx.lock_order(id).await?;
        let order = tx
            .order(order_scope(who), id)
            .await?
            .ok_or_else(|| AppError::not_found("order"))?;
        ensure_active(&order)?;
        ensure_not_closed(&order)?;
        let part = Self::finished_part(tx, id, part_id).await?;
        if part.deleted_at.is_some() {
            return Err(AppError::not_found("part"));
        }
        if !(who.user.role.allows(Permission::ManageOrders) || part.added_by == who.user.id) {
            return Err(AppError::forbidden());
        }
        Ok(part)
    }

    /// Keeps `before` in the part's history, in the caller's transaction.
    async fn keep_part_version(
        tx: &mut Conn,
        who: &Principal,
        before: &OrderPart,
        action: RevisionAction,
        now: Timestamp,
    ) -> AppResult<()> {
        let previous = serde_json::json!({
            "description": before.description,
            "quantity": before.quantity,
            "unit_price": before.unit_price,
            "warranty_days": before.warranty_days,
            "shown_to_customer": before.shown_to_customer,
        });
        tx.insert_revision(NewRevision {
            order_id: before.order_id,
            subject: RevisionSubject::Part,
            subject_id: before.id.0,
            action,
            previous: &previous,
            by: who.user.id,
            now,
        })
        .await?;
        Ok(())
    }

    /// The kept history of a part, newest first (staff who may see the
    /// order; deleted parts too). Customer contacts are refused.
    pub async fn part_history(
        &self,
        who: &Principal,
        id: OrderId,
        part_id: OrderPartId,
    ) -> AppResult<Vec<Revision>> {
        if !sees_internal(who) {
            return Err(AppError::forbidden());
        }
        let mut conn = self.store.conn().await?;
        conn.order(order_scope(who), id)
            .await?
            .ok_or_else(|| AppError::not_found("order"))?;
        conn.order_part(id, part_id)
            .await?
            .ok_or_else(|| AppError::not_found("part"))?;
        Ok(conn.revisions(id, RevisionSubject::Part, part_id.0).await?)
    }

    pub async fn update_order_part(
        &self,
        who: &Principal,
        id: OrderId,
        part_id: OrderPartId,
        input: PartInput,
    ) -> AppResult<OrderPart> {
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let before = Self::editable_part(&mut tx, who, id, part_id).await?;
        if input.item_id.is_some() && input.item_id != before.item_id {
            return Err(AppError::validation(
                "item_id",
                "a part's catalog item cannot change: remove it and add the other one",
            ));
        }
        let item = match before.item_id {
            Some(item_id) => tx.item(item_id).await?,
            None => None,
        };
        let data = Self::part_data(&mut tx, input, item.as_ref()).await?;
        self.resize_part(&mut tx, who, &before, data.quantity, now)
            .await?;
        Self::keep_part_version(&mut tx, who, &before, RevisionAction::Edited, now).await?;
        tx.update_order_part(part_id, &data, who.user.id, now)
            .await?;
        tx.touch_order(id, now).await?;
        let part = Self::finished_part(&mut tx, id, part_id).await?;
        self.plan_part_warranty_alert(&mut tx, part_id, part.warranty_until)
            .await?;
        self.stage_part(&mut tx, who, id, Some(&before), Some(&part))
            .await?;
        tx.commit().await?;
        Ok(part)
    }

    pub async fn delete_order_part(
        &self,
        who: &Principal,
        id: OrderId,
        part_id: OrderPartId,
    ) -> AppResult<()> {
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let before = Self::editable_part(&mut tx, who, id, part_id).await?;
        Self::keep_part_version(&mut tx, who, &before, RevisionAction::Deleted, now).await?;
        // Soft: the line stays for staff, marked, and leaves the balance.
        if !tx.delete_order_part(part_id, who.user.id, now).await? {
            return Err(AppError::not_found("part"));
        }
        self.release_removed_part(&mut tx, who, &before, now)
            .await?;
        self.plan_part_warranty_alert(&mut tx, part_id, None)
            .await?;
        tx.touch_order(id, now).await?;
        self.stage_part(&mut tx, who, id, Some(&before), None)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The parts view across all orders (office roles), newest first.
    pub async fn list_parts(
        &self,
        who: &Principal,
        query: PartsQuery,
        cursor: Option<&str>,
        limit: i64,
    ) -> AppResult<PartPage> {
        who.require(Permission::ManageOrders)?;
        let after: Option<PartCursor> = cursor.map(decode_cursor).transpose()?;
        let limit = limit.clamp(1, 500);
        let mut conn = self.store.conn().await?;
        let settings = conn.company_settings().await?;
        let (scale, tz) = (
            currency_scale(&settings.currency),
            company_tz(&settings.time_zone),
        );
        if let (Some(from), Some(to)) = (query.from, query.to)
            && from > to
        {
            return Err(AppError::validation(
                "to",
                "the range ends before it starts",
            ));
        }
        let filter = PartFilter {
            from: query.from.map(|d| start_of_day(d, tz)),
            until: query
                .to
                .and_then(|d| d.succ_opt())
                .map(|d| start_of_day(d, tz)),
            order_id: query.order_id,
            added_by: query.added_by,
            technician_id: query.technician_id,
            q: query.q,
        };
        let mut items = conn.parts_page(&filter, after.as_ref(), limit + 1).await?;
        let next_cursor = next_page(&mut items, limit, |p| PartCursor {
            created_at: p.created_at,
            id: p.id,
        });
        for p in &mut items {
            finish_part(p, scale, tz);
        }
        Ok(PartPage { items, next_cursor })
    }
}
