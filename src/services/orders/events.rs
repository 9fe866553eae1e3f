//! The order room's view of an order, for the events of the order channels
//! (see the parent module's table of channels and audiences; the event
//! types themselves are in [`crate::domain::events`]).

use crate::domain::events::RoomOrder;
use crate::store::orders::Order;

impl From<&Order> for RoomOrder {
    fn from(o: &Order) -> Self {
        RoomOrder {
            id: o.id,
            number: o.number.clone(),
            customer_id: o.customer_id,
            customer_name: o.customer_name.clone(),
            equipment_id: o.equipment_id,
            equipment_brand: o.equipment_brand.clone(),
            equipment_model: o.equipment_model.clone(),
            equipment_serial: o.equipment_serial.clone(),
            reason: o.reason.clone(),
            service_value: o.service_value,
            public_status_id: o.public_status_id,
            public_status: o.public_status.clone(),
            state: o.state,
            active: o.active,
            received_at: o.received_at,
            promised_at: o.promised_at,
            closed_at: o.closed_at,
            technicians: o.technicians.clone(),
            updated_at: o.updated_at,
        }
    }
}
