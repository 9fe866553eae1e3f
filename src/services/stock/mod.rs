//! The parts catalog and its stock (issue 15): items, the ledger of moves,
//! availability, the "to reorder" list and its draft purchase orders.
//! Suppliers, purchase orders and receiving are purchasing's
//! (`services::purchasing`); catalog parts on service orders live with the
//! order parts (`services::orders`), which call [`Services::announce_stock`].
//!
//! - [`catalog`]: items CRUD (SKU unique → `sku_taken`; whole units refuse
//!   fractional levels).
//! - [`moves`]: the initial count and adjustments (with a reason and who);
//!   the ledger of an item. Quantities are never edited in place.
//! - [`availability`]: on hand, reserved, available, projected, for one item
//!   or a picker's search.
//! - [`reorder`]: the "to reorder" list, the once-per-crossing alert, the
//!   draft purchase orders grouped by preferred supplier, and the
//!   backorders ("Por pedir": parts waiting on service orders), which count
//!   as demand in the projected quantity.
//! - [`demo`]: the demo catalog.
//!
//! Why every change ends in [`Services::announce_stock`]: the catalog, the
//! reorder page and the technician's part picker follow `staff:stock`, and
//! a screen must not show a figure the ledger no longer has. The store's
//! guarded UPDATE decides (exactly one of two takers of the last unit
//! wins); this module only turns its answer into events, a notification
//! when an item just fell below its minimum, and typed refusals.

pub mod availability;
pub mod catalog;
pub mod demo;
pub mod moves;
pub mod reorder;

pub use availability::Availability;
pub use catalog::{ItemInput, ItemPage, ItemView};
pub use moves::{MoveInput, MoveKindInput, MovePage, MoveResult, MoveView};
pub use reorder::{BackorderEntry, DraftedOrders, ReorderEntry};

use super::uow::UnitOfWork;
use super::{Principal, Services};
use crate::domain::channel::{Channel, StaffFeed};
use crate::domain::events::{ChannelEvent, ReorderListChanged, StockChanged};
use crate::domain::inventory::{
    InvalidStockQty, ReorderTransition, Sku, StockShortage, needs_reorder, suggested_quantity,
};
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::notify::templates::Message;
use crate::store::inventory::{LevelChange, StockError};

/// The refusal for a move the stock cannot cover: 409 with what is available.
pub fn insufficient(s: &StockShortage) -> AppError {
    let mut e = AppError::new(
        ErrorCode::InsufficientStock,
        format!(
            "not enough stock: {} requested, {} available",
            s.requested, s.available
        ),
    )
    .field("quantity");
    e.available = Some(s.available.to_string());
    e
}

/// A store refusal as the API's typed problem.
pub fn stock_error(e: StockError) -> AppError {
    match e {
        StockError::Shortage(s) => insufficient(&s),
        StockError::UnknownItem => AppError::not_found("item"),
        StockError::AlreadyCounted => AppError::new(
            ErrorCode::Conflict,
            "the item already has stock moves: the initial count must be the first",
        )
        .field("kind"),
        StockError::OnOrderNegative => AppError::new(
            ErrorCode::Conflict,
            "more would leave purchase orders than is on order",
        ),
        StockError::BackorderedNegative => AppError::new(
            ErrorCode::Conflict,
            "more would leave the backorders than is waiting",
        ),
        StockError::Db(e) => e.into(),
    }
}

/// A quantity refused for the item's unit.
pub fn invalid_quantity(field: &'static str, e: InvalidStockQty) -> AppError {
    AppError::validation(field, e.to_string())
}

impl Services {
    /// Stages what an item's level change tells the screens: its new
    /// figures on `staff:stock`, its place on the "to reorder" list when
    /// that may have moved and, when it just fell below its minimum, an
    /// in-app notification and a push to the office (once per crossing: the
    /// store flips the crossing state under the item's row lock).
    pub async fn announce_stock(
        &self,
        tx: &mut UnitOfWork<'_>,
        who: Option<&Principal>,
        change: &LevelChange,
        sku: &Sku,
        description: &str,
    ) -> AppResult<()> {
        let after = change.after;
        let below = needs_reorder(after.projected(), &change.policy);
        let by = who.map(|p| p.user.id);
        tx.publish(
            &Channel::Staff(StaffFeed::Stock),
            ChannelEvent::StockChanged(StockChanged {
                item: change.item_id,
                sku: sku.clone(),
                on_hand: after.on_hand,
                reserved: after.reserved,
                available: after.available(),
                on_order: after.on_order,
                backordered: after.backordered,
                projected: after.projected(),
                below_minimum: below,
                by: who.map(Principal::actor),
            }),
            by,
        )
        .await?;
        let was_below = needs_reorder(change.before.projected(), &change.policy);
        if below || was_below || change.transition != ReorderTransition::Unchanged {
            tx.publish(
                &Channel::Staff(StaffFeed::Stock),
                ChannelEvent::ReorderListChanged(ReorderListChanged {
                    item: change.item_id,
                    sku: sku.clone(),
                    on_list: below,
                    suggested: suggested_quantity(after.projected(), &change.policy),
                }),
                by,
            )
            .await?;
        }
        if change.transition == ReorderTransition::Crossed {
            let link = format!("{}/stock/reorder", self.public_url);
            let projected = after.projected().to_string();
            let minimum = change.policy.minimum.to_string();
            let key = format!(
                "reorder_needed:{}:{}",
                change.item_id,
                crate::domain::Timestamp::now()
                    .as_datetime()
                    .timestamp_micros()
            );
            self.notify_desk(
                tx,
                NotificationKind::ReorderNeeded,
                &key,
                SubjectType::InventoryItem,
                change.item_id.to_string(),
                |name| Message::ReorderNeeded {
                    name: name.to_string(),
                    sku: sku.to_string(),
                    description: description.to_string(),
                    projected: projected.clone(),
                    minimum: minimum.clone(),
                    link: link.clone(),
                },
            )
            .await?;
        }
        Ok(())
    }
}
