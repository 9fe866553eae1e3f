//! The dashboard's ticket counts as the API shows them.

use serde::Serialize;

use crate::domain::TicketPriority;

view! {
    /// How many open tickets have a priority (dashboard).
    #[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
    pub struct PriorityCount from crate::store::tickets::PriorityCount {
        pub priority: TicketPriority,
        pub count: i64,
    }
}
