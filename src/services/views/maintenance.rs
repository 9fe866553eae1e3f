//! Maintenance requests and their photos as the API shows them (the preferred
//! times' JSON and a photo's stored file name stay in the store).

use serde::Serialize;
use uuid::Uuid;

use crate::domain::appointment::RequestState;
use crate::domain::{CustomerId, EquipmentId, OrderId, TicketPriority, Timestamp, UserId};

view! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
    pub struct MaintenanceRequest from crate::store::maintenance::MaintenanceRequest {
        #[schema(value_type = String, format = Uuid)]
        pub id: Uuid,
        pub customer_id: CustomerId,
        pub customer_name: String,
        pub equipment_id: EquipmentId,
        pub equipment_brand: Option<String>,
        pub equipment_model: Option<String>,
        pub equipment_serial: Option<String>,
        pub description: String,
        pub priority: Option<TicketPriority>,
        pub assignee_id: Option<UserId>,
        /// The assignee's name, when there is one.
        pub assignee_name: Option<String>,
        pub state: RequestState,
        pub order_id: Option<OrderId>,
        #[schema(value_type = Option<String>, format = Uuid)]
        pub appointment_id: Option<Uuid>,
        pub created_by: UserId,
        pub created_at: Timestamp,
        pub updated_at: Timestamp,
    }
}

view! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
    pub struct RequestPhoto from crate::store::maintenance::RequestPhoto {
        #[schema(value_type = String, format = Uuid)]
        pub id: Uuid,
        #[schema(value_type = String, format = Uuid)]
        pub request_id: Uuid,
        pub created_at: Timestamp,
    }
}
