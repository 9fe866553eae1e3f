//! Maintenance requests: customer contacts submit them from the portal at any
//! hour (their own company's machine, a description, preferred dates,
//! photos); staff triage them (priority, assignee, state) and convert them
//! into a service order (through the orders service) and/or an appointment.
//!
//! Scoping follows tickets: office roles all, a seller their customers'
//! (and those assigned to them), a contact their own company's, a
//! technician those assigned to them; out of scope is `404`.
//!
//! Converting is claim-then-create: the request is moved to `converted` in
//! its own transaction first (so two staff converting at once cannot create
//! two orders), then the order and/or appointment are created by their own
//! services; if creating fails the request goes back to its previous state.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::appointments::AppointmentInput;
use super::images::{self, StoredImage};
use super::orders::OrderInput;
use super::{Lines, Principal, Services, text_field, views};
use crate::domain::CustomerId;
use crate::domain::appointment::RequestState;
use crate::domain::channel::{Channel, StaffFeed};
use crate::domain::events::{ChannelEvent, MaintenanceRequestCreated, NewMaintenanceRequest};
use crate::domain::interaction::{Direction, Initiative, InteractionChannel, InteractionSubject};
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::{
    EquipmentId, Permission, Role, TicketPriority, TicketScope, Timestamp, UserId,
};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::notify::templates::Lang;
use crate::notify::templates::Message;
use crate::store::appointments::Appointment;
use crate::store::maintenance::{MaintenanceRequest, NewRequest, RequestPhoto};
use crate::store::orders::Order;

/// Subfolder of the uploads folder holding request photos.
const FOLDER: &str = "maintenance";
/// Most photos on one request.
pub const MAX_PHOTOS: usize = 10;
/// Most preferred dates on one request.
const MAX_DATES: usize = 10;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RequestInput {
    /// Staff only; a customer contact always files for their own company.
    pub customer_id: Option<CustomerId>,
    /// One of the customer's machines.
    pub equipment_id: EquipmentId,
    #[schema(
        min_length = 1,
        max_length = 8000,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub description: String,
    /// Times the customer would prefer (at most 10).
    #[serde(default)]
    #[schema(max_items = 10)]
    pub preferred_dates: Vec<Timestamp>,
}

