//! Appointment reminders as the API shows them.

use serde::Serialize;
use uuid::Uuid;

use crate::domain::Timestamp;
use crate::domain::appointment::ReminderStatus;

view! {
    #[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
    pub struct Reminder from crate::store::reminders::Reminder {
        #[schema(value_type = String, format = Uuid)]
        pub id: Uuid,
        #[schema(value_type = String, format = Uuid)]
        pub appointment_id: Uuid,
        pub offset_minutes: i64,
        pub due_at: Timestamp,
        pub status: ReminderStatus,
        pub claimed_by: Option<String>,
        pub created_at: Timestamp,
        pub sent_at: Option<Timestamp>,
    }
}
