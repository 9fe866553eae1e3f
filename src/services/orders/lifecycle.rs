//! An order's life: create (with the customer and machine inline when they
//! are new), read, list, edit, assign technicians, (de)activate, rotate the
//! QR link.

use base64::Engine;
use rand::RngCore;
use serde::{Deserialize, Serialize};

use super::*;
use crate::domain::channel::Channel;
use crate::domain::events::{
    ChannelEvent, OrderChanged, OrderNotice, PublicOrderReopened, RoomOrder,
};
use crate::domain::money::currency_scale;
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::role::CustomerScope;
use crate::domain::{
    CustomerId, EquipmentId, Money, OrderEventId, OrderId, OrderScope, OrderState, OrderStatusId,
    Permission, Role, Timestamp, UserId, Visibility,
};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::notify::templates::Message;
use crate::services::customers::{CustomerInput, EquipmentInput};
use crate::services::notifications::Notify;
use crate::services::uow::UnitOfWork;
use crate::services::views;
use crate::services::{
    Lines, Principal, RequestMeta, Services, company_tz, decode_cursor, next_page, text_field,
};
use crate::store::Conn;
use crate::store::audit::{AuditAction, NewAudit};
use crate::store::orders::{
    AssignedTechnician, NewOrder, NewOrderEvent, Order, OrderCursor, OrderData, OrderEvent,
    OrderFilter, OrderPart,
};
use crate::store::payments::Balance;

/// The label of the internal timeline event written when master reopens an order.
pub const REOPENED_LABEL: &str = "Orden reabierta";

/// Longest reason for reopening an order.
const MAX_REOPEN_REASON: usize = 500;

/// Why master reopens a closed order; required, audit-logged and shown on
/// the staff timeline.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct ReopenInput {
    #[serde(default)]
    #[schema(
        required = true,
        min_length = 1,
        max_length = 500,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub reason: String,
}

/// A new service order as sent by clients. Give the customer either by id
/// or inline (a new customer, validated like `POST /customers`); likewise the
/// machine (optional).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct OrderInput {
    /// An existing customer the caller may see…
    pub customer_id: Option<CustomerId>,
    /// …or a new customer created with the order (tax id validated and unique).
    pub customer: Option<CustomerInput>,
    /// A machine of that customer…
    pub equipment_id: Option<EquipmentId>,
    /// …or a new machine of that customer.
    pub equipment: Option<EquipmentInput>,
    /// Why the customer brought the machine.
    #[schema(
        min_length = 1,
        max_length = 2000,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub reason: String,
    /// Active users with the technician role.
    #[serde(default)]
    pub technician_ids: Vec<UserId>,
    /// The agreed service value, a decimal string in the company currency (default "0").
    #[schema(value_type = Option<String>, pattern = r"^[0-9]{1,12}(\.[0-9]{1,2})?$")]
    pub service_value: Option<Money>,
    pub promised_at: Option<Timestamp>,
    /// The order's first public status: an active label of the public
    /// catalog, recorded as its first public timeline event. Only for roles
    /// that may post timeline events.
    pub status_id: Option<OrderStatusId>,
}

/// The editable fields of an order.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct OrderUpdate {
    /// A machine of the order's customer, or null.
    pub equipment_id: Option<EquipmentId>,
    #[schema(
        min_length = 1,
        max_length = 2000,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub reason: String,
    #[schema(value_type = String, pattern = r"^[0-9]{1,12}(\.[0-9]{1,2})?$")]
    pub service_value: Money,
    pub promised_at: Option<Timestamp>,
    /// When present, replaces the assigned technicians.
    pub technician_ids: Option<Vec<UserId>>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OrderPage {
    pub items: Vec<views::orders::Order>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// An order with its timeline, parts and balance, as the caller may see it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OrderDetail {
    #[serde(flatten)]
    pub order: views::orders::Order,
    /// Oldest first. Customers: public events only, deleted ones left out.
    /// Staff: internal events too, and deleted ones marked with `deleted_at`.
    pub timeline: Vec<OrderEvent>,
    /// Customers: only the lines shown to them.
    pub parts: Vec<OrderPart>,
    pub balance: Balance,
    /// The real-time channels the caller may subscribe to for this order.
    pub channels: Vec<String>,
}

