//! Support tickets (PQR: peticiones, quejas, reclamos): their type, priority
//! and state, the allowed state transitions, and which tickets a person may
//! see.
//!
//! | from | may move to |
//! |---|---|
//! | open | in_progress, pending, closed |
//! | in_progress | pending, closed |
//! | pending | in_progress, closed |
//! | closed | open (reopen) |
//!
//! Reopening (closed → open) is a state transition like the others here; that
//! only office roles may do it is a permission ([`Permission::ManageTickets`]),
//! checked by the service.
//!
//! [`Permission::ManageTickets`]: super::Permission::ManageTickets

use serde::{Deserialize, Serialize};

use super::{CustomerId, Role, TicketId, Timestamp, UserId};

/// What a ticket is about.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
    strum::Display,
    utoipa::ToSchema,
    ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum TicketType {
    /// Facturación.
    Billing,
    /// Soporte técnico.
    TechnicalSupport,
    /// Información general.
    GeneralInformation,
    /// Queja / reclamo.
    Complaint,
    /// Sugerencia.
    Suggestion,
}
crate::text_enum_sql!(TicketType);

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
    strum::Display,
    utoipa::ToSchema,
    ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum TicketPriority {
    High,
    Medium,
    Low,
}
crate::text_enum_sql!(TicketPriority);

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
    strum::Display,
    utoipa::ToSchema,
    ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum TicketState {
    /// Just raised, nobody working on it yet.
    Open,
    /// Someone is working on it.
    InProgress,
    /// Waiting (for the customer, a part, a third party).
    Pending,
    /// Resolved; the resolution time stops here.
    Closed,
}
crate::text_enum_sql!(TicketState);

impl TicketState {
    /// Whether a ticket in this state may move to `next`. Staying in the same
    /// state is not a transition.
    pub fn can_move_to(self, next: TicketState) -> bool {
        use TicketState::*;
        matches!(
            (self, next),
            (Open, InProgress | Pending | Closed)
                | (InProgress, Pending | Closed)
                | (Pending, InProgress | Closed)
                | (Closed, Open)
        )
    }
}

/// Which tickets a signed-in person may see; applied inside store queries.
///
/// Staff also see every ticket assigned to them, so assigning a ticket to a
/// technician or a seller outside their customers still lets them work it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketScope {
    /// Office roles: every ticket.
    All,
    /// A seller: tickets of the customers they own, and tickets assigned to them.
    OwnedByOrAssignedTo(UserId),
    /// A customer contact: their own company's tickets.
    Company(CustomerId),
    /// A technician: tickets assigned to them.
    AssignedTo(UserId),
    /// A customer contact with no company.
    Nothing,
}

impl TicketScope {
    pub fn for_user(role: Role, user: UserId, company: Option<CustomerId>) -> TicketScope {
        match role {
            Role::Master | Role::Admin | Role::Operator => TicketScope::All,
            Role::Seller => TicketScope::OwnedByOrAssignedTo(user),
            Role::Technician => TicketScope::AssignedTo(user),
            Role::Customer => company.map_or(TicketScope::Nothing, TicketScope::Company),
        }
    }
}

/// A support ticket (PQR) as people see it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct Ticket {
    pub id: TicketId,
    /// Human number, e.g. `PQR-000042`.
    pub number: String,
    pub customer_id: CustomerId,
    pub customer_name: String,
    /// Billing, technical support, general information, complaint or suggestion.
    #[serde(rename = "type")]
    pub kind: TicketType,
    pub priority: TicketPriority,
    pub state: TicketState,
    pub subject: String,
    pub description: String,
    pub created_by: UserId,
    pub assignee_id: Option<UserId>,
    pub assignee_name: Option<String>,
    pub created_at: Timestamp,
    /// SLA: the first reply by staff in the ticket's chat.
    pub first_response_at: Option<Timestamp>,
    /// SLA: when the ticket was closed (cleared when reopened).
    pub resolved_at: Option<Timestamp>,
    /// SLA: when the first response falls due while its clock runs (in
    /// business hours); absent while paused (`pending`), once answered, or
    /// once breached and past.
    pub sla_response_due_at: Option<Timestamp>,
    /// SLA: when the first-response target was missed (stays marked).
    pub sla_response_breached_at: Option<Timestamp>,
    /// SLA: when the resolution falls due while its clock runs.
    pub sla_resolution_due_at: Option<Timestamp>,
    /// SLA: when the resolution target was missed (stays marked).
    pub sla_resolution_breached_at: Option<Timestamp>,
    pub updated_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;
    use TicketState::*;
    use strum::IntoEnumIterator;

    #[test]
    fn transition_table() {
        // (from, to) pairs that are allowed; everything else is refused.
        let allowed = [
            (Open, InProgress),
            (Open, Pending),
            (Open, Closed),
            (InProgress, Pending),
            (InProgress, Closed),
            (Pending, InProgress),
            (Pending, Closed),
            (Closed, Open),
        ];
        for from in TicketState::iter() {
            for to in TicketState::iter() {
                assert_eq!(
                    from.can_move_to(to),
                    allowed.contains(&(from, to)),
                    "{from} -> {to}"
                );
            }
        }
    }

    #[test]
    fn no_state_moves_to_itself_and_closed_only_reopens() {
        for s in TicketState::iter() {
            assert!(!s.can_move_to(s), "{s}");
        }
        assert!(!Closed.can_move_to(InProgress));
        assert!(!Closed.can_move_to(Pending));
        assert!(!InProgress.can_move_to(Open));
        assert!(!Pending.can_move_to(Open));
    }

    #[test]
    fn every_open_state_can_be_closed() {
        for s in TicketState::iter().filter(|s| *s != Closed) {
            assert!(s.can_move_to(Closed), "{s}");
        }
    }

    #[test]
    fn names_are_snake_case() {
        assert_eq!(InProgress.to_string(), "in_progress");
        assert_eq!(
            "technical_support".parse::<TicketType>().unwrap(),
            TicketType::TechnicalSupport
        );
        assert_eq!(
            serde_json::to_string(&TicketType::GeneralInformation).unwrap(),
            "\"general_information\""
        );
        assert!("urgent".parse::<TicketPriority>().is_err());
    }

    #[test]
    fn scopes_per_role() {
        let me = UserId::new();
        let company = CustomerId::new();
        assert_eq!(
            TicketScope::for_user(Role::Operator, me, None),
            TicketScope::All
        );
        assert_eq!(
            TicketScope::for_user(Role::Seller, me, None),
            TicketScope::OwnedByOrAssignedTo(me)
        );
        assert_eq!(
            TicketScope::for_user(Role::Technician, me, None),
            TicketScope::AssignedTo(me)
        );
        assert_eq!(
            TicketScope::for_user(Role::Customer, me, Some(company)),
            TicketScope::Company(company)
        );
        assert_eq!(
            TicketScope::for_user(Role::Customer, me, None),
            TicketScope::Nothing
        );
    }
}
