//! Appointments (capability 5): staff book a technician's visit to a
//! customer's machine; customers confirm, ask to reschedule or cancel from
//! the portal; staff move, cancel and complete them.
//!
//! Every change is one transaction that also
//! - enqueues the notifications (e-mail, push and in-app per preferences) of
//!   the customer's portal contacts and of the technician, and
//! - re-plans the reminder rows: planned at the configured offsets when the
//!   appointment is created or confirmed, replaced when it moves, dropped when
//!   it is cancelled or done. The scheduler ([`crate::jobs::scheduler`])
//!   turns due rows into notifications.
//!
//! Scoping follows tickets: office roles all, a seller their customers' (and
//! those assigned to them), a contact their own company's, a technician
//! those assigned to them; out of scope is `404`.

use chrono::TimeDelta;
use serde::Deserialize;
use uuid::Uuid;

use super::{Lines, Principal, Services, text_field};
use crate::domain::appointment::AppointmentState;
use crate::domain::interaction::{Direction, Initiative, InteractionChannel, InteractionSubject};
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::role::CustomerScope;
use crate::domain::{CustomerId, EquipmentId, Permission, Role, TicketScope, Timestamp, UserId};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::notify::templates::{AppointmentEvent, Lang, Message, When};
use crate::services::uow::UnitOfWork;
use crate::store::Conn;
use crate::store::appointments::{Appointment, NewAppointment};
use crate::store::reminders::Reminder;

use super::notifications::Notify;

/// A new appointment as sent by staff.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AppointmentInput {
    pub customer_id: CustomerId,
    /// One of the customer's machines.
    pub equipment_id: Option<EquipmentId>,
    /// The technician who visits.
    pub technician_id: Option<UserId>,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    #[serde(default)]
    #[schema(max_length = 300)]
    pub place: String,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub notes: String,
}

/// Moves an appointment (staff).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MoveInput {
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    /// Change the technician too (absent: keep).
    pub technician_id: Option<UserId>,
}

/// A customer's request for another time: the office decides.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RescheduleRequest {
    /// The start the customer would like.
    pub proposed_starts_at: Timestamp,
    /// Anything the office should know (at most 1000 characters).
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub comment: String,
}

fn scope(who: &Principal) -> TicketScope {
    TicketScope::for_user(who.user.role, who.user.id, who.user.customer_id)
}

fn check_times(starts_at: Timestamp, ends_at: Timestamp) -> AppResult<()> {
    if ends_at <= starts_at {
        return Err(AppError::validation(
            "ends_at",
            "the end must be after the start",
        ));
    }
    if ends_at > starts_at + TimeDelta::days(7) {
        return Err(AppError::validation(
            "ends_at",
            "an appointment lasts at most 7 days",
        ));
    }
    Ok(())
}

/// The notification kind (and in-app event) of an appointment template.
pub fn notification_kind(event: AppointmentEvent) -> NotificationKind {
    match event {
        AppointmentEvent::Proposed => NotificationKind::MaintenanceDue,
        AppointmentEvent::Scheduled => NotificationKind::AppointmentScheduled,
        AppointmentEvent::Confirmed => NotificationKind::AppointmentConfirmed,
        AppointmentEvent::Reminder => NotificationKind::AppointmentReminder,
        AppointmentEvent::Rescheduled => NotificationKind::AppointmentRescheduled,
        AppointmentEvent::RescheduleReceived => NotificationKind::AppointmentRescheduleRequested,
        AppointmentEvent::Cancelled => NotificationKind::AppointmentCancelled,
        AppointmentEvent::Done => NotificationKind::AppointmentDone,
    }
}

impl Services {
    fn appointment_link(&self, id: Uuid) -> String {
        format!("{}/appointments/{id}", self.public_url)
    }

    /// Plans a reminder row per configured offset whose due time is still
    /// ahead (a reminder already past when planned is not sent).
    pub(crate) async fn plan_reminders(
        &self,
        tx: &mut Conn,
        a: &Appointment,
        now: Timestamp,
    ) -> AppResult<()> {
        tx.drop_reminders(a.id).await?;
        for &minutes in &self.settings.scheduler.reminder_offsets_minutes {
            let due = a.starts_at - TimeDelta::minutes(minutes);
            if due > now {
                tx.insert_reminder(a.id, minutes, due, now).await?;
            }
        }
        Ok(())
    }