/// 128 random bits, URL-safe base64 without padding (22 characters).
impl UnitOfWork<'_> {
    /// Publishes a change of the order itself — created, edited, assigned,
    /// (de)activated, closed, reopened — in its room and on the office's
    /// `staff:orders` feed, which the operations report follows.
    pub(crate) async fn publish_order_change(
        &mut self,
        id: OrderId,
        event: ChannelEvent,
        by: Option<UserId>,
    ) -> AppResult<()> {
        self.publish(
            &Channel::Staff(crate::domain::channel::StaffFeed::Orders),
            event.clone(),
            by,
        )
        .await?;
        self.publish(&Channel::Order(id), event, by).await
    }
}

pub(super) fn new_qr_token() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

impl Services {
    /// Tells technicians newly put on an order (push and in-app, for the
    /// phone in their pocket; no e-mail). Whoever assigned themselves is not
    /// told. The key carries the instant, so being removed and put back
    /// later is a new assignment.
    pub(super) async fn notify_assigned(
        &self,
        tx: &mut UnitOfWork<'_>,
        order: &Order,
        technicians: &[UserId],
        by: UserId,
        now: Timestamp,
    ) -> AppResult<()> {
        let link = format!("{}/orders/{}", self.public_url, order.id);
        let stamp = now.as_datetime().timestamp_micros();
        for &tech in technicians.iter().filter(|&&t| t != by) {
            let Some(user) = tx.user(tech).await? else {
                continue;
            };
            self.notify(
                tx,
                Notify {
                    kind: NotificationKind::OrderAssigned,
                    key: format!("order_assigned:{}:{tech}:{stamp}", order.id),
                    user: Some(tech),
                    email: None,
                    message: Message::OrderAssigned {
                        name: user.name,
                        order_number: order.number.clone(),
                        customer: order.customer_name.clone(),
                        reason: order.reason.clone(),
                        link: link.clone(),
                    },
                    subject_type: SubjectType::Order,
                    subject_id: order.id.to_string(),
                    in_app: true,
                    attachments: Vec::new(),
                },
            )
            .await?;
        }
        Ok(())
    }

    pub(super) async fn check_technicians(
        conn: &mut Conn,
        ids: &[UserId],
    ) -> AppResult<Vec<UserId>> {
        let mut unique = Vec::new();
        for id in ids {
            if unique.contains(id) {
                continue;
            }
            let ok = conn
                .user(*id)
                .await?
                .is_some_and(|u| u.active && u.role == Role::Technician);
            if !ok {
                return Err(AppError::validation(
                    "technician_ids",
                    "every technician must be an active user with the technician role",
                ));
            }
            unique.push(*id);
        }
        Ok(unique)
    }

    /// Checks that a machine belongs to the order's customer.
    pub(super) async fn check_equipment(
        conn: &mut Conn,
        customer: CustomerId,
        equipment: Option<EquipmentId>,
    ) -> AppResult<()> {
        if let Some(id) = equipment {
            let ok = conn
                .equipment(CustomerScope::All, id)
                .await?
                .is_some_and(|e| e.customer_id == customer);
            if !ok {
                return Err(AppError::validation(
                    "equipment_id",
                    "the machine must belong to the order's customer",
                ));
            }
        }
        Ok(())
    }

