//! Appointments: a visit of a technician to a customer's machine, and the
//! rules of its states.

use serde::{Deserialize, Serialize};

/// Where an appointment stands. Stored as snake_case text.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    strum::Display,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
    utoipa::ToSchema,
    ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum AppointmentState {
    /// Proposed by Faena when a machine's maintenance plan falls due: the
    /// customer accepts the slot (confirmed, reminders planned) or asks for
    /// another; the office may move or cancel it.
    Proposed,
    Scheduled,
    Confirmed,
    /// Staff moved it to another time.
    Rescheduled,
    /// The customer asked for another time (`proposed_starts_at`, and their
    /// comment): the visit stands until the office moves or confirms it.
    RescheduleRequested,
    Cancelled,
    Done,
}
crate::text_enum_sql!(AppointmentState);

impl AppointmentState {
    /// Whether the appointment may go from `self` to `next`.
    pub fn can_move_to(self, next: AppointmentState) -> bool {
        use AppointmentState::*;
        matches!(
            (self, next),
            (
                Scheduled | Confirmed | Rescheduled | RescheduleRequested,
                RescheduleRequested
            ) | (
                Proposed,
                Confirmed | Rescheduled | Cancelled | RescheduleRequested
            ) | (Scheduled, Confirmed | Rescheduled | Cancelled | Done)
                | (Confirmed, Rescheduled | Cancelled | Done)
                | (
                    Rescheduled | RescheduleRequested,
                    Confirmed | Rescheduled | Cancelled | Done
                )
        )
    }

    /// Still ahead: reminders apply.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            AppointmentState::Scheduled
                | AppointmentState::Confirmed
                | AppointmentState::Rescheduled
                | AppointmentState::RescheduleRequested
        )
    }
}

/// Status of a planned reminder. Stored as snake_case text.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ReminderStatus {
    Pending,
    Sent,
    /// The appointment moved or was cancelled.
    Dropped,
}
crate::text_enum_sql!(ReminderStatus);

/// Where a maintenance request stands. Stored as snake_case text.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    strum::Display,
    strum::EnumString,
    strum::IntoStaticStr,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum RequestState {
    New,
    Triaged,
    /// Turned into a service order and/or an appointment.
    Converted,
    Rejected,
}
crate::text_enum_sql!(RequestState);

impl RequestState {
    /// Only new and triaged requests are still to be handled.
    pub fn is_open(self) -> bool {
        matches!(self, RequestState::New | RequestState::Triaged)
    }
}

#[cfg(test)]
mod tests {
    use super::AppointmentState::*;
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn closed_states_are_final() {
        for s in AppointmentState::iter() {
            assert!(!Cancelled.can_move_to(s));
            assert!(!Done.can_move_to(s));
        }
        assert!(Scheduled.can_move_to(Confirmed));
        assert!(!Confirmed.can_move_to(Scheduled));
        assert!(Rescheduled.can_move_to(Rescheduled));
    }

    #[test]
    fn a_reschedule_request_waits_for_the_office() {
        for from in [Scheduled, Confirmed, Rescheduled, RescheduleRequested] {
            assert!(from.can_move_to(RescheduleRequested), "{from}");
        }
        // The office moves or confirms it; either side may cancel.
        for to in [Rescheduled, Confirmed, Cancelled, Done] {
            assert!(RescheduleRequested.can_move_to(to), "{to}");
        }
        assert!(!RescheduleRequested.can_move_to(Scheduled));
        assert!(RescheduleRequested.is_open());
        assert_eq!(RescheduleRequested.to_string(), "reschedule_requested");
    }

    #[test]
    fn a_proposed_visit_waits_for_the_customer() {
        // Accepted, it is a normal appointment; or another time is asked.
        assert!(Proposed.can_move_to(Confirmed));
        assert!(Proposed.can_move_to(RescheduleRequested));
        assert!(Proposed.can_move_to(Rescheduled) && Proposed.can_move_to(Cancelled));
        // Not done before anyone agreed to it, and never proposed again.
        assert!(!Proposed.can_move_to(Done));
        for s in AppointmentState::iter() {
            assert!(!s.can_move_to(Proposed), "{s}");
        }
        // No reminders until accepted.
        assert!(!Proposed.is_open() && Confirmed.is_open());
    }
}
