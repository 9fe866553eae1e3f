//! Interactions: every contact with a customer (issue 16; seed 004 keeps
//! `interacciones_cliente`), whichever side started it. Recorded by hand
//! (a call, a visit) or by the product where it sees the contact (a ticket
//! opened, a maintenance request, a survey answered, a visit done).

use serde::Serialize;

use crate::domain::{CustomerId, Timestamp, UserId};

crate::text_enum!(
    /// How the contact happened.
    InteractionChannel {
        Phone,
        Email,
        /// The portal or the app: a ticket, a request, a chat.
        Portal,
        Visit,
        Social,
    }
);

crate::text_enum!(
    /// Who reached out: the customer (inbound) or the company (outbound).
    Direction { Inbound, Outbound }
);

crate::text_enum!(
    /// Proactive: the company acted before the customer needed it (a
    /// follow-up, a proposed maintenance visit); reactive: it answered a
    /// need (a complaint, a breakdown, a request).
    Initiative { Proactive, Reactive }
);

crate::text_enum!(
    /// The record an interaction belongs to, when it has one.
    InteractionSubject {
        Order,
        Ticket,
        Appointment,
        Opportunity,
        Survey,
        MaintenanceRequest,
    }
);

/// An interaction as the customer's page shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct Interaction {
    #[ts(type = "string")]
    pub id: uuid::Uuid,
    pub customer_id: CustomerId,
    pub channel: InteractionChannel,
    pub direction: Direction,
    pub initiative: Initiative,
    pub reason: String,
    pub outcome: String,
    /// Who of the company took part (`null`: the customer reached out
    /// through the portal and nobody has answered yet).
    pub user_id: Option<UserId>,
    pub user_name: Option<String>,
    pub occurred_at: Timestamp,
    pub subject_type: Option<InteractionSubject>,
    pub subject_id: Option<String>,
    /// Recorded by the product rather than by a person.
    pub automatic: bool,
}