    /// Creates an order (office roles; a seller for the customers they own),
    /// creating its customer and machine inline when they are given instead
    /// of ids. A first public status (roles that may post timeline events)
    /// is recorded as the order's first public event, exactly as if it had
    /// been posted right after: timeline entry, current public status, the
    /// customer told. Everything happens in one transaction: a refused
    /// customer or status leaves no customer, no order and no used order
    /// number behind.
    pub async fn create_order(&self, who: &Principal, input: OrderInput) -> AppResult<Order> {
        let status_id = input.status_id;
        who.require(Permission::CreateOrders)?;
        if status_id.is_some() {
            // The same right as posting the status as a timeline event.
            who.require(Permission::WorkOrders)?;
        }
        let reason = text_field("reason", &input.reason, 2000, true, Lines::Multi)?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let scale = Self::money_scale(&mut tx).await?;
        let service_value = input
            .service_value
            .unwrap_or(Money::ZERO)
            .check(scale)
            .map_err(|e| invalid_money("service_value", e))?;
        let customer_id = match (input.customer_id, input.customer) {
            (Some(id), None) => {
                let customer = tx
                    .customer(who.customer_scope(), id)
                    .await?
                    .ok_or_else(|| AppError::not_found("customer").field("customer_id"))?;
                if !customer.active {
                    return Err(AppError::validation(
                        "customer_id",
                        "the customer is deactivated",
                    ));
                }
                id
            }
            (None, Some(new)) => self.insert_customer_in(who, new, &mut tx).await?.id,
            _ => {
                return Err(AppError::validation(
                    "customer_id",
                    "give either customer_id or a new customer",
                ));
            }
        };
        // Over the customer's credit limit: refused for non-office roles
        // when the billing setting says so (issue 13).
        self.check_order_credit(&mut tx, who, customer_id, service_value)
            .await?;
        let equipment_id = match (input.equipment_id, input.equipment) {
            (Some(id), None) => {
                Self::check_equipment(&mut tx, customer_id, Some(id)).await?;
                Some(id)
            }
            (None, Some(new)) => Some(
                self.insert_equipment_in(who, customer_id, new, &mut tx)
                    .await?
                    .id,
            ),
            (None, None) => None,
            (Some(_), Some(_)) => {
                return Err(AppError::validation(
                    "equipment_id",
                    "give either equipment_id or a new machine, not both",
                ));
            }
        };
        let technicians = Self::check_technicians(&mut tx, &input.technician_ids).await?;
        let status = Self::resolve_status(&mut tx, Visibility::Public, status_id).await?;
        // Taken last, inside the transaction: a refusal above rolls back and
        // no number is skipped.
        let number = format!("OS-{:06}", tx.next_number("service_order").await?);
        let id = OrderId::new();
        tx.insert_order(&NewOrder {
            id,
            number,
            customer_id,
            data: OrderData {
                equipment_id,
                reason,
                service_value,
                promised_at: input.promised_at,
            },
            qr_token: new_qr_token(),
            created_by: who.user.id,
            now,
        })
        .await?;
        tx.set_order_technicians(id, &technicians, now).await?;
        let first_event = match status {
            Some(status) => Some(
                Self::insert_timeline_event(
                    &mut tx,
                    who,
                    id,
                    Visibility::Public,
                    Some(status),
                    String::new(),
                    OrderEventId::new(),
                    &[],
                    now,
                )
                .await?,
            ),
            None => None,
        };
        // Read after the first event, so it carries the public status.
        let order = Self::load_order(&mut tx, OrderScope::All, id).await?;
        let event = ChannelEvent::OrderCreated(OrderChanged {
            order: RoomOrder::from(&order),
            by: who.actor(),
            changed: Vec::new(),
        });
        tx.publish_order_change(id, event, Some(who.user.id))
            .await?;
        if let Some(first) = &first_event {
            self.announce_timeline_event(&mut tx, who, &order, first, &[])
                .await?;
        }
        self.notify_assigned(&mut tx, &order, &technicians, who.user.id, now)
            .await?;
        tx.commit().await?;
        Ok(order)
    }