    /// Enqueues one appointment notification for the customer's contacts and
    /// the technician; `key` makes it unique (a change id or a reminder row).
    pub(crate) async fn notify_appointment(
        &self,
        tx: &mut UnitOfWork<'_>,
        a: &Appointment,
        event: AppointmentEvent,
        key: &str,
    ) -> AppResult<()> {
        let kind = notification_kind(event);
        let link = self.appointment_link(a.id);
        let time_zone = tx.company_settings().await?.time_zone;
        let starts = When::new(a.starts_at, &time_zone);
        let message = |name: &str| Message::Appointment {
            event,
            name: name.to_string(),
            when: starts,
            place: a.place.clone(),
            link: link.clone(),
        };
        self.notify_customer(
            tx,
            a.customer_id,
            kind,
            key,
            SubjectType::Appointment,
            a.id.to_string(),
            message,
        )
        .await?;
        if let Some(tech) = a.technician_id
            && let Some(user) = tx.user(tech).await?
            && user.active
        {
            self.notify(
                tx,
                Notify {
                    kind,
                    key: format!("{key}:{}", user.id),
                    user: Some(user.id),
                    email: Some(user.email.as_str()),
                    message: message(&user.name),
                    subject_type: SubjectType::Appointment,
                    subject_id: a.id.to_string(),
                    in_app: true,
                    attachments: Vec::new(),
                },
            )
            .await?;
        }
        Ok(())
    }

    /// Books an appointment (staff who may schedule for the customer).
    pub async fn create_appointment(
        &self,
        who: &Principal,
        input: AppointmentInput,
    ) -> AppResult<Appointment> {
        who.require(Permission::ScheduleAppointments)?;
        check_times(input.starts_at, input.ends_at)?;
        let place = text_field("place", &input.place, 300, false, Lines::Single)?;
        let notes = text_field("notes", &input.notes, 4000, false, Lines::Multi)?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        tx.customer(who.customer_scope(), input.customer_id)
            .await?
            .ok_or_else(|| AppError::not_found("customer").field("customer_id"))?;
        if let Some(eq) = input.equipment_id {
            let found = tx.equipment(CustomerScope::All, eq).await?;
            if found.is_none_or(|e| e.customer_id != input.customer_id) {
                return Err(AppError::not_found("equipment").field("equipment_id"));
            }
        }
        if let Some(tech) = input.technician_id {
            check_technician(&mut tx, tech).await?;
        }
        let a = tx
            .insert_appointment(&NewAppointment {
                id: Uuid::now_v7(),
                customer_id: input.customer_id,
                equipment_id: input.equipment_id,
                technician_id: input.technician_id,
                starts_at: input.starts_at,
                ends_at: input.ends_at,
                place,
                notes,
                state: AppointmentState::Scheduled,
                created_by: who.user.id,
                now,
            })
            .await?;
        self.plan_reminders(&mut tx, &a, now).await?;
        let key = format!("appointment:{}:{}", a.id, Uuid::now_v7());
        self.notify_appointment(&mut tx, &a, AppointmentEvent::Scheduled, &key)
            .await?;
        tx.commit().await?;
        Ok(a)
    }

    pub async fn get_appointment(&self, who: &Principal, id: Uuid) -> AppResult<Appointment> {
        who.require(Permission::ReadAppointments)?;
        self.store
            .conn()
            .await?
            .appointment(scope(who), id)
            .await?
            .ok_or_else(|| AppError::not_found("appointment"))
    }

    pub async fn list_appointments(
        &self,
        who: &Principal,
        from: Option<Timestamp>,
        to: Option<Timestamp>,
    ) -> AppResult<Vec<Appointment>> {
        who.require(Permission::ReadAppointments)?;
        if let (Some(from), Some(to)) = (from, to)
            && to < from
        {
            return Err(AppError::validation(
                "to",
                "the window ends before it starts",
            ));
        }
        Ok(self
            .store
            .conn()
            .await?
            .appointments(scope(who), from, to)
            .await?)
    }

