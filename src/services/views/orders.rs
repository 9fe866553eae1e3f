//! Service orders, their status catalogs and the dashboard's status counts as
//! the API shows them.

use serde::Serialize;

use crate::domain::order::AssignedTechnician;
use crate::domain::{
    CustomerId, EquipmentId, Money, OrderId, OrderState, OrderStatusId, Timestamp, UserId,
    Visibility,
};

view! {
    /// One label of a status catalog.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
    pub struct OrderStatus from crate::store::orders::OrderStatus {
        pub id: OrderStatusId,
        /// `public` labels go on the customer's timeline, `internal` ones only to staff.
        pub visibility: Visibility,
        pub label: String,
        /// Order within its catalog (1, 2, 3, …).
        pub position: i32,
        /// Deactivated labels stay on past events but cannot be chosen any more.
        pub active: bool,
        pub created_at: Timestamp,
    }
}

view! {
    /// A service order as staff and the customer's contacts see it. For a
    /// customer contact the service clears the internal status before answering.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
    pub struct Order from crate::store::orders::Order {
        pub id: OrderId,
        /// Human number, e.g. `OS-000123`.
        pub number: String,
        pub customer_id: CustomerId,
        pub customer_name: String,
        pub equipment_id: Option<EquipmentId>,
        pub equipment_brand: Option<String>,
        pub equipment_model: Option<String>,
        pub equipment_serial: Option<String>,
        /// Why the customer brought the machine (motivo de la orden).
        pub reason: String,
        /// The agreed service value (company currency).
        pub service_value: Money,
        /// The latest public status (from the latest public event with a status).
        pub public_status_id: Option<OrderStatusId>,
        pub public_status: Option<String>,
        /// The latest internal status; staff only (absent for customers).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub internal_status_id: Option<OrderStatusId>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub internal_status: Option<String>,
        /// The secret of the order's QR link (`/o/<token>`).
        pub qr_token: String,
        pub state: OrderState,
        /// False once deactivated ("desincorporada").
        pub active: bool,
        pub received_at: Timestamp,
        /// When the customer was told the machine would be ready.
        pub promised_at: Option<Timestamp>,
        pub closed_at: Option<Timestamp>,
        pub created_by: UserId,
        pub created_at: Timestamp,
        pub updated_at: Timestamp,
        /// Filled by the service (a second query).
        pub technicians: Vec<AssignedTechnician>,
    }
}

view! {
    /// How many open orders carry a status (dashboard).
    #[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
    pub struct StatusCount from crate::store::orders::StatusCount {
        /// `None`: orders with no status of this kind yet.
        pub status_id: Option<OrderStatusId>,
        pub status_name: Option<String>,
        pub count: i64,
    }
}