    /// An order with its timeline, parts and balance, as the caller may see it.
    pub async fn get_order(&self, who: &Principal, id: OrderId) -> AppResult<OrderDetail> {
        who.require(Permission::ReadOrders)?;
        let staff = sees_internal(who);
        let mut conn = self.store.conn().await?;
        let mut order = Self::load_order(&mut conn, order_scope(who), id).await?;
        redact(&mut order, who);
        let mut timeline = conn.order_events(id, staff, staff).await?;
        let photos = conn.order_photos(id).await?;
        attach_photos(&mut timeline, &photos, &order_url(id));
        let settings = conn.company_settings().await?;
        let (scale, tz) = (
            currency_scale(&settings.currency),
            company_tz(&settings.time_zone),
        );
        let mut parts = conn.order_parts(id, staff, staff).await?;
        for p in &mut parts {
            finish_part(p, scale, tz);
        }
        if !staff {
            // Who edited a part or a post is for staff only.
            parts = parts.iter().map(for_customers).collect();
            for e in &mut timeline {
                e.edited_by = None;
                e.edited_by_name = None;
            }
        }
        let balance = conn.order_balance(id).await?;
        let mut channels = vec![Channel::Order(id).to_string()];
        if staff {
            channels.push(Channel::InternalOrder(id).to_string());
        }
        Ok(OrderDetail {
            order: order.into(),
            timeline,
            parts,
            balance,
            channels,
        })
    }

    /// Orders visible to the caller, newest first, one page at a time. The
    /// filters apply within the caller's scope; the internal status filter
    /// is refused to those who may not see internal statuses (it would tell
    /// them which of their orders carry one).
    pub async fn list_orders(
        &self,
        who: &Principal,
        filter: OrderFilter,
        cursor: Option<&str>,
        limit: i64,
    ) -> AppResult<OrderPage> {
        who.require(Permission::ReadOrders)?;
        if filter.internal_status_id.is_some() && !sees_internal(who) {
            return Err(AppError::forbidden().field("internal_status_id"));
        }
        self.orders_page(who, order_scope(who), filter, cursor, limit)
            .await
    }

    /// The open orders assigned to the caller (the technician's phone).
    pub async fn my_orders(
        &self,
        who: &Principal,
        cursor: Option<&str>,
        limit: i64,
    ) -> AppResult<OrderPage> {
        if !who.user.role.is_staff() {
            return Err(AppError::forbidden());
        }
        let filter = OrderFilter {
            state: Some(OrderState::Open),
            ..Default::default()
        };
        self.orders_page(
            who,
            OrderScope::AssignedTo(who.user.id),
            filter,
            cursor,
            limit,
        )
        .await
    }

    pub(super) async fn orders_page(
        &self,
        who: &Principal,
        scope: OrderScope,
        filter: OrderFilter,
        cursor: Option<&str>,
        limit: i64,
    ) -> AppResult<OrderPage> {
        let after: Option<OrderCursor> = cursor.map(decode_cursor).transpose()?;
        let limit = limit.clamp(1, 200);
        let mut conn = self.store.conn().await?;
        let mut items = conn
            .orders_page(scope, &filter, after.as_ref(), limit + 1)
            .await?;
        let next_cursor = next_page(&mut items, limit, |o| OrderCursor {
            created_at: o.created_at,
            id: o.id,
        });
        Self::fill_technicians(&mut conn, &mut items).await?;
        for o in &mut items {
            redact(o, who);
        }
        Ok(OrderPage {
            items: views::list(items),
            next_cursor,
        })
    }