    /// The reminder rows of an appointment (staff).
    pub async fn appointment_reminders(
        &self,
        who: &Principal,
        id: Uuid,
    ) -> AppResult<Vec<Reminder>> {
        who.require(Permission::ReadAppointments)?;
        if who.user.role == Role::Customer {
            return Err(AppError::forbidden());
        }
        let mut conn = self.store.conn().await?;
        conn.appointment(scope(who), id)
            .await?
            .ok_or_else(|| AppError::not_found("appointment"))?;
        Ok(conn.reminders_of(id).await?)
    }

    /// Applies one change in one transaction: checks the transition, writes,
    /// re-plans or drops the reminders and notifies.
    #[allow(clippy::too_many_arguments)]
    async fn change_appointment(
        &self,
        who: &Principal,
        id: Uuid,
        next: AppointmentState,
        times: Option<(Timestamp, Timestamp)>,
        technician: Option<UserId>,
        proposed: Option<(Timestamp, String)>,
        event: AppointmentEvent,
    ) -> AppResult<Appointment> {
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let current = tx
            .appointment(scope(who), id)
            .await?
            .ok_or_else(|| AppError::not_found("appointment"))?;
        if !current.state.can_move_to(next) {
            return Err(AppError::new(
                ErrorCode::InvalidTransition,
                format!(
                    "an appointment in state {} cannot move to {next}",
                    current.state
                ),
            )
            .field("state"));
        }
        if let Some(tech) = technician {
            check_technician(&mut tx, tech).await?;
        }
        let (starts_at, ends_at) = times.unwrap_or((current.starts_at, current.ends_at));
        if !tx
            .update_appointment(
                id,
                current.state,
                next,
                starts_at,
                ends_at,
                technician.or(current.technician_id),
                proposed.as_ref().map(|p| p.0),
                proposed.as_ref().map_or("", |p| p.1.as_str()),
                now,
            )
            .await?
        {
            return Err(AppError::new(
                ErrorCode::Conflict,
                "the appointment was changed meanwhile; reload it and try again",
            ));
        }
        let a = tx
            .appointment(TicketScope::All, id)
            .await?
            .ok_or_else(|| AppError::not_found("appointment"))?;
        match next {
            AppointmentState::Cancelled | AppointmentState::Done => {
                tx.drop_reminders(id).await?;
            }
            AppointmentState::Confirmed => self.plan_reminders(&mut tx, &a, now).await?,
            _ if times.is_some() => self.plan_reminders(&mut tx, &a, now).await?,
            _ => {}
        }
        // A visit a maintenance plan proposed: the office's "due soon"
        // list shows what became of it.
        let plan = tx.plan_of_proposal(id).await?;
        if let Some(equipment) = plan {
            self.announce_plan(&mut tx, equipment, Some(who.actor()))
                .await?;
        }
        if next == AppointmentState::Done {
            // A visit done: on the customer's interaction timeline,
            // proactive when Faena proposed it from a maintenance plan.
            let proposed = plan.is_some();
            let reason = match (self.language(), proposed) {
                (Lang::Es, true) => "Visita de mantenimiento preventivo",
                (Lang::Es, false) => "Visita técnica",
                (Lang::En, true) => "Preventive maintenance visit",
                (Lang::En, false) => "Technical visit",
            };
            self.log_seen_interaction(
                &mut tx,
                a.customer_id,
                InteractionChannel::Visit,
                Direction::Outbound,
                if proposed {
                    Initiative::Proactive
                } else {
                    Initiative::Reactive
                },
                reason.to_string(),
                a.notes.chars().take(2000).collect(),
                a.technician_id.or(Some(who.user.id)),
                (InteractionSubject::Appointment, id.to_string()),
                format!("appointment:{id}:done"),
            )
            .await?;
        }
        let key = format!("appointment:{id}:{}", Uuid::now_v7());
        if next == AppointmentState::RescheduleRequested {
            // A request, not a change: the customer hears it was received,
            // the office is asked to act, the technician hears nothing
            // until the office moves the visit.
            self.notify_reschedule_request(&mut tx, &a, &key).await?;
        } else {
            self.notify_appointment(&mut tx, &a, event, &key).await?;
        }
        tx.commit().await?;
        Ok(a)
    }

