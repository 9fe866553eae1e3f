//! Satisfaction surveys as the API shows them.

use serde::Serialize;
use uuid::Uuid;

use crate::domain::{CustomerId, OrderId, TicketId, Timestamp};

view! {
    /// A survey as the portal, the link and the office see it (never the token).
    #[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
    pub struct Survey from crate::store::surveys::Survey {
        #[schema(value_type = String, format = Uuid)]
        pub id: Uuid,
        pub order_id: Option<OrderId>,
        pub ticket_id: Option<TicketId>,
        pub customer_id: CustomerId,
        /// The order's or ticket's number, e.g. OS-000012 / PQR-000003.
        pub number: String,
        /// The order's reason or the ticket's subject.
        pub about: String,
        pub created_at: Timestamp,
        /// When the invitation is sent.
        pub invite_at: Timestamp,
        pub expires_at: Timestamp,
        pub answered_at: Option<Timestamp>,
        pub nps: Option<i32>,
        pub csat: Option<i32>,
        pub comment: String,
        pub followup_ticket_id: Option<TicketId>,
    }
}