    /// Edits an order's data (office roles; a seller their customers'
    /// orders). Deactivated and closed orders are refused.
    pub async fn update_order(
        &self,
        who: &Principal,
        id: OrderId,
        input: OrderUpdate,
    ) -> AppResult<Order> {
        who.require(Permission::CreateOrders)?;
        let reason = text_field("reason", &input.reason, 2000, true, Lines::Multi)?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        // The value takes part in the balance: no closing may interleave.
        tx.lock_order(id).await?;
        let current = Self::load_order(&mut tx, order_scope(who), id).await?;
        ensure_active(&current)?;
        ensure_not_closed(&current)?;
        let scale = Self::money_scale(&mut tx).await?;
        let data = OrderData {
            equipment_id: input.equipment_id,
            reason,
            service_value: input
                .service_value
                .check(scale)
                .map_err(|e| invalid_money("service_value", e))?,
            promised_at: input.promised_at,
        };
        Self::check_equipment(&mut tx, current.customer_id, data.equipment_id).await?;
        let mut changed = Vec::new();
        if data.equipment_id != current.equipment_id {
            changed.push("equipment_id");
        }
        if data.reason != current.reason {
            changed.push("reason");
        }
        if data.service_value != current.service_value {
            changed.push("service_value");
        }
        if data.promised_at != current.promised_at {
            changed.push("promised_at");
        }
        let technicians = match &input.technician_ids {
            Some(ids) => Some(Self::check_technicians(&mut tx, ids).await?),
            None => None,
        };
        if let Some(ids) = &technicians
            && !same_technicians(ids, &current.technicians)
        {
            changed.push("technicians");
            tx.set_order_technicians(id, ids, now).await?;
        }
        if changed.is_empty() {
            let mut order = current;
            redact(&mut order, who);
            return Ok(order);
        }
        tx.update_order(id, &current.number, &data, now).await?;
        let mut order = Self::load_order(&mut tx, OrderScope::All, id).await?;
        let event = ChannelEvent::OrderUpdated(OrderChanged {
            order: RoomOrder::from(&order),
            by: who.actor(),
            changed,
        });
        tx.publish_order_change(id, event, Some(who.user.id))
            .await?;
        tx.commit().await?;
        redact(&mut order, who);
        Ok(order)
    }

    /// Replaces the technicians of an order (office roles; a seller their
    /// customers' orders). The same set changes nothing.
    pub async fn set_order_technicians(
        &self,
        who: &Principal,
        id: OrderId,
        ids: Vec<UserId>,
    ) -> AppResult<Order> {
        who.require(Permission::CreateOrders)?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let current = Self::load_order(&mut tx, order_scope(who), id).await?;
        ensure_active(&current)?;
        let ids = Self::check_technicians(&mut tx, &ids).await?;
        let mut order = if same_technicians(&ids, &current.technicians) {
            current
        } else {
            tx.set_order_technicians(id, &ids, now).await?;
            tx.touch_order(id, now).await?;
            let order = Self::load_order(&mut tx, OrderScope::All, id).await?;
            let event = ChannelEvent::OrderTechniciansChanged(OrderChanged {
                order: RoomOrder::from(&order),
                by: who.actor(),
                changed: vec!["technicians"],
            });
            tx.publish_order_change(id, event, Some(who.user.id))
                .await?;
            let added: Vec<UserId> = ids
                .iter()
                .copied()
                .filter(|t| !current.technicians.iter().any(|c| c.id == *t))
                .collect();
            self.notify_assigned(&mut tx, &order, &added, who.user.id, now)
                .await?;
            tx.commit().await?;
            order
        };
        redact(&mut order, who);
        Ok(order)
    }

    /// Deactivates (soft: history kept) or reactivates an order (office
    /// roles). Its catalog parts follow in the same transaction:
    /// deactivating releases every reservation (release moves) and drops
    /// its backorders from the demand (parts `released`); reactivating
    /// reserves them again where stock is available and makes the rest
    /// backorders (see `stock_parts`).
    pub async fn set_order_active(
        &self,
        who: &Principal,
        id: OrderId,
        active: bool,
    ) -> AppResult<Order> {
        who.require(Permission::ManageOrders)?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        // No part edit or closing may interleave with its parts' release.
        tx.lock_order(id).await?;
        let current = Self::load_order(&mut tx, order_scope(who), id).await?;
        if current.active == active {
            return Ok(current);
        }
        tx.set_order_active(id, active, now).await?;
        if active {
            self.restore_order_parts(&mut tx, who, id, now).await?;
        } else {
            self.release_order_parts(&mut tx, who, id, now).await?;
        }
        let order = Self::load_order(&mut tx, OrderScope::All, id).await?;
        let change = OrderChanged {
            order: RoomOrder::from(&order),
            by: who.actor(),
            changed: vec!["active"],
        };
        let event = if active {
            ChannelEvent::OrderReactivated(change)
        } else {
            ChannelEvent::OrderDeactivated(change)
        };
        tx.publish_order_change(id, event, Some(who.user.id))
            .await?;
        tx.commit().await?;
        Ok(order)
    }