    /// The notices of a customer's reschedule request: "we received your
    /// request" to the customer's contacts, "act on it" to the office desk.
    async fn notify_reschedule_request(
        &self,
        tx: &mut UnitOfWork<'_>,
        a: &Appointment,
        key: &str,
    ) -> AppResult<()> {
        let link = self.appointment_link(a.id);
        let time_zone = tx.company_settings().await?.time_zone;
        let starts = When::new(a.starts_at, &time_zone);
        let proposed = a.proposed_starts_at.map(|p| When::new(p, &time_zone));
        let kind = NotificationKind::AppointmentRescheduleRequested;
        self.notify_customer(
            tx,
            a.customer_id,
            kind,
            key,
            SubjectType::Appointment,
            a.id.to_string(),
            |name| Message::Appointment {
                event: AppointmentEvent::RescheduleReceived,
                name: name.to_string(),
                when: starts,
                place: a.place.clone(),
                link: link.clone(),
            },
        )
        .await?;
        self.notify_desk(
            tx,
            kind,
            &format!("{key}:desk"),
            SubjectType::Appointment,
            a.id.to_string(),
            |name| Message::RescheduleRequested {
                name: name.to_string(),
                customer: a.customer_name.clone(),
                when: starts,
                proposed,
                comment: a.reschedule_comment.clone(),
                link: link.clone(),
            },
        )
        .await
    }

    /// The customer (or staff) confirms the appointment.
    pub async fn confirm_appointment(&self, who: &Principal, id: Uuid) -> AppResult<Appointment> {
        require_respond_or_schedule(who)?;
        self.change_appointment(
            who,
            id,
            AppointmentState::Confirmed,
            None,
            None,
            None,
            AppointmentEvent::Confirmed,
        )
        .await
    }

    /// The customer asks for another start time: the appointment is marked
    /// `reschedule_requested` (it keeps its time) and the office is asked to
    /// act; staff then move or confirm it.
    pub async fn request_reschedule(
        &self,
        who: &Principal,
        id: Uuid,
        input: RescheduleRequest,
    ) -> AppResult<Appointment> {
        who.require(Permission::RespondAppointments)?;
        if input.proposed_starts_at <= Timestamp::now() {
            return Err(AppError::validation(
                "proposed_starts_at",
                "propose a time in the future",
            ));
        }
        let comment = text_field("comment", &input.comment, 1000, false, Lines::Multi)?;
        self.change_appointment(
            who,
            id,
            AppointmentState::RescheduleRequested,
            None,
            None,
            Some((input.proposed_starts_at, comment)),
            AppointmentEvent::RescheduleReceived,
        )
        .await
    }

    /// Staff move the appointment (and maybe change the technician).
    pub async fn move_appointment(
        &self,
        who: &Principal,
        id: Uuid,
        input: MoveInput,
    ) -> AppResult<Appointment> {
        who.require(Permission::ScheduleAppointments)?;
        check_times(input.starts_at, input.ends_at)?;
        self.change_appointment(
            who,
            id,
            AppointmentState::Rescheduled,
            Some((input.starts_at, input.ends_at)),
            input.technician_id,
            None,
            AppointmentEvent::Rescheduled,
        )
        .await
    }

    /// Cancels (customer or staff); its pending reminders are dropped.
    pub async fn cancel_appointment(&self, who: &Principal, id: Uuid) -> AppResult<Appointment> {
        require_respond_or_schedule(who)?;
        self.change_appointment(
            who,
            id,
            AppointmentState::Cancelled,
            None,
            None,
            None,
            AppointmentEvent::Cancelled,
        )
        .await
    }

    /// Marks the visit done (office or the assigned technician).
    pub async fn complete_appointment(&self, who: &Principal, id: Uuid) -> AppResult<Appointment> {
        who.require(Permission::CompleteAppointments)?;
        self.change_appointment(
            who,
            id,
            AppointmentState::Done,
            None,
            None,
            None,
            AppointmentEvent::Done,
        )
        .await
    }
}

fn require_respond_or_schedule(who: &Principal) -> AppResult<()> {
    if who.user.role.allows(Permission::RespondAppointments)
        || who.user.role.allows(Permission::ScheduleAppointments)
    {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

/// The technician must be an active staff user.
async fn check_technician(tx: &mut Conn, id: UserId) -> AppResult<()> {
    match tx.user(id).await? {
        Some(u) if u.active && u.role != Role::Customer => Ok(()),
        _ => Err(AppError::not_found("technician").field("technician_id")),
    }
}
