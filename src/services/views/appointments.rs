//! Appointments as the API shows them.

use serde::Serialize;
use uuid::Uuid;

use crate::domain::appointment::AppointmentState;
use crate::domain::{CustomerId, EquipmentId, Timestamp, UserId};

view! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
    pub struct Appointment from crate::store::appointments::Appointment {
        #[schema(value_type = String, format = Uuid)]
        pub id: Uuid,
        pub customer_id: CustomerId,
        pub customer_name: String,
        pub equipment_id: Option<EquipmentId>,
        pub equipment_brand: Option<String>,
        pub equipment_model: Option<String>,
        pub equipment_serial: Option<String>,
        pub technician_id: Option<UserId>,
        pub technician_name: Option<String>,
        pub starts_at: Timestamp,
        pub ends_at: Timestamp,
        pub place: String,
        pub notes: String,
        pub state: AppointmentState,
        /// The new start the customer asked for (state `reschedule_requested`).
        pub proposed_starts_at: Option<Timestamp>,
        /// The customer's words with that request (empty when none).
        pub reschedule_comment: String,
        pub created_by: UserId,
        pub created_at: Timestamp,
        pub updated_at: Timestamp,
    }
}
