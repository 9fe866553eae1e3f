//! The real-time payloads of the order channels (see the parent module's
//! table of channels and audiences).

use serde::Serialize;

use super::*;
use crate::domain::{
    CustomerId, EquipmentId, Money, OrderEventId, OrderId, OrderPartId, OrderState, OrderStatusId,
    Role, Timestamp, UserId,
};
use crate::services::Principal;
use crate::store::orders::{AssignedTechnician, Order, OrderEvent, OrderPart};

/// Who made a change, as shown to watchers (never an e-mail address).
#[derive(Debug, Serialize)]
pub(super) struct Actor<'a> {
    pub(super) id: UserId,
    pub(super) name: &'a str,
    pub(super) role: Role,
}

pub(super) fn actor(who: &Principal) -> Actor<'_> {
    Actor {
        id: who.user.id,
        name: &who.user.name,
        role: who.user.role,
    }
}

/// The order as everyone in its room (customers included) may see it: no
/// internal status, no QR token.
#[derive(Debug, Serialize)]
pub(super) struct RoomOrder<'a> {
    pub(super) id: OrderId,
    pub(super) number: &'a str,
    pub(super) customer_id: CustomerId,
    pub(super) customer_name: &'a str,
    pub(super) equipment_id: Option<EquipmentId>,
    pub(super) equipment_brand: Option<&'a str>,
    pub(super) equipment_model: Option<&'a str>,
    pub(super) equipment_serial: Option<&'a str>,
    pub(super) reason: &'a str,
    pub(super) service_value: Money,
    pub(super) public_status_id: Option<OrderStatusId>,
    pub(super) public_status: Option<&'a str>,
    pub(super) state: OrderState,
    pub(super) active: bool,
    pub(super) received_at: Timestamp,
    pub(super) promised_at: Option<Timestamp>,
    pub(super) closed_at: Option<Timestamp>,
    pub(super) technicians: &'a [AssignedTechnician],
    pub(super) updated_at: Timestamp,
}

impl<'a> From<&'a Order> for RoomOrder<'a> {
    fn from(o: &'a Order) -> Self {
        RoomOrder {
            id: o.id,
            number: &o.number,
            customer_id: o.customer_id,
            customer_name: &o.customer_name,
            equipment_id: o.equipment_id,
            equipment_brand: o.equipment_brand.as_deref(),
            equipment_model: o.equipment_model.as_deref(),
            equipment_serial: o.equipment_serial.as_deref(),
            reason: &o.reason,
            service_value: o.service_value,
            public_status_id: o.public_status_id,
            public_status: o.public_status.as_deref(),
            state: o.state,
            active: o.active,
            received_at: o.received_at,
            promised_at: o.promised_at,
            closed_at: o.closed_at,
            technicians: &o.technicians,
            updated_at: o.updated_at,
        }
    }
}

#[derive(Debug, Serialize)]
pub(super) struct OrderChange<'a> {
    #[serde(rename = "type")]
    pub(super) kind: &'static str,
    pub(super) order: RoomOrder<'a>,
    pub(super) by: Actor<'a>,
    /// Which fields an `order.updated` changed.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub(super) changed: &'a [&'static str],
}

/// A timeline event added or edited, for `order:<id>` (public events) or
/// `internal:order:<id>` (internal ones).
#[derive(Debug, Serialize)]
pub(super) struct EventChange<'a> {
    #[serde(rename = "type")]
    pub(super) kind: &'static str,
    pub(super) order_id: OrderId,
    pub(super) event: &'a OrderEvent,
    pub(super) by: Actor<'a>,
}

#[derive(Debug, Serialize)]
pub(super) struct EventRemoved<'a> {
    #[serde(rename = "type")]
    pub(super) kind: &'static str,
    pub(super) order_id: OrderId,
    pub(super) event_id: OrderEventId,
    pub(super) by: Actor<'a>,
}

/// A public event for `public:order:<token>`: stripped to public fields.
#[derive(Debug, Serialize)]
pub(super) struct PublicEventChange<'a> {
    #[serde(rename = "type")]
    pub(super) kind: &'static str,
    pub(super) event: &'a PublicEvent,
}

#[derive(Debug, Serialize)]
pub(super) struct PublicEventRemoved {
    #[serde(rename = "type")]
    pub(super) kind: &'static str,
    pub(super) event_id: OrderEventId,
}

#[derive(Debug, Serialize)]
pub(super) struct PartChange<'a> {
    #[serde(rename = "type")]
    pub(super) kind: &'static str,
    pub(super) order_id: OrderId,
    pub(super) part: &'a OrderPart,
    pub(super) by: Actor<'a>,
}

#[derive(Debug, Serialize)]
pub(super) struct PartRemoved<'a> {
    #[serde(rename = "type")]
    pub(super) kind: &'static str,
    pub(super) order_id: OrderId,
    pub(super) part_id: OrderPartId,
    pub(super) by: Actor<'a>,
}

#[derive(Debug, Serialize)]
pub(super) struct Notice<'a> {
    #[serde(rename = "type")]
    pub(super) kind: &'static str,
    pub(super) order_id: OrderId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) by: Option<Actor<'a>>,
}
