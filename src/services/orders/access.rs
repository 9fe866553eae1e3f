//! Who may see an order and what of it: the caller's [`OrderScope`], the
//! staff-only parts of an order, and the guards every change goes through
//! (an order must be active; a closed order's value and parts are final).

use std::collections::HashMap;

use crate::domain::{OrderId, OrderScope, Permission, Visibility};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::{Principal, Services};
use crate::store::Conn;
use crate::store::orders::{AssignedTechnician, Order};

pub(super) fn order_scope(who: &Principal) -> OrderScope {
    OrderScope::for_user(who.user.role, who.user.id, who.user.customer_id)
}

/// Whether the caller sees internal events, the internal status and hidden parts.
pub(super) fn sees_internal(who: &Principal) -> bool {
    Visibility::Internal.visible_to(Some(who.user.role))
}

/// Removes what a customer contact may not see from an order.
pub(super) fn redact(order: &mut Order, who: &Principal) {
    if !sees_internal(who) {
        order.internal_status_id = None;
        order.internal_status = None;
    }
}

/// Deactivated orders keep their history but take no changes.
pub(super) fn ensure_active(order: &Order) -> AppResult<()> {
    if order.active {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorCode::OrderInactive,
            "the order is deactivated; reactivate it first",
        ))
    }
}

/// A closed order's value and parts are final (its balance was settled).
pub(super) fn ensure_not_closed(order: &Order) -> AppResult<()> {
    if order.closed_at.is_none() {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorCode::OrderClosed,
            "the order is closed; its value and parts cannot change",
        ))
    }
}

/// A closed order takes no new public events (the customer was told it is
/// finished); staff may still write internal notes on it.
pub(super) fn ensure_public_allowed(order: &Order, visibility: Visibility) -> AppResult<()> {
    if visibility == Visibility::Public && order.closed_at.is_some() {
        return Err(AppError::new(
            ErrorCode::OrderClosed,
            "the order is closed; it takes no new public events until master reopens it",
        ));
    }
    Ok(())
}

impl Services {
    /// Whether `who` may see order `id` (and so use its room `order:<id>`).
    pub async fn may_access_order(&self, who: &Principal, id: OrderId) -> AppResult<bool> {
        if !who.user.role.allows(Permission::ReadOrders) {
            return Ok(false);
        }
        Ok(self
            .store
            .conn()
            .await?
            .order_visible(order_scope(who), id)
            .await?)
    }

    /// Whether `token` is the QR token of an active order (so its public
    /// channel may be read, by anyone).
    pub async fn public_order_exists(&self, token: &str) -> AppResult<bool> {
        Ok(self
            .store
            .conn()
            .await?
            .order_by_qr_token(token)
            .await?
            .is_some())
    }

    /// Reads an order through the caller's scope, with its technicians.
    pub(super) async fn load_order(
        conn: &mut Conn,
        scope: OrderScope,
        id: OrderId,
    ) -> AppResult<Order> {
        let mut order = conn
            .order(scope, id)
            .await?
            .ok_or_else(|| AppError::not_found("order"))?;
        order.technicians = conn
            .technicians_of(&[id])
            .await?
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        Ok(order)
    }

    /// Fills the technicians of a page of orders with one query.
    pub(super) async fn fill_technicians(conn: &mut Conn, orders: &mut [Order]) -> AppResult<()> {
        let ids: Vec<OrderId> = orders.iter().map(|o| o.id).collect();
        let mut by_order: HashMap<OrderId, Vec<AssignedTechnician>> = HashMap::new();
        for (order, t) in conn.technicians_of(&ids).await? {
            by_order.entry(order).or_default().push(t);
        }
        for o in orders {
            o.technicians = by_order.remove(&o.id).unwrap_or_default();
        }
        Ok(())
    }
}