    /// Reopens a closed order (master only) with a required reason: the
    /// order takes public events, parts and payments again. The reason is
    /// audit-logged and written as an internal "Orden reabierta" event on
    /// the staff timeline; the order's room hears `order.reopened` (without
    /// the reason: customers are there) and the QR page the new state.
    pub async fn reopen_order(
        &self,
        who: &Principal,
        id: OrderId,
        input: ReopenInput,
        meta: &RequestMeta,
    ) -> AppResult<Order> {
        who.require(Permission::ReopenOrders)?;
        let reason = text_field(
            "reason",
            &input.reason,
            MAX_REOPEN_REASON,
            true,
            Lines::Multi,
        )?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        // A payment or a part cannot interleave with the reopening.
        tx.lock_order(id).await?;
        let current = Self::load_order(&mut tx, order_scope(who), id).await?;
        if !tx.mark_order_reopened(id, now).await? {
            return Err(AppError::new(
                ErrorCode::OrderNotClosed,
                format!("order {} is not closed", current.number),
            ));
        }
        let event_id = OrderEventId::new();
        tx.insert_order_event(&NewOrderEvent {
            id: event_id,
            order_id: id,
            visibility: Visibility::Internal,
            status_id: None,
            label: REOPENED_LABEL.to_string(),
            comment: reason.clone(),
            author_id: who.user.id,
            now,
        })
        .await?;
        let event = tx
            .order_event(id, event_id)
            .await?
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("the reopening event vanished")))?;
        tx.audit(NewAudit {
            actor: Some(who.user.id),
            action: AuditAction::OrderReopened,
            subject_type: "order",
            subject_id: id.to_string(),
            detail: format!("{}; reason: {reason}", current.number),
            ip: &meta.ip,
            now,
        })
        .await?;
        let order = Self::load_order(&mut tx, OrderScope::All, id).await?;
        self.announce_timeline_event(&mut tx, who, &order, &event, &[])
            .await?;
        let change = OrderChanged {
            order: RoomOrder::from(&order),
            by: who.actor(),
            changed: vec!["state", "closed_at"],
        };
        tx.publish_order_change(id, ChannelEvent::OrderReopened(change), Some(who.user.id))
            .await?;
        // No author on the QR channel: anyone may read it.
        tx.publish(
            &Channel::PublicOrder(order.qr_token.clone()),
            ChannelEvent::PublicOrderReopened(PublicOrderReopened { state: order.state }),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(order)
    }

    /// Gives the order a new QR token (office roles): the old link and its
    /// channel stop working at once (watchers of the old channel are told
    /// with an `order.link_revoked`, which carries nothing else).
    pub async fn rotate_order_qr(&self, who: &Principal, id: OrderId) -> AppResult<Order> {
        who.require(Permission::ManageOrders)?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let current = Self::load_order(&mut tx, order_scope(who), id).await?;
        tx.set_order_qr_token(id, &new_qr_token(), now).await?;
        let order = Self::load_order(&mut tx, OrderScope::All, id).await?;
        let staff_notice = ChannelEvent::OrderQrRotated(OrderNotice {
            order_id: id,
            by: who.actor(),
        });
        tx.publish(&Channel::InternalOrder(id), staff_notice, Some(who.user.id))
            .await?;
        let revoked = ChannelEvent::PublicLinkRevoked;
        tx.publish(
            &Channel::PublicOrder(current.qr_token.clone()),
            revoked,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(order)
    }
}

pub(super) fn same_technicians(ids: &[UserId], current: &[AssignedTechnician]) -> bool {
    let mut a: Vec<UserId> = ids.to_vec();
    let mut b: Vec<UserId> = current.iter().map(|t| t.id).collect();
    a.sort();
    b.sort();
    a == b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_tokens_are_128_bits_url_safe_and_fit_the_channel() {
        let token = new_qr_token();
        assert_eq!(token.len(), 22);
        assert!(
            token
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
        assert_ne!(token, new_qr_token());
        let channel = format!("public:order:{token}");
        assert_eq!(
            channel.parse::<Channel>().unwrap(),
            Channel::PublicOrder(token)
        );
    }
}