/// A request as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RequestView {
    #[serde(flatten)]
    pub request: views::maintenance::MaintenanceRequest,
    pub preferred_dates: Vec<Timestamp>,
    pub photos: Vec<views::maintenance::RequestPhoto>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TriageInput {
    pub priority: Option<TicketPriority>,
    /// A staff user who handles it (a technician then sees it).
    pub assignee_id: Option<UserId>,
    /// `triaged` (default) or `rejected`.
    pub state: Option<RequestState>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ConvertOrder {
    /// Defaults to the request's description; 1 to 500 characters.
    #[schema(
        min_length = 1,
        max_length = 500,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub reason: Option<String>,
    #[serde(default)]
    pub technician_ids: Vec<UserId>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ConvertAppointment {
    pub technician_id: Option<UserId>,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    #[serde(default)]
    pub place: String,
}

/// Convert into a service order and/or an appointment (at least one).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ConvertInput {
    pub order: Option<ConvertOrder>,
    pub appointment: Option<ConvertAppointment>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Conversion {
    pub request: RequestView,
    pub order: Option<views::orders::Order>,
    pub appointment: Option<views::appointments::Appointment>,
}

fn scope(who: &Principal) -> TicketScope {
    TicketScope::for_user(who.user.role, who.user.id, who.user.customer_id)
}

fn view(request: MaintenanceRequest, photos: Vec<RequestPhoto>) -> RequestView {
    let preferred_dates = serde_json::from_str(&request.preferred_dates).unwrap_or_default();
    RequestView {
        request: request.into(),
        preferred_dates,
        photos: views::list(photos),
    }
}

impl Services {
    async fn request_view(&self, scope: TicketScope, id: Uuid) -> AppResult<RequestView> {
        let mut conn = self.store.conn().await?;
        let r = conn
            .maintenance_request(scope, id)
            .await?
            .ok_or_else(|| AppError::not_found("maintenance request"))?;
        let photos = conn.request_photos(id).await?;
        Ok(view(r, photos))
    }

    /// Files a request (customer contacts for their company; staff for a
    /// customer in their scope).
    pub async fn create_maintenance_request(
        &self,
        who: &Principal,
        input: RequestInput,
    ) -> AppResult<RequestView> {
        who.require(Permission::CreateMaintenanceRequests)?;
        let description = text_field("description", &input.description, 8000, true, Lines::Multi)?;
        if input.preferred_dates.len() > MAX_DATES {
            return Err(AppError::validation(
                "preferred_dates",
                format!("give at most {MAX_DATES} preferred dates"),
            ));
        }
        let customer_id = if who.user.role == Role::Customer {
            who.user.customer_id.ok_or_else(AppError::forbidden)?
        } else {
            input
                .customer_id
                .ok_or_else(|| AppError::validation("customer_id", "choose the customer"))?
        };
        let dates = serde_json::to_string(&input.preferred_dates)
            .map_err(|e| AppError::validation("preferred_dates", e.to_string()))?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        tx.customer(who.customer_scope(), customer_id)
            .await?
            .ok_or_else(|| AppError::not_found("customer").field("customer_id"))?;
        let machine = tx
            .equipment(who.customer_scope(), input.equipment_id)
            .await?;
        if machine.is_none_or(|m| m.customer_id != customer_id) {
            return Err(AppError::not_found("equipment").field("equipment_id"));
        }
        let r = tx
            .insert_maintenance_request(&NewRequest {
                id: Uuid::now_v7(),
                customer_id,
                equipment_id: input.equipment_id,
                description: &description,
                preferred_dates: &dates,
                created_by: who.user.id,
                now,
            })
            .await?;
        // The office's open lists, and an alert when a customer asked.
        let event = ChannelEvent::MaintenanceRequestCreated(MaintenanceRequestCreated {
            request: NewMaintenanceRequest {
                id: r.id,
                customer_id: r.customer_id,
                customer_name: r.customer_name.clone(),
                created_at: r.created_at,
            },
            by: who.actor(),
        });
        tx.publish(
            &Channel::Staff(StaffFeed::Maintenance),
            event,
            Some(who.user.id),
        )
        .await?;
        if who.user.role == Role::Customer {
            let link = format!("{}/maintenance-requests", self.public_url);
            let machine = [
                r.equipment_brand.as_deref(),
                r.equipment_model.as_deref(),
                r.equipment_serial.as_deref(),
            ]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
            self.notify_desk(
                &mut tx,
                NotificationKind::MaintenanceRequested,
                &format!("maintenance_requested:{}", r.id),
                SubjectType::MaintenanceRequest,
                r.id.to_string(),
                |name| Message::MaintenanceRequested {
                    name: name.to_string(),
                    customer: r.customer_name.clone(),
                    machine: machine.clone(),
                    description: r.description.clone(),
                    link: link.clone(),
                },
            )
            .await?;
            let reason = match self.language() {
                Lang::Es => format!("Solicitud de mantenimiento de {machine}"),
                Lang::En => format!("Maintenance request for {machine}"),
            };
            self.log_seen_interaction(
                &mut tx,
                customer_id,
                InteractionChannel::Portal,
                Direction::Inbound,
                Initiative::Reactive,
                reason,
                r.description.chars().take(2000).collect(),
                None,
                (InteractionSubject::MaintenanceRequest, r.id.to_string()),
                format!("maintenance_request:{}", r.id),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(view(r, Vec::new()))
    }

    pub async fn get_maintenance_request(
        &self,
        who: &Principal,
        id: Uuid,
    ) -> AppResult<RequestView> {
        who.require(Permission::ReadMaintenanceRequests)?;
        self.request_view(scope(who), id).await
    }

    /// Requests in scope, only those in `state` when given, newest first.
    pub async fn list_maintenance_requests(
        &self,
        who: &Principal,
        state: Option<RequestState>,
    ) -> AppResult<Vec<MaintenanceRequest>> {
        who.require(Permission::ReadMaintenanceRequests)?;
        Ok(self
            .store
            .conn()
            .await?
            .maintenance_requests(scope(who), state)
            .await?)
    }

    /// Whether `who` may add photos to request `id` (checked before reading the upload).
    pub async fn authorize_request_photos(&self, who: &Principal, id: Uuid) -> AppResult<()> {
        who.require(Permission::CreateMaintenanceRequests)?;
        let r = self
            .store
            .conn()
            .await?
            .maintenance_request(scope(who), id)
            .await?
            .ok_or_else(|| AppError::not_found("maintenance request"))?;
        if !r.state.is_open() {
            return Err(AppError::new(
                ErrorCode::InvalidTransition,
                format!("a {} request takes no more photos", r.state),
            ));
        }
        Ok(())
    }

    /// Adds photos (re-encoded as JPEG, like order photos).
    pub async fn add_request_photos(
        &self,
        who: &Principal,
        id: Uuid,
        photos: Vec<Vec<u8>>,
    ) -> AppResult<RequestView> {
        self.authorize_request_photos(who, id).await?;
        if photos.is_empty() {
            return Err(AppError::validation("photos", "attach at least one photo"));
        }
        let uploads = &self.settings.uploads;
        let mut names = Vec::new();
        for bytes in photos {
            let jpeg = images::reencode(
                bytes,
                uploads.max_image_bytes,
                uploads.max_image_side,
                StoredImage::Jpeg,
            )
            .await?;
            names.push(images::save(&uploads.dir.join(FOLDER), &jpeg, StoredImage::Jpeg).await?);
        }
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let existing = tx.request_photos(id).await?.len();
        if existing + names.len() > MAX_PHOTOS {
            for n in &names {
                let _ = tokio::fs::remove_file(uploads.dir.join(FOLDER).join(n)).await;
            }
            return Err(AppError::validation(
                "photos",
                format!("a request has at most {MAX_PHOTOS} photos"),
            ));
        }
        for n in &names {
            tx.insert_request_photo(id, n, now).await?;
        }
        tx.commit().await?;
        self.request_view(TicketScope::All, id).await
    }

    /// The file of one photo of a request in scope.
    pub async fn request_photo_file(
        &self,
        who: &Principal,
        id: Uuid,
        photo: Uuid,
    ) -> AppResult<std::path::PathBuf> {
        who.require(Permission::ReadMaintenanceRequests)?;
        let mut conn = self.store.conn().await?;
        conn.maintenance_request(scope(who), id)
            .await?
            .ok_or_else(|| AppError::not_found("maintenance request"))?;
        let p = conn
            .request_photos(id)
            .await?
            .into_iter()
            .find(|p| p.id == photo)
            .ok_or_else(|| AppError::not_found("photo"))?;
        Ok(self.settings.uploads.dir.join(FOLDER).join(p.stored_name))
    }

    /// Sets priority and assignee, and moves the request to `triaged` or `rejected`.
    pub async fn triage_maintenance_request(
        &self,
        who: &Principal,
        id: Uuid,
        input: TriageInput,
    ) -> AppResult<RequestView> {
        who.require(Permission::TriageMaintenanceRequests)?;
        let next = input.state.unwrap_or(RequestState::Triaged);
        if !matches!(next, RequestState::Triaged | RequestState::Rejected) {
            return Err(AppError::validation(
                "state",
                "triage sets triaged or rejected; convert with /convert",
            ));
        }
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let current = tx
            .maintenance_request(scope(who), id)
            .await?
            .ok_or_else(|| AppError::not_found("maintenance request"))?;
        if !current.state.is_open() {
            return Err(AppError::new(
                ErrorCode::InvalidTransition,
                format!("a {} request cannot move to {next}", current.state),
            )
            .field("state"));
        }
        if let Some(user) = input.assignee_id {
            match tx.user(user).await? {
                Some(u) if u.active && u.role != Role::Customer => {}
                _ => return Err(AppError::not_found("assignee").field("assignee_id")),
            }
        }
        if !tx
            .triage_maintenance_request(
                id,
                current.state,
                next,
                input.priority.or(current.priority),
                input.assignee_id.or(current.assignee_id),
                now,
            )
            .await?
        {
            return Err(AppError::new(
                ErrorCode::Conflict,
                "the request was changed meanwhile; reload it and try again",
            ));
        }
        tx.commit().await?;
        self.request_view(TicketScope::All, id).await
    }

    /// Turns a new or triaged request into a service order and/or an appointment.
    pub async fn convert_maintenance_request(
        &self,
        who: &Principal,
        id: Uuid,
        input: ConvertInput,
    ) -> AppResult<Conversion> {
        who.require(Permission::TriageMaintenanceRequests)?;
        if input.order.is_none() && input.appointment.is_none() {
            return Err(AppError::validation(
                "order",
                "convert into an order, an appointment or both",
            ));
        }
        if input.order.is_some() {
            who.require(Permission::CreateOrders)?;
        }
        if let Some(a) = &input.appointment {
            who.require(Permission::ScheduleAppointments)?;
            if a.ends_at <= a.starts_at {
                return Err(AppError::validation(
                    "appointment.ends_at",
                    "the end must be after the start",
                ));
            }
        }
        // Claim: only one conversion of a request.
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let current = tx
            .maintenance_request(scope(who), id)
            .await?
            .ok_or_else(|| AppError::not_found("maintenance request"))?;
        if !current.state.is_open()
            || !tx
                .set_maintenance_request_state(id, current.state, RequestState::Converted, now)
                .await?
        {
            return Err(AppError::new(
                ErrorCode::InvalidTransition,
                format!("a {} request cannot be converted", current.state),
            )
            .field("state"));
        }
        tx.commit().await?;
        let made = self.convert_into(who, &current, input).await;
        let (order, appointment) = match made {
            Ok(made) => made,
            Err(e) => {
                let mut tx = self.begin().await?;
                tx.set_maintenance_request_state(id, RequestState::Converted, current.state, now)
                    .await?;
                tx.commit().await?;
                return Err(e);
            }
        };
        let mut tx = self.begin().await?;
        tx.link_maintenance_request(
            id,
            order.as_ref().map(|o| o.id),
            appointment.as_ref().map(|a| a.id),
            Timestamp::now(),
        )
        .await?;
        tx.commit().await?;
        Ok(Conversion {
            request: self.request_view(TicketScope::All, id).await?,
            order: order.map(Into::into),
            appointment: appointment.map(Into::into),
        })
    }

    async fn convert_into(
        &self,
        who: &Principal,
        r: &MaintenanceRequest,
        input: ConvertInput,
    ) -> AppResult<(Option<Order>, Option<Appointment>)> {
        let order = match input.order {
            Some(o) => Some(
                self.create_order(
                    who,
                    OrderInput {
                        customer_id: Some(r.customer_id),
                        customer: None,
                        equipment_id: Some(r.equipment_id),
                        equipment: None,
                        reason: o.reason.unwrap_or_else(|| r.description.clone()),
                        technician_ids: o.technician_ids,
                        service_value: None,
                        promised_at: None,
                        status_id: None,
                    },
                )
                .await?,
            ),
            None => None,
        };
        let appointment = match input.appointment {
            Some(a) => Some(
                self.create_appointment(
                    who,
                    AppointmentInput {
                        customer_id: r.customer_id,
                        equipment_id: Some(r.equipment_id),
                        technician_id: a.technician_id,
                        starts_at: a.starts_at,
                        ends_at: a.ends_at,
                        place: a.place,
                        notes: r.description.chars().take(4000).collect(),
                    },
                )
                .await?,
            ),
            None => None,
        };
        Ok((order, appointment))
    }
}
