//! Service orders (capability 3): create (with the customer and the machine
//! inline when they are new), edit, assign technicians, deactivate; the
//! status catalogs; the timeline of public and internal events with photos;
//! the parts used; the QR link and its public, read-only view.
//!
//! # Who sees what
//!
//! Which orders a person sees is [`OrderScope`], applied by the store: office
//! roles all, a seller their customers' orders, a technician those assigned
//! to them, a customer contact their own company's. Within an order,
//! internal events, the internal status and parts not shown to the customer
//! are for staff only ([`Visibility::visible_to`]); a customer contact gets
//! them neither over REST nor over the socket.
//!
//! # Real time
//!
//! Every change is staged in the same transaction as the change and
//! announced after commit, in three channels chosen by audience:
//!
//! | channel | who subscribes | what is published there |
//! |---|---|---|
//! | `order:<id>` | staff in scope and the customer's contacts | order created/updated/technicians changed/(de)activated (without the internal status or the QR token), public events added/edited/deleted, parts shown to the customer added/updated/removed, chat |
//! | `internal:order:<id>` | staff in scope | internal events added/edited/deleted, parts hidden from the customer, QR rotations |
//! | `public:order:<token>` | anyone holding the QR link | public events only, stripped to label, comment, photos and time |
//!
//! An internal event is therefore never written to a channel a customer or a
//! QR holder may read, so no bug in fan-out, recovery or history can leak it.
//! Staff watching an order subscribe to both `order:<id>` and
//! `internal:order:<id>`; the order detail lists the channels the caller may use.
//!
//! # Photos
//!
//! Up to [`MAX_PHOTOS`] per event, uploaded in the same multipart request.
//! Each is decoded, scaled to `uploads.max_image_side` and re-encoded as JPEG
//! (so what we serve is never the uploaded file), with a [`THUMB_SIDE`] px
//! thumbnail beside it. A file that is not an image is refused before
//! anything is stored.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

use base64::Engine;
use chrono::{NaiveDate, TimeDelta};
use rand::RngCore;
use rust_decimal::RoundingStrategy;
use serde::{Deserialize, Serialize};

use super::customers::{CustomerInput, EquipmentInput};
use super::images::{self, StoredImage};
use super::notifications::Notify;
use super::realtime::Staged;
use super::{
    Principal, RequestMeta, Services, company_tz, decode_cursor, encode_cursor, start_of_day,
    text_field,
};
use crate::domain::channel::Channel;
use crate::domain::money::currency_scale;
use crate::domain::role::CustomerScope;
use crate::domain::{
    CustomerId, EquipmentId, Money, OrderEventId, OrderId, OrderPartId, OrderPhotoId, OrderScope,
    OrderState, OrderStatusId, Permission, Quantity, Role, Timestamp, UserId, Visibility,
};
use crate::error::{AppError, AppResult, Context, ErrorCode};
use crate::notify::templates::Message;
use crate::store::Conn;
use crate::store::orders::{
    AssignedTechnician, NewOrder, NewOrderEvent, Order, OrderCursor, OrderData, OrderEvent,
    OrderFilter, OrderPart, OrderPhoto, OrderStatus, PartCursor, PartData, PartFilter, PhotoLinks,
};
use crate::store::payments::Balance;

/// Subfolder of the uploads folder holding order photos and thumbnails.
const FOLDER: &str = "orders";
/// Most photos on one timeline event.
pub const MAX_PHOTOS: usize = 5;
/// Longest side of a thumbnail, in pixels.
pub const THUMB_SIDE: u32 = 320;
/// Longest timeline comment, in characters.
const MAX_COMMENT: usize = 4000;
/// Longest warranty accepted on a part: ten years.
const MAX_WARRANTY_DAYS: i32 = 3650;
/// The default status catalogs of the demo data set.
const DEMO_STATUSES: [(Visibility, &str); 6] = [
    (Visibility::Public, "Recibido"),
    (Visibility::Public, "En diagnóstico"),
    (Visibility::Public, "En reparación"),
    (Visibility::Public, "Listo para retirar"),
    (Visibility::Internal, "Esperando repuesto"),
    (Visibility::Internal, "Control de calidad"),
];

// --- input -------------------------------------------------------------------------

/// A new service order as sent by clients. Give the customer either by id
/// or inline (a new customer, validated like `POST /customers`); likewise the
/// machine (optional).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct OrderInput {
    /// An existing customer the caller may see…
    pub customer_id: Option<CustomerId>,
    /// …or a new customer created with the order (tax id validated and unique).
    pub customer: Option<CustomerInput>,
    /// A machine of that customer…
    pub equipment_id: Option<EquipmentId>,
    /// …or a new machine of that customer.
    pub equipment: Option<EquipmentInput>,
    /// Why the customer brought the machine.
    pub reason: String,
    /// Active users with the technician role.
    #[serde(default)]
    pub technician_ids: Vec<UserId>,
    /// The agreed service value, a decimal string in the company currency (default "0").
    pub service_value: Option<Money>,
    pub promised_at: Option<Timestamp>,
    /// The order's first public status: an active label of the public
    /// catalog, recorded as its first public timeline event. Only for roles
    /// that may post timeline events.
    pub status_id: Option<OrderStatusId>,
}

/// The editable fields of an order.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct OrderUpdate {
    /// A machine of the order's customer, or null.
    pub equipment_id: Option<EquipmentId>,
    pub reason: String,
    pub service_value: Money,
    pub promised_at: Option<Timestamp>,
    /// When present, replaces the assigned technicians.
    pub technician_ids: Option<Vec<UserId>>,
}

/// A timeline event (JSON, or the text fields of the multipart form whose
/// files are the photos).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct EventInput {
    /// `public`: the customer sees it; `internal`: staff only.
    pub visibility: Visibility,
    /// A label of the catalog of the same visibility.
    pub status_id: Option<OrderStatusId>,
    #[serde(default)]
    pub comment: String,
}

/// Changes to an event; absent fields stay as they are.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct EventEdit {
    /// A label of the catalog of the event's visibility.
    pub status_id: Option<OrderStatusId>,
    pub comment: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PartInput {
    pub description: String,
    /// A positive decimal string with at most 3 decimals, e.g. "2" or "1.5".
    pub quantity: Quantity,
    /// Price of one unit, a decimal string in the company currency.
    pub unit_price: Money,
    /// Warranty period in days (default 0: none).
    #[serde(default)]
    pub warranty_days: i32,
    /// Whether the customer sees the line (default true).
    #[serde(default = "shown_by_default")]
    pub shown_to_customer: bool,
}

fn shown_by_default() -> bool {
    true
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct StatusInput {
    pub visibility: Visibility,
    pub label: String,
}

/// Rename and/or (de)activate a status label; absent fields stay as they are.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct StatusUpdate {
    pub label: Option<String>,
    pub active: Option<bool>,
}

/// The new order of a whole catalog: every label of it, first to last.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct StatusPositions {
    pub visibility: Visibility,
    pub ids: Vec<OrderStatusId>,
}

/// Filters of the parts view (dates are days in the company's time zone, inclusive).
#[derive(Debug, Default)]
pub struct PartsQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub order_id: Option<OrderId>,
    pub added_by: Option<UserId>,
    pub technician_id: Option<UserId>,
    pub q: Option<String>,
}

// --- output ------------------------------------------------------------------------

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OrderPage {
    pub items: Vec<Order>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// An order with its timeline, parts and balance, as the caller may see it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OrderDetail {
    #[serde(flatten)]
    pub order: Order,
    /// Oldest first. Customers: public events only, deleted ones left out.
    /// Staff: internal events too, and deleted ones marked with `deleted_at`.
    pub timeline: Vec<OrderEvent>,
    /// Customers: only the lines shown to them.
    pub parts: Vec<OrderPart>,
    pub balance: Balance,
    /// The real-time channels the caller may subscribe to for this order.
    pub channels: Vec<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PartPage {
    pub items: Vec<OrderPart>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// The machine, on the public view.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicEquipment {
    pub brand: String,
    pub model: String,
    pub serial: String,
}

/// A public timeline event as a QR holder sees it: no author, nothing internal.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicEvent {
    pub id: OrderEventId,
    pub label: String,
    pub comment: String,
    pub created_at: Timestamp,
    pub edited_at: Option<Timestamp>,
    pub photos: Vec<PhotoLinks>,
}

/// A part shown to the customer, on the public view.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicPart {
    pub description: String,
    pub quantity: Quantity,
    pub unit_price: Money,
    pub total: Money,
    pub warranty_days: i32,
    pub warranty_until: Option<NaiveDate>,
    pub created_at: Timestamp,
}

/// The QR page of an order: what anyone holding the link may see.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicOrder {
    pub number: String,
    pub customer_name: String,
    pub equipment: Option<PublicEquipment>,
    pub reason: String,
    /// The latest public status label.
    pub status: Option<String>,
    /// `open` or `closed`.
    pub state: OrderState,
    pub received_at: Timestamp,
    pub promised_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    /// Public events, oldest first.
    pub timeline: Vec<PublicEvent>,
    pub parts: Vec<PublicPart>,
    pub balance: Balance,
    /// ISO 4217 code of the amounts.
    pub currency: String,
    /// Subscribe to this channel (anonymously) for live updates.
    pub channel: String,
}

// --- real-time payloads --------------------------------------------------------------

/// Who made a change, as shown to watchers (never an e-mail address).
#[derive(Debug, Serialize)]
struct Actor<'a> {
    id: UserId,
    name: &'a str,
    role: Role,
}

fn actor(who: &Principal) -> Actor<'_> {
    Actor {
        id: who.user.id,
        name: &who.user.name,
        role: who.user.role,
    }
}

/// The order as everyone in its room (customers included) may see it: no
/// internal status, no QR token.
#[derive(Debug, Serialize)]
struct RoomOrder<'a> {
    id: OrderId,
    number: &'a str,
    customer_id: CustomerId,
    customer_name: &'a str,
    equipment_id: Option<EquipmentId>,
    equipment_brand: Option<&'a str>,
    equipment_model: Option<&'a str>,
    equipment_serial: Option<&'a str>,
    reason: &'a str,
    service_value: Money,
    public_status_id: Option<OrderStatusId>,
    public_status: Option<&'a str>,
    state: OrderState,
    active: bool,
    received_at: Timestamp,
    promised_at: Option<Timestamp>,
    closed_at: Option<Timestamp>,
    technicians: &'a [AssignedTechnician],
    updated_at: Timestamp,
}

impl<'a> From<&'a Order> for RoomOrder<'a> {
    fn from(o: &'a Order) -> Self {
        RoomOrder {
            id: o.id,
            number: &o.number,
            customer_id: o.customer_id,
            customer_name: &o.customer_name,
            equipment_id: o.equipment_id,
            equipment_brand: o.equipment_brand.as_deref(),
            equipment_model: o.equipment_model.as_deref(),
            equipment_serial: o.equipment_serial.as_deref(),
            reason: &o.reason,
            service_value: o.service_value,
            public_status_id: o.public_status_id,
            public_status: o.public_status.as_deref(),
            state: o.state,
            active: o.active,
            received_at: o.received_at,
            promised_at: o.promised_at,
            closed_at: o.closed_at,
            technicians: &o.technicians,
            updated_at: o.updated_at,
        }
    }
}

#[derive(Debug, Serialize)]
struct OrderChange<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    order: RoomOrder<'a>,
    by: Actor<'a>,
    /// Which fields an `order.updated` changed.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    changed: &'a [&'static str],
}

/// A timeline event added or edited, for `order:<id>` (public events) or
/// `internal:order:<id>` (internal ones).
#[derive(Debug, Serialize)]
struct EventChange<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    order_id: OrderId,
    event: &'a OrderEvent,
    by: Actor<'a>,
}

#[derive(Debug, Serialize)]
struct EventRemoved<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    order_id: OrderId,
    event_id: OrderEventId,
    by: Actor<'a>,
}

/// A public event for `public:order:<token>`: stripped to public fields.
#[derive(Debug, Serialize)]
struct PublicEventChange<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    event: &'a PublicEvent,
}

#[derive(Debug, Serialize)]
struct PublicEventRemoved {
    #[serde(rename = "type")]
    kind: &'static str,
    event_id: OrderEventId,
}

#[derive(Debug, Serialize)]
struct PartChange<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    order_id: OrderId,
    part: &'a OrderPart,
    by: Actor<'a>,
}

#[derive(Debug, Serialize)]
struct PartRemoved<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    order_id: OrderId,
    part_id: OrderPartId,
    by: Actor<'a>,
}

#[derive(Debug, Serialize)]
struct Notice<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    order_id: OrderId,
    #[serde(skip_serializing_if = "Option::is_none")]
    by: Option<Actor<'a>>,
}

// --- helpers -----------------------------------------------------------------------

fn order_scope(who: &Principal) -> OrderScope {
    OrderScope::for_user(who.user.role, who.user.id, who.user.customer_id)
}

/// Whether the caller sees internal events, the internal status and hidden parts.
fn sees_internal(who: &Principal) -> bool {
    Visibility::Internal.visible_to(Some(who.user.role))
}

/// Removes what a customer contact may not see from an order.
fn redact(order: &mut Order, who: &Principal) {
    if !sees_internal(who) {
        order.internal_status_id = None;
        order.internal_status = None;
    }
}

/// 128 random bits, URL-safe base64 without padding (22 characters).
fn new_qr_token() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn invalid_money(field: &'static str, e: impl std::fmt::Display) -> AppError {
    AppError::new(ErrorCode::InvalidMoney, e.to_string()).field(field)
}

/// Deactivated orders keep their history but take no changes.
fn ensure_active(order: &Order) -> AppResult<()> {
    if order.active {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorCode::OrderInactive,
            "the order is deactivated; reactivate it first",
        ))
    }
}

/// A closed order's value and parts are final (its balance was settled).
fn ensure_not_closed(order: &Order) -> AppResult<()> {
    if order.closed_at.is_none() {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorCode::OrderClosed,
            "the order is closed; its value and parts cannot change",
        ))
    }
}

/// Fills the computed fields of a part: its total and the warranty's end.
fn finish_part(part: &mut OrderPart, scale: u32, tz: chrono_tz::Tz) {
    let total = part
        .quantity
        .0
        .checked_mul(part.unit_price.0)
        .map(|t| t.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero))
        .unwrap_or_default();
    part.total = Money(total);
    part.warranty_until = (part.warranty_days > 0).then(|| {
        part.created_at
            .as_datetime()
            .with_timezone(&tz)
            .date_naive()
            + TimeDelta::days(i64::from(part.warranty_days))
    });
}

fn photo_links(base: &str, photo: &OrderPhoto) -> PhotoLinks {
    PhotoLinks {
        id: photo.id,
        url: format!("{base}/photos/{}", photo.id),
        thumb_url: format!("{base}/photos/{}/thumb", photo.id),
    }
}

/// Attaches photo links to events; `base` is the order's URL for the audience.
fn attach_photos(events: &mut [OrderEvent], photos: &[OrderPhoto], base: &str) {
    let mut by_event: HashMap<OrderEventId, Vec<PhotoLinks>> = HashMap::new();
    for p in photos {
        by_event
            .entry(p.event_id)
            .or_default()
            .push(photo_links(base, p));
    }
    for e in events {
        e.photos = by_event.remove(&e.id).unwrap_or_default();
    }
}

fn order_url(id: OrderId) -> String {
    format!("/api/v1/orders/{id}")
}

fn public_url(token: &str) -> String {
    format!("/api/v1/public/orders/{token}")
}

/// A public event as QR holders see it, with photo links under the token.
fn public_event(e: &OrderEvent, token: &str, photos: &[OrderPhoto]) -> PublicEvent {
    let base = public_url(token);
    PublicEvent {
        id: e.id,
        label: e.label.clone(),
        comment: e.comment.clone(),
        created_at: e.created_at,
        edited_at: e.edited_at,
        photos: photos
            .iter()
            .filter(|p| p.event_id == e.id)
            .map(|p| photo_links(&base, p))
            .collect(),
    }
}

fn client_ip(meta: &RequestMeta) -> IpAddr {
    meta.ip.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

fn throttled(wait: std::time::Duration) -> AppError {
    let mut err = AppError::new(
        ErrorCode::TooManyAttempts,
        "too many requests for order links; wait a moment and try again",
    );
    err.retry_after = Some(wait.as_secs_f64().ceil().max(1.0) as u64);
    err
}

impl Services {
    // --- access ----------------------------------------------------------------------

    /// Whether `who` may see order `id` (and so use its room `order:<id>`).
    pub async fn may_access_order(&self, who: &Principal, id: OrderId) -> AppResult<bool> {
        if !who.user.role.allows(Permission::ReadOrders) {
            return Ok(false);
        }
        Ok(self
            .store
            .conn()
            .await?
            .order_visible(order_scope(who), id)
            .await?)
    }

    /// Whether `token` is the QR token of an active order (so its public
    /// channel may be read, by anyone).
    pub async fn public_order_exists(&self, token: &str) -> AppResult<bool> {
        Ok(self
            .store
            .conn()
            .await?
            .order_by_qr_token(token)
            .await?
            .is_some())
    }

    /// Reads an order through the caller's scope, with its technicians.
    async fn load_order(conn: &mut Conn, scope: OrderScope, id: OrderId) -> AppResult<Order> {
        let mut order = conn
            .order(scope, id)
            .await?
            .ok_or_else(|| AppError::not_found("order"))?;
        order.technicians = conn
            .technicians_of(&[id])
            .await?
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        Ok(order)
    }

    /// Fills the technicians of a page of orders with one query.
    async fn fill_technicians(conn: &mut Conn, orders: &mut [Order]) -> AppResult<()> {
        let ids: Vec<OrderId> = orders.iter().map(|o| o.id).collect();
        let mut by_order: HashMap<OrderId, Vec<AssignedTechnician>> = HashMap::new();
        for (order, t) in conn.technicians_of(&ids).await? {
            by_order.entry(order).or_default().push(t);
        }
        for o in orders {
            o.technicians = by_order.remove(&o.id).unwrap_or_default();
        }
        Ok(())
    }

    /// Validates technician ids: active users with the technician role, each once.
    /// Tells technicians newly put on an order (push and in-app, for the
    /// phone in their pocket; no e-mail). Whoever assigned themselves is not
    /// told. The key carries the instant, so being removed and put back
    /// later is a new assignment.
    async fn notify_assigned(
        &self,
        tx: &mut Conn,
        order: &Order,
        technicians: &[UserId],
        by: UserId,
        now: Timestamp,
    ) -> AppResult<Vec<Staged>> {
        let mut staged = Vec::new();
        let link = format!("{}/orders/{}", self.public_url, order.id);
        let stamp = now.as_datetime().timestamp_micros();
        for &tech in technicians.iter().filter(|&&t| t != by) {
            let Some(user) = tx.user(tech).await? else {
                continue;
            };
            staged.extend(
                self.notify(
                    tx,
                    Notify {
                        kind: "order_assigned",
                        key: format!("order_assigned:{}:{tech}:{stamp}", order.id),
                        user: Some(tech),
                        email: None,
                        message: Message::OrderAssigned {
                            name: user.name,
                            order_number: order.number.clone(),
                            customer: order.customer_name.clone(),
                            reason: order.reason.clone(),
                            link: link.clone(),
                        },
                        subject_type: "order",
                        subject_id: order.id.to_string(),
                        in_app: true,
                    },
                )
                .await?,
            );
        }
        Ok(staged)
    }

    async fn check_technicians(conn: &mut Conn, ids: &[UserId]) -> AppResult<Vec<UserId>> {
        let mut unique = Vec::new();
        for id in ids {
            if unique.contains(id) {
                continue;
            }
            let ok = conn
                .user(*id)
                .await?
                .is_some_and(|u| u.active && u.role == Role::Technician);
            if !ok {
                return Err(AppError::validation(
                    "technician_ids",
                    "every technician must be an active user with the technician role",
                ));
            }
            unique.push(*id);
        }
        Ok(unique)
    }

    /// Checks that a machine belongs to the order's customer.
    async fn check_equipment(
        conn: &mut Conn,
        customer: CustomerId,
        equipment: Option<EquipmentId>,
    ) -> AppResult<()> {
        if let Some(id) = equipment {
            let ok = conn
                .equipment(CustomerScope::All, id)
                .await?
                .is_some_and(|e| e.customer_id == customer);
            if !ok {
                return Err(AppError::validation(
                    "equipment_id",
                    "the machine must belong to the order's customer",
                ));
            }
        }
        Ok(())
    }

    async fn money_scale(conn: &mut Conn) -> AppResult<u32> {
        Ok(currency_scale(&conn.company_settings().await?.currency))
    }

    /// The status label of `id`, which must be active and of `visibility`.
    async fn resolve_status(
        conn: &mut Conn,
        visibility: Visibility,
        id: Option<OrderStatusId>,
    ) -> AppResult<Option<OrderStatus>> {
        let Some(id) = id else {
            return Ok(None);
        };
        match conn.order_status(id).await? {
            Some(s) if s.active && s.visibility == visibility => Ok(Some(s)),
            _ => Err(AppError::validation(
                "status_id",
                format!("choose an active label of the {visibility} status catalog"),
            )),
        }
    }

    // --- status catalogs -------------------------------------------------------------

    /// The status catalogs (staff): one visibility or both, by position.
    pub async fn list_order_statuses(
        &self,
        who: &Principal,
        visibility: Option<Visibility>,
        include_inactive: bool,
    ) -> AppResult<Vec<OrderStatus>> {
        if !who.user.role.is_staff() {
            return Err(AppError::forbidden());
        }
        Ok(self
            .store
            .conn()
            .await?
            .order_statuses(visibility, include_inactive)
            .await?)
    }

    /// Refuses a label already used in the same catalog (case-insensitive).
    async fn check_status_label(
        conn: &mut Conn,
        visibility: Visibility,
        label: &str,
        except: Option<OrderStatusId>,
    ) -> AppResult<()> {
        let lower = label.to_lowercase();
        let taken = conn
            .order_statuses(Some(visibility), true)
            .await?
            .into_iter()
            .any(|s| Some(s.id) != except && s.label.to_lowercase() == lower);
        if taken {
            return Err(AppError::new(
                ErrorCode::Conflict,
                format!("the {visibility} catalog already has the label {label:?}"),
            )
            .field("label"));
        }
        Ok(())
    }

    /// Adds a label at the end of a catalog (office roles).
    pub async fn create_order_status(
        &self,
        who: &Principal,
        input: StatusInput,
    ) -> AppResult<OrderStatus> {
        who.require(Permission::ManageOrders)?;
        let label = text_field("label", &input.label, 60, true)?;
        let mut tx = self.store.begin().await?;
        Self::check_status_label(&mut tx, input.visibility, &label, None).await?;
        let status = tx
            .insert_order_status(input.visibility, &label, Timestamp::now())
            .await?;
        tx.commit().await?;
        Ok(status)
    }

    /// Renames and/or (de)activates a label (office roles). Past events keep
    /// the label they were posted with.
    pub async fn update_order_status(
        &self,
        who: &Principal,
        id: OrderStatusId,
        input: StatusUpdate,
    ) -> AppResult<OrderStatus> {
        who.require(Permission::ManageOrders)?;
        let mut tx = self.store.begin().await?;
        let current = tx
            .order_status(id)
            .await?
            .ok_or_else(|| AppError::not_found("status"))?;
        let label = match input.label {
            Some(l) => text_field("label", &l, 60, true)?,
            None => current.label.clone(),
        };
        Self::check_status_label(&mut tx, current.visibility, &label, Some(id)).await?;
        tx.update_order_status(id, &label, input.active.unwrap_or(current.active))
            .await?;
        let status = tx
            .order_status(id)
            .await?
            .ok_or_else(|| AppError::not_found("status"))?;
        tx.commit().await?;
        Ok(status)
    }

    /// Reorders a whole catalog (office roles): `ids` must list every label
    /// of it exactly once, first to last.
    pub async fn reorder_order_statuses(
        &self,
        who: &Principal,
        input: StatusPositions,
    ) -> AppResult<Vec<OrderStatus>> {
        who.require(Permission::ManageOrders)?;
        let mut tx = self.store.begin().await?;
        let current = tx.order_statuses(Some(input.visibility), true).await?;
        let mut wanted = input.ids.clone();
        wanted.sort();
        wanted.dedup();
        let mut have: Vec<OrderStatusId> = current.iter().map(|s| s.id).collect();
        have.sort();
        if wanted != have || wanted.len() != input.ids.len() {
            return Err(AppError::validation(
                "ids",
                "list every label of the catalog exactly once",
            ));
        }
        for (i, id) in input.ids.iter().enumerate() {
            tx.set_order_status_position(*id, i as i32 + 1).await?;
        }
        let statuses = tx.order_statuses(Some(input.visibility), true).await?;
        tx.commit().await?;
        Ok(statuses)
    }

    /// Adds the default status labels that are missing (demo data; idempotent).
    pub async fn ensure_demo_order_statuses(&self) -> AppResult<()> {
        let mut tx = self.store.begin().await?;
        let existing = tx.order_statuses(None, true).await?;
        for (visibility, label) in DEMO_STATUSES {
            let present = existing
                .iter()
                .any(|s| s.visibility == visibility && s.label.eq_ignore_ascii_case(label));
            if !present {
                tx.insert_order_status(visibility, label, Timestamp::now())
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    // --- orders ----------------------------------------------------------------------

    /// Creates an order (office roles; a seller for the customers they own),
    /// creating its customer and machine inline when they are given instead
    /// of ids. A first public status (roles that may post timeline events)
    /// is recorded as the order's first public event, exactly as if it had
    /// been posted right after: timeline entry, current public status, the
    /// customer told. Everything happens in one transaction: a refused
    /// customer or status leaves no customer, no order and no used order
    /// number behind.
    pub async fn create_order(&self, who: &Principal, input: OrderInput) -> AppResult<Order> {
        let status_id = input.status_id;
        who.require(Permission::CreateOrders)?;
        if status_id.is_some() {
            // The same right as posting the status as a timeline event.
            who.require(Permission::WorkOrders)?;
        }
        let reason = text_field("reason", &input.reason, 2000, true)?;
        let now = Timestamp::now();
        let mut tx = self.store.begin().await?;
        let scale = Self::money_scale(&mut tx).await?;
        let service_value = input
            .service_value
            .unwrap_or(Money::ZERO)
            .check(scale)
            .map_err(|e| invalid_money("service_value", e))?;
        let customer_id = match (input.customer_id, input.customer) {
            (Some(id), None) => {
                let customer = tx
                    .customer(who.customer_scope(), id)
                    .await?
                    .ok_or_else(|| AppError::not_found("customer").field("customer_id"))?;
                if !customer.active {
                    return Err(AppError::validation(
                        "customer_id",
                        "the customer is deactivated",
                    ));
                }
                id
            }
            (None, Some(new)) => self.insert_customer_in(who, new, &mut tx).await?.id,
            _ => {
                return Err(AppError::validation(
                    "customer_id",
                    "give either customer_id or a new customer",
                ));
            }
        };
        let equipment_id = match (input.equipment_id, input.equipment) {
            (Some(id), None) => {
                Self::check_equipment(&mut tx, customer_id, Some(id)).await?;
                Some(id)
            }
            (None, Some(new)) => Some(
                self.insert_equipment_in(who, customer_id, new, &mut tx)
                    .await?
                    .id,
            ),
            (None, None) => None,
            (Some(_), Some(_)) => {
                return Err(AppError::validation(
                    "equipment_id",
                    "give either equipment_id or a new machine, not both",
                ));
            }
        };
        let technicians = Self::check_technicians(&mut tx, &input.technician_ids).await?;
        let status = Self::resolve_status(&mut tx, Visibility::Public, status_id).await?;
        // Taken last, inside the transaction: a refusal above rolls back and
        // no number is skipped.
        let number = format!("OS-{:06}", tx.next_number("service_order").await?);
        let id = OrderId::new();
        tx.insert_order(&NewOrder {
            id,
            number,
            customer_id,
            data: OrderData {
                equipment_id,
                reason,
                service_value,
                promised_at: input.promised_at,
            },
            qr_token: new_qr_token(),
            created_by: who.user.id,
            now,
        })
        .await?;
        tx.set_order_technicians(id, &technicians, now).await?;
        let first_event = match status {
            Some(status) => Some(
                Self::insert_timeline_event(
                    &mut tx,
                    who,
                    id,
                    Visibility::Public,
                    Some(status),
                    String::new(),
                    OrderEventId::new(),
                    &[],
                    now,
                )
                .await?,
            ),
            None => None,
        };
        // Read after the first event, so it carries the public status.
        let order = Self::load_order(&mut tx, OrderScope::All, id).await?;
        let event = OrderChange {
            kind: "order.created",
            order: RoomOrder::from(&order),
            by: actor(who),
            changed: &[],
        };
        let mut staged = vec![
            self.stage_event(&mut tx, &Channel::Order(id), &event, Some(who.user.id))
                .await?,
        ];
        if let Some(first) = &first_event {
            staged.extend(
                self.announce_timeline_event(&mut tx, who, &order, first, &[])
                    .await?
                    .0,
            );
        }
        let told = self
            .notify_assigned(&mut tx, &order, &technicians, who.user.id, now)
            .await?;
        tx.commit().await?;
        for s in staged.into_iter().chain(told) {
            self.announce(s);
        }
        self.kick_outbox();
        Ok(order)
    }

    /// An order with its timeline, parts and balance, as the caller may see it.
    pub async fn get_order(&self, who: &Principal, id: OrderId) -> AppResult<OrderDetail> {
        who.require(Permission::ReadOrders)?;
        let staff = sees_internal(who);
        let mut conn = self.store.conn().await?;
        let mut order = Self::load_order(&mut conn, order_scope(who), id).await?;
        redact(&mut order, who);
        let mut timeline = conn.order_events(id, staff, staff).await?;
        let photos = conn.order_photos(id).await?;
        attach_photos(&mut timeline, &photos, &order_url(id));
        let settings = conn.company_settings().await?;
        let (scale, tz) = (
            currency_scale(&settings.currency),
            company_tz(&settings.time_zone),
        );
        let mut parts = conn.order_parts(id, staff).await?;
        for p in &mut parts {
            finish_part(p, scale, tz);
        }
        let balance = conn.order_balance(id).await?;
        let mut channels = vec![Channel::Order(id).to_string()];
        if staff {
            channels.push(Channel::InternalOrder(id).to_string());
        }
        Ok(OrderDetail {
            order,
            timeline,
            parts,
            balance,
            channels,
        })
    }

    /// Orders visible to the caller, newest first, one page at a time. The
    /// filters apply within the caller's scope; the internal status filter
    /// is refused to those who may not see internal statuses (it would tell
    /// them which of their orders carry one).
    pub async fn list_orders(
        &self,
        who: &Principal,
        filter: OrderFilter,
        cursor: Option<&str>,
        limit: i64,
    ) -> AppResult<OrderPage> {
        who.require(Permission::ReadOrders)?;
        if filter.internal_status_id.is_some() && !sees_internal(who) {
            return Err(AppError::forbidden().field("internal_status_id"));
        }
        self.orders_page(who, order_scope(who), filter, cursor, limit)
            .await
    }

    /// The open orders assigned to the caller (the technician's phone).
    pub async fn my_orders(
        &self,
        who: &Principal,
        cursor: Option<&str>,
        limit: i64,
    ) -> AppResult<OrderPage> {
        if !who.user.role.is_staff() {
            return Err(AppError::forbidden());
        }
        let filter = OrderFilter {
            state: Some(OrderState::Open),
            ..Default::default()
        };
        self.orders_page(
            who,
            OrderScope::AssignedTo(who.user.id),
            filter,
            cursor,
            limit,
        )
        .await
    }

    async fn orders_page(
        &self,
        who: &Principal,
        scope: OrderScope,
        filter: OrderFilter,
        cursor: Option<&str>,
        limit: i64,
    ) -> AppResult<OrderPage> {
        let after: Option<OrderCursor> = cursor.map(decode_cursor).transpose()?;
        let limit = limit.clamp(1, 200);
        let mut conn = self.store.conn().await?;
        let mut items = conn
            .orders_page(scope, &filter, after.as_ref(), limit + 1)
            .await?;
        let next_cursor = if items.len() as i64 > limit {
            items.truncate(limit as usize);
            items.last().map(|o| {
                encode_cursor(&OrderCursor {
                    created_at: o.created_at,
                    id: o.id,
                })
            })
        } else {
            None
        };
        Self::fill_technicians(&mut conn, &mut items).await?;
        for o in &mut items {
            redact(o, who);
        }
        Ok(OrderPage { items, next_cursor })
    }

    /// Edits an order's data (office roles; a seller their customers'
    /// orders). Deactivated and closed orders are refused.
    pub async fn update_order(
        &self,
        who: &Principal,
        id: OrderId,
        input: OrderUpdate,
    ) -> AppResult<Order> {
        who.require(Permission::CreateOrders)?;
        let reason = text_field("reason", &input.reason, 2000, true)?;
        let now = Timestamp::now();
        let mut tx = self.store.begin().await?;
        // The value takes part in the balance: no closing may interleave.
        tx.lock_order(id).await?;
        let current = Self::load_order(&mut tx, order_scope(who), id).await?;
        ensure_active(&current)?;
        ensure_not_closed(&current)?;
        let scale = Self::money_scale(&mut tx).await?;
        let data = OrderData {
            equipment_id: input.equipment_id,
            reason,
            service_value: input
                .service_value
                .check(scale)
                .map_err(|e| invalid_money("service_value", e))?,
            promised_at: input.promised_at,
        };
        Self::check_equipment(&mut tx, current.customer_id, data.equipment_id).await?;
        let mut changed = Vec::new();
        if data.equipment_id != current.equipment_id {
            changed.push("equipment_id");
        }
        if data.reason != current.reason {
            changed.push("reason");
        }
        if data.service_value != current.service_value {
            changed.push("service_value");
        }
        if data.promised_at != current.promised_at {
            changed.push("promised_at");
        }
        let technicians = match &input.technician_ids {
            Some(ids) => Some(Self::check_technicians(&mut tx, ids).await?),
            None => None,
        };
        if let Some(ids) = &technicians
            && !same_technicians(ids, &current.technicians)
        {
            changed.push("technicians");
            tx.set_order_technicians(id, ids, now).await?;
        }
        if changed.is_empty() {
            let mut order = current;
            redact(&mut order, who);
            return Ok(order);
        }
        tx.update_order(id, &current.number, &data, now).await?;
        let mut order = Self::load_order(&mut tx, OrderScope::All, id).await?;
        let event = OrderChange {
            kind: "order.updated",
            order: RoomOrder::from(&order),
            by: actor(who),
            changed: &changed,
        };
        let staged = self
            .stage_event(&mut tx, &Channel::Order(id), &event, Some(who.user.id))
            .await?;
        tx.commit().await?;
        self.announce(staged);
        redact(&mut order, who);
        Ok(order)
    }

    /// Replaces the technicians of an order (office roles; a seller their
    /// customers' orders). The same set changes nothing.
    pub async fn set_order_technicians(
        &self,
        who: &Principal,
        id: OrderId,
        ids: Vec<UserId>,
    ) -> AppResult<Order> {
        who.require(Permission::CreateOrders)?;
        let now = Timestamp::now();
        let mut tx = self.store.begin().await?;
        let current = Self::load_order(&mut tx, order_scope(who), id).await?;
        ensure_active(&current)?;
        let ids = Self::check_technicians(&mut tx, &ids).await?;
        let mut order = if same_technicians(&ids, &current.technicians) {
            current
        } else {
            tx.set_order_technicians(id, &ids, now).await?;
            tx.touch_order(id, now).await?;
            let order = Self::load_order(&mut tx, OrderScope::All, id).await?;
            let event = OrderChange {
                kind: "order.technicians_changed",
                order: RoomOrder::from(&order),
                by: actor(who),
                changed: &["technicians"],
            };
            let staged = self
                .stage_event(&mut tx, &Channel::Order(id), &event, Some(who.user.id))
                .await?;
            let added: Vec<UserId> = ids
                .iter()
                .copied()
                .filter(|t| !current.technicians.iter().any(|c| c.id == *t))
                .collect();
            let told = self
                .notify_assigned(&mut tx, &order, &added, who.user.id, now)
                .await?;
            tx.commit().await?;
            self.announce(staged);
            for s in told {
                self.announce(s);
            }
            self.kick_outbox();
            order
        };
        redact(&mut order, who);
        Ok(order)
    }

    /// Deactivates (soft: history kept) or reactivates an order (office roles).
    pub async fn set_order_active(
        &self,
        who: &Principal,
        id: OrderId,
        active: bool,
    ) -> AppResult<Order> {
        who.require(Permission::ManageOrders)?;
        let now = Timestamp::now();
        let mut tx = self.store.begin().await?;
        let current = Self::load_order(&mut tx, order_scope(who), id).await?;
        if current.active == active {
            return Ok(current);
        }
        tx.set_order_active(id, active, now).await?;
        let order = Self::load_order(&mut tx, OrderScope::All, id).await?;
        let event = OrderChange {
            kind: if active {
                "order.reactivated"
            } else {
                "order.deactivated"
            },
            order: RoomOrder::from(&order),
            by: actor(who),
            changed: &["active"],
        };
        let staged = self
            .stage_event(&mut tx, &Channel::Order(id), &event, Some(who.user.id))
            .await?;
        tx.commit().await?;
        self.announce(staged);
        Ok(order)
    }

    /// Gives the order a new QR token (office roles): the old link and its
    /// channel stop working at once (watchers of the old channel are told
    /// with an `order.link_revoked`, which carries nothing else).
    pub async fn rotate_order_qr(&self, who: &Principal, id: OrderId) -> AppResult<Order> {
        who.require(Permission::ManageOrders)?;
        let now = Timestamp::now();
        let mut tx = self.store.begin().await?;
        let current = Self::load_order(&mut tx, order_scope(who), id).await?;
        tx.set_order_qr_token(id, &new_qr_token(), now).await?;
        let order = Self::load_order(&mut tx, OrderScope::All, id).await?;
        let staff_notice = Notice {
            kind: "order.qr_rotated",
            order_id: id,
            by: Some(actor(who)),
        };
        let mut staged = vec![
            self.stage_event(
                &mut tx,
                &Channel::InternalOrder(id),
                &staff_notice,
                Some(who.user.id),
            )
            .await?,
        ];
        let revoked = serde_json::json!({"type": "order.link_revoked"});
        staged.push(
            self.stage_event(
                &mut tx,
                &Channel::PublicOrder(current.qr_token.clone()),
                &revoked,
                None,
            )
            .await?,
        );
        tx.commit().await?;
        for s in staged {
            self.announce(s);
        }
        Ok(order)
    }

    // --- timeline --------------------------------------------------------------------

    /// Checks, before an upload is read, that `who` may post on order `id`.
    pub async fn authorize_order_work(&self, who: &Principal, id: OrderId) -> AppResult<()> {
        who.require(Permission::WorkOrders)?;
        let mut conn = self.store.conn().await?;
        let order = conn
            .order(order_scope(who), id)
            .await?
            .ok_or_else(|| AppError::not_found("order"))?;
        ensure_active(&order)
    }

    /// Posts a timeline event with up to [`MAX_PHOTOS`] photos (office roles
    /// and the order's technicians). A status label moves the order's current
    /// public or internal status. Photos are checked and re-encoded before
    /// anything is stored; if the event cannot be recorded, they are removed.
    pub async fn post_order_event(
        &self,
        who: &Principal,
        id: OrderId,
        input: EventInput,
        photos: Vec<Vec<u8>>,
    ) -> AppResult<OrderEvent> {
        who.require(Permission::WorkOrders)?;
        let comment = text_field("comment", &input.comment, MAX_COMMENT, false)?;
        if photos.len() > MAX_PHOTOS {
            return Err(AppError::validation(
                "photos",
                format!("attach at most {MAX_PHOTOS} photos"),
            ));
        }
        if input.status_id.is_none() && comment.is_empty() && photos.is_empty() {
            return Err(AppError::validation(
                "comment",
                "choose a status, write a comment or attach a photo",
            ));
        }
        // Cheap checks before the image work.
        {
            let mut conn = self.store.conn().await?;
            let order = conn
                .order(order_scope(who), id)
                .await?
                .ok_or_else(|| AppError::not_found("order"))?;
            ensure_active(&order)?;
            Self::resolve_status(&mut conn, input.visibility, input.status_id).await?;
        }
        let uploads = &self.settings.uploads;
        let mut encoded = Vec::with_capacity(photos.len());
        for bytes in photos {
            if bytes.is_empty() {
                return Err(AppError::validation("photos", "a photo is empty"));
            }
            let full = images::reencode(
                bytes,
                uploads.max_image_bytes,
                uploads.max_image_side,
                StoredImage::Jpeg,
            )
            .await?;
            let thumb =
                images::reencode(full.clone(), usize::MAX, THUMB_SIDE, StoredImage::Jpeg).await?;
            encoded.push((full, thumb));
        }

        let dir = uploads.dir.join(FOLDER);
        let now = Timestamp::now();
        let event_id = OrderEventId::new();
        let mut rows = Vec::new();
        let mut written: Vec<PathBuf> = Vec::new();
        if !encoded.is_empty() {
            tokio::fs::create_dir_all(&dir)
                .await
                .context("creating the order photos folder")?;
        }
        for (full, thumb) in &encoded {
            let photo_id = OrderPhotoId::new();
            let row = OrderPhoto {
                id: photo_id,
                event_id,
                stored_name: format!("{photo_id}.jpg"),
                thumb_name: format!("{photo_id}-thumb.jpg"),
                created_at: now,
            };
            for (name, bytes) in [(&row.stored_name, full), (&row.thumb_name, thumb)] {
                let path = dir.join(name);
                let saved = tokio::fs::write(&path, bytes).await;
                written.push(path);
                if let Err(e) = saved {
                    remove_files(&written).await;
                    return Err(AppError::internal(
                        anyhow::Error::new(e).context("saving an order photo"),
                    ));
                }
            }
            rows.push(row);
        }
        let recorded = self
            .record_order_event(who, id, &input, comment, event_id, &rows, now)
            .await;
        if recorded.is_err() {
            // Best effort: files nobody references are only wasted space.
            remove_files(&written).await;
        }
        recorded
    }

    #[allow(clippy::too_many_arguments)]
    async fn record_order_event(
        &self,
        who: &Principal,
        id: OrderId,
        input: &EventInput,
        comment: String,
        event_id: OrderEventId,
        photos: &[OrderPhoto],
        now: Timestamp,
    ) -> AppResult<OrderEvent> {
        let mut tx = self.store.begin().await?;
        let order = tx
            .order(order_scope(who), id)
            .await?
            .ok_or_else(|| AppError::not_found("order"))?;
        ensure_active(&order)?;
        let status = Self::resolve_status(&mut tx, input.visibility, input.status_id).await?;
        let event = Self::insert_timeline_event(
            &mut tx,
            who,
            id,
            input.visibility,
            status,
            comment,
            event_id,
            photos,
            now,
        )
        .await?;
        let (staged, notified) = self
            .announce_timeline_event(&mut tx, who, &order, &event, photos)
            .await?;
        tx.commit().await?;
        for s in staged {
            self.announce(s);
        }
        if notified {
            self.kick_outbox();
        }
        Ok(event)
    }

    /// Writes a new timeline event (with its photo rows, the status already
    /// resolved) and moves the order's current statuses to match; returns
    /// the event as read back, photos attached. Posting an event and giving
    /// a new order its first status both go through here.
    #[allow(clippy::too_many_arguments)]
    async fn insert_timeline_event(
        tx: &mut Conn,
        who: &Principal,
        id: OrderId,
        visibility: Visibility,
        status: Option<OrderStatus>,
        comment: String,
        event_id: OrderEventId,
        photos: &[OrderPhoto],
        now: Timestamp,
    ) -> AppResult<OrderEvent> {
        tx.insert_order_event(&NewOrderEvent {
            id: event_id,
            order_id: id,
            visibility,
            status_id: status.as_ref().map(|s| s.id),
            label: status.map(|s| s.label).unwrap_or_default(),
            comment,
            author_id: who.user.id,
            now,
        })
        .await?;
        for p in photos {
            tx.insert_order_photo(p).await?;
        }
        tx.refresh_order_statuses(id, now).await?;
        let mut event = tx
            .order_event(id, event_id)
            .await?
            .ok_or_else(|| AppError::not_found("event"))?;
        attach_photos(std::slice::from_mut(&mut event), photos, &order_url(id));
        Ok(event)
    }

    /// Stages a newly added event for its audience and, when it is public,
    /// the customer's "order update" notification, in `tx`. Returns what to
    /// announce after commit and whether the outbox has new work.
    async fn announce_timeline_event(
        &self,
        tx: &mut Conn,
        who: &Principal,
        order: &Order,
        event: &OrderEvent,
        photos: &[OrderPhoto],
    ) -> AppResult<(Vec<Staged>, bool)> {
        let mut staged = self
            .stage_timeline(tx, who, order, event, "order.event_added", photos)
            .await?;
        // Customers hear about public events only; internal ones stay in the office.
        let notified = event.visibility == Visibility::Public;
        if notified {
            let link = self.order_link(&order.qr_token);
            staged.extend(
                self.notify_customer(
                    tx,
                    order.customer_id,
                    "order_update",
                    &format!("order_event:{}", event.id),
                    "order",
                    order.id.to_string(),
                    |name| Message::OrderUpdate {
                        name: name.to_string(),
                        order_number: order.number.clone(),
                        status: event.label.clone(),
                        comment: event.comment.clone(),
                        link: link.clone(),
                    },
                )
                .await?,
            );
        }
        Ok((staged, notified))
    }

    /// Stages an added or edited event in the channels of its audience:
    /// public → `order:<id>` and, stripped, `public:order:<token>`;
    /// internal → `internal:order:<id>` only.
    async fn stage_timeline(
        &self,
        tx: &mut Conn,
        who: &Principal,
        order: &Order,
        event: &OrderEvent,
        kind: &'static str,
        photos: &[OrderPhoto],
    ) -> AppResult<Vec<Staged>> {
        let change = EventChange {
            kind,
            order_id: order.id,
            event,
            by: actor(who),
        };
        let by = Some(who.user.id);
        Ok(match event.visibility {
            Visibility::Internal => vec![
                self.stage_event(tx, &Channel::InternalOrder(order.id), &change, by)
                    .await?,
            ],
            Visibility::Public => {
                let public = public_event(event, &order.qr_token, photos);
                let stripped = PublicEventChange {
                    kind,
                    event: &public,
                };
                vec![
                    self.stage_event(tx, &Channel::Order(order.id), &change, by)
                        .await?,
                    // No author on the QR channel: anyone may read it.
                    self.stage_event(
                        tx,
                        &Channel::PublicOrder(order.qr_token.clone()),
                        &stripped,
                        None,
                    )
                    .await?,
                ]
            }
        })
    }

    /// Reads an event for editing or deleting: the order must be in scope
    /// and active, the event not deleted, and the caller from the office or
    /// its author.
    async fn editable_event(
        tx: &mut Conn,
        who: &Principal,
        id: OrderId,
        event_id: OrderEventId,
    ) -> AppResult<(Order, OrderEvent)> {
        who.require(Permission::WorkOrders)?;
        let order = tx
            .order(order_scope(who), id)
            .await?
            .ok_or_else(|| AppError::not_found("order"))?;
        ensure_active(&order)?;
        let event = tx
            .order_event(id, event_id)
            .await?
            .filter(|e| e.deleted_at.is_none())
            .ok_or_else(|| AppError::not_found("event"))?;
        if !(who.user.role.allows(Permission::ManageOrders) || event.author_id == who.user.id) {
            return Err(AppError::forbidden());
        }
        Ok((order, event))
    }

    /// Edits an event's label and/or comment (office roles and its author);
    /// the edit is stamped (`edited_at`, `edited_by`) and published. The
    /// visibility never changes.
    pub async fn edit_order_event(
        &self,
        who: &Principal,
        id: OrderId,
        event_id: OrderEventId,
        edit: EventEdit,
    ) -> AppResult<OrderEvent> {
        let comment = edit
            .comment
            .as_deref()
            .map(|c| text_field("comment", c, MAX_COMMENT, false))
            .transpose()?;
        let now = Timestamp::now();
        let mut tx = self.store.begin().await?;
        let (order, current) = Self::editable_event(&mut tx, who, id, event_id).await?;
        let (status_id, label) = match edit.status_id {
            Some(sid) => {
                let s = Self::resolve_status(&mut tx, current.visibility, Some(sid))
                    .await?
                    .ok_or_else(|| AppError::not_found("status"))?;
                (Some(s.id), s.label)
            }
            None => (current.status_id, current.label.clone()),
        };
        let comment = comment.unwrap_or_else(|| current.comment.clone());
        let photos: Vec<OrderPhoto> = tx
            .order_photos(id)
            .await?
            .into_iter()
            .filter(|p| p.event_id == event_id)
            .collect();
        if label.is_empty() && comment.is_empty() && photos.is_empty() {
            return Err(AppError::validation(
                "comment",
                "an event needs a status, a comment or a photo; delete it instead",
            ));
        }
        tx.update_order_event(event_id, status_id, &label, &comment, who.user.id, now)
            .await?;
        tx.refresh_order_statuses(id, now).await?;
        let mut event = tx
            .order_event(id, event_id)
            .await?
            .ok_or_else(|| AppError::not_found("event"))?;
        attach_photos(std::slice::from_mut(&mut event), &photos, &order_url(id));
        let staged = self
            .stage_timeline(&mut tx, who, &order, &event, "order.event_edited", &photos)
            .await?;
        tx.commit().await?;
        for s in staged {
            self.announce(s);
        }
        Ok(event)
    }

    /// Deletes an event (soft: stamped `deleted_at`/`deleted_by`, kept for
    /// staff) — office roles and its author. The order's current status
    /// falls back to the latest remaining event with a status.
    pub async fn delete_order_event(
        &self,
        who: &Principal,
        id: OrderId,
        event_id: OrderEventId,
    ) -> AppResult<()> {
        let now = Timestamp::now();
        let mut tx = self.store.begin().await?;
        let (order, event) = Self::editable_event(&mut tx, who, id, event_id).await?;
        if !tx.delete_order_event(event_id, who.user.id, now).await? {
            return Err(AppError::not_found("event"));
        }
        tx.refresh_order_statuses(id, now).await?;
        let removed = EventRemoved {
            kind: "order.event_deleted",
            order_id: id,
            event_id,
            by: actor(who),
        };
        let by = Some(who.user.id);
        let staged = match event.visibility {
            Visibility::Internal => vec![
                self.stage_event(&mut tx, &Channel::InternalOrder(id), &removed, by)
                    .await?,
            ],
            Visibility::Public => vec![
                self.stage_event(&mut tx, &Channel::Order(id), &removed, by)
                    .await?,
                self.stage_event(
                    &mut tx,
                    &Channel::PublicOrder(order.qr_token.clone()),
                    &PublicEventRemoved {
                        kind: "order.event_deleted",
                        event_id,
                    },
                    None,
                )
                .await?,
            ],
        };
        tx.commit().await?;
        for s in staged {
            self.announce(s);
        }
        Ok(())
    }

    /// The file of a photo (or its thumbnail) for someone who may see the
    /// order and the photo's event; anyone else gets `not_found`.
    pub async fn order_photo_file(
        &self,
        who: &Principal,
        id: OrderId,
        photo: OrderPhotoId,
        thumb: bool,
    ) -> AppResult<PathBuf> {
        who.require(Permission::ReadOrders)?;
        let not_found = || AppError::not_found("photo");
        let mut conn = self.store.conn().await?;
        if !conn.order_visible(order_scope(who), id).await? {
            return Err(not_found());
        }
        let p = conn.order_photo(id, photo).await?.ok_or_else(not_found)?;
        let staff = sees_internal(who);
        if !p.visibility.visible_to(Some(who.user.role)) || (p.deleted && !staff) {
            return Err(not_found());
        }
        let name = if thumb { p.thumb_name } else { p.stored_name };
        Ok(self.settings.uploads.dir.join(FOLDER).join(name))
    }

    // --- parts -----------------------------------------------------------------------

    async fn part_data(conn: &mut Conn, input: PartInput) -> AppResult<PartData> {
        let scale = Self::money_scale(conn).await?;
        if !(0..=MAX_WARRANTY_DAYS).contains(&input.warranty_days) {
            return Err(AppError::validation(
                "warranty_days",
                format!("the warranty must be between 0 and {MAX_WARRANTY_DAYS} days"),
            ));
        }
        Ok(PartData {
            description: text_field("description", &input.description, 300, true)?,
            quantity: input
                .quantity
                .check()
                .map_err(|e| AppError::validation("quantity", e.to_string()))?,
            unit_price: input
                .unit_price
                .check(scale)
                .map_err(|e| invalid_money("unit_price", e))?,
            warranty_days: input.warranty_days,
            shown_to_customer: input.shown_to_customer,
        })
    }

    async fn finished_part(
        conn: &mut Conn,
        order: OrderId,
        id: OrderPartId,
    ) -> AppResult<OrderPart> {
        let mut part = conn
            .order_part(order, id)
            .await?
            .ok_or_else(|| AppError::not_found("part"))?;
        let settings = conn.company_settings().await?;
        finish_part(
            &mut part,
            currency_scale(&settings.currency),
            company_tz(&settings.time_zone),
        );
        Ok(part)
    }

    /// Stages a parts change for its audiences: lines shown to the customer
    /// in `order:<id>` (added when they appear, updated, removed when they
    /// are deleted or hidden); lines hidden from the customer in
    /// `internal:order:<id>`.
    async fn stage_part(
        &self,
        tx: &mut Conn,
        who: &Principal,
        order: OrderId,
        before: Option<&OrderPart>,
        after: Option<&OrderPart>,
    ) -> AppResult<Vec<Staged>> {
        let shown_before = before.is_some_and(|p| p.shown_to_customer);
        let shown_after = after.is_some_and(|p| p.shown_to_customer);
        let Some(part_id) = after.or(before).map(|p| p.id) else {
            return Ok(Vec::new());
        };
        let by = Some(who.user.id);
        let mut staged = Vec::new();
        match after {
            Some(part) if shown_after => {
                let change = PartChange {
                    kind: if shown_before {
                        "order.part_updated"
                    } else {
                        "order.part_added"
                    },
                    order_id: order,
                    part,
                    by: actor(who),
                };
                staged.push(
                    self.stage_event(tx, &Channel::Order(order), &change, by)
                        .await?,
                );
            }
            _ if shown_before => {
                let removed = PartRemoved {
                    kind: "order.part_removed",
                    order_id: order,
                    part_id,
                    by: actor(who),
                };
                staged.push(
                    self.stage_event(tx, &Channel::Order(order), &removed, by)
                        .await?,
                );
            }
            _ => {}
        }
        match after {
            Some(part) if !shown_after => {
                let change = PartChange {
                    kind: if before.is_some() {
                        "order.part_updated"
                    } else {
                        "order.part_added"
                    },
                    order_id: order,
                    part,
                    by: actor(who),
                };
                staged.push(
                    self.stage_event(tx, &Channel::InternalOrder(order), &change, by)
                        .await?,
                );
            }
            None if !shown_before => {
                let removed = PartRemoved {
                    kind: "order.part_deleted",
                    order_id: order,
                    part_id,
                    by: actor(who),
                };
                staged.push(
                    self.stage_event(tx, &Channel::InternalOrder(order), &removed, by)
                        .await?,
                );
            }
            _ => {}
        }
        Ok(staged)
    }

    /// Adds a part used on an order (office roles and the order's
    /// technicians). Closed and deactivated orders are refused.
    pub async fn add_order_part(
        &self,
        who: &Principal,
        id: OrderId,
        input: PartInput,
    ) -> AppResult<OrderPart> {
        who.require(Permission::WorkOrders)?;
        let now = Timestamp::now();
        let mut tx = self.store.begin().await?;
        // Parts take part in the balance: no closing may interleave.
        tx.lock_order(id).await?;
        let order = tx
            .order(order_scope(who), id)
            .await?
            .ok_or_else(|| AppError::not_found("order"))?;
        ensure_active(&order)?;
        ensure_not_closed(&order)?;
        let data = Self::part_data(&mut tx, input).await?;
        let part_id = OrderPartId::new();
        tx.insert_order_part(part_id, id, &data, who.user.id, now)
            .await?;
        tx.touch_order(id, now).await?;
        let part = Self::finished_part(&mut tx, id, part_id).await?;
        let staged = self.stage_part(&mut tx, who, id, None, Some(&part)).await?;
        tx.commit().await?;
        for s in staged {
            self.announce(s);
        }
        Ok(part)
    }

    /// Reads a part for editing or deleting: office roles, or whoever added it.
    async fn editable_part(
        tx: &mut Conn,
        who: &Principal,
        id: OrderId,
        part_id: OrderPartId,
    ) -> AppResult<OrderPart> {
        who.require(Permission::WorkOrders)?;
        // Parts take part in the balance: no closing may interleave.
        tx.lock_order(id).await?;
        let order = tx
            .order(order_scope(who), id)
            .await?
            .ok_or_else(|| AppError::not_found("order"))?;
        ensure_active(&order)?;
        ensure_not_closed(&order)?;
        let part = Self::finished_part(tx, id, part_id).await?;
        if !(who.user.role.allows(Permission::ManageOrders) || part.added_by == who.user.id) {
            return Err(AppError::forbidden());
        }
        Ok(part)
    }

    pub async fn update_order_part(
        &self,
        who: &Principal,
        id: OrderId,
        part_id: OrderPartId,
        input: PartInput,
    ) -> AppResult<OrderPart> {
        let now = Timestamp::now();
        let mut tx = self.store.begin().await?;
        let before = Self::editable_part(&mut tx, who, id, part_id).await?;
        let data = Self::part_data(&mut tx, input).await?;
        tx.update_order_part(part_id, &data, now).await?;
        tx.touch_order(id, now).await?;
        let part = Self::finished_part(&mut tx, id, part_id).await?;
        let staged = self
            .stage_part(&mut tx, who, id, Some(&before), Some(&part))
            .await?;
        tx.commit().await?;
        for s in staged {
            self.announce(s);
        }
        Ok(part)
    }

    pub async fn delete_order_part(
        &self,
        who: &Principal,
        id: OrderId,
        part_id: OrderPartId,
    ) -> AppResult<()> {
        let now = Timestamp::now();
        let mut tx = self.store.begin().await?;
        let before = Self::editable_part(&mut tx, who, id, part_id).await?;
        tx.delete_order_part(part_id).await?;
        tx.touch_order(id, now).await?;
        let staged = self
            .stage_part(&mut tx, who, id, Some(&before), None)
            .await?;
        tx.commit().await?;
        for s in staged {
            self.announce(s);
        }
        Ok(())
    }

    /// The parts view across all orders (office roles), newest first.
    pub async fn list_parts(
        &self,
        who: &Principal,
        query: PartsQuery,
        cursor: Option<&str>,
        limit: i64,
    ) -> AppResult<PartPage> {
        who.require(Permission::ManageOrders)?;
        let after: Option<PartCursor> = cursor.map(decode_cursor).transpose()?;
        let limit = limit.clamp(1, 500);
        let mut conn = self.store.conn().await?;
        let settings = conn.company_settings().await?;
        let (scale, tz) = (
            currency_scale(&settings.currency),
            company_tz(&settings.time_zone),
        );
        if let (Some(from), Some(to)) = (query.from, query.to)
            && from > to
        {
            return Err(AppError::validation(
                "to",
                "the range ends before it starts",
            ));
        }
        let filter = PartFilter {
            from: query.from.map(|d| start_of_day(d, tz)),
            until: query
                .to
                .and_then(|d| d.succ_opt())
                .map(|d| start_of_day(d, tz)),
            order_id: query.order_id,
            added_by: query.added_by,
            technician_id: query.technician_id,
            q: query.q,
        };
        let mut items = conn.parts_page(&filter, after.as_ref(), limit + 1).await?;
        let next_cursor = if items.len() as i64 > limit {
            items.truncate(limit as usize);
            items.last().map(|p| {
                encode_cursor(&PartCursor {
                    created_at: p.created_at,
                    id: p.id,
                })
            })
        } else {
            None
        };
        for p in &mut items {
            finish_part(p, scale, tz);
        }
        Ok(PartPage { items, next_cursor })
    }

    // --- the public (QR) view ---------------------------------------------------------

    /// The QR page of an order: number, customer name, machine, public
    /// timeline, parts shown to the customer and balance. Rate-limited per
    /// client IP; an unknown or rotated token, or a deactivated order, is
    /// `not_found`.
    pub async fn public_order(&self, token: &str, meta: &RequestMeta) -> AppResult<PublicOrder> {
        let limits = &self.settings.public;
        self.public_throttle
            .take(
                client_ip(meta),
                limits.order_views_per_minute,
                limits.order_views_burst,
            )
            .map_err(throttled)?;
        let mut conn = self.store.conn().await?;
        let order = conn
            .order_by_qr_token(token)
            .await?
            .ok_or_else(|| AppError::not_found("order"))?;
        let events = conn.order_events(order.id, false, false).await?;
        let photos = conn.order_photos(order.id).await?;
        let timeline = events
            .iter()
            .map(|e| public_event(e, token, &photos))
            .collect();
        let settings = conn.company_settings().await?;
        let (scale, tz) = (
            currency_scale(&settings.currency),
            company_tz(&settings.time_zone),
        );
        let mut parts = conn.order_parts(order.id, false).await?;
        for p in &mut parts {
            finish_part(p, scale, tz);
        }
        let balance = public_balance(&mut conn, order.id).await?;
        Ok(PublicOrder {
            number: order.number,
            customer_name: order.customer_name,
            equipment: order.equipment_brand.map(|brand| PublicEquipment {
                brand,
                model: order.equipment_model.unwrap_or_default(),
                serial: order.equipment_serial.unwrap_or_default(),
            }),
            reason: order.reason,
            status: order.public_status,
            state: order.state,
            received_at: order.received_at,
            promised_at: order.promised_at,
            closed_at: order.closed_at,
            timeline,
            parts: parts
                .into_iter()
                .map(|p| PublicPart {
                    description: p.description,
                    quantity: p.quantity,
                    unit_price: p.unit_price,
                    total: p.total,
                    warranty_days: p.warranty_days,
                    warranty_until: p.warranty_until,
                    created_at: p.created_at,
                })
                .collect(),
            balance,
            currency: settings.currency,
            channel: Channel::PublicOrder(token.to_string()).to_string(),
        })
    }

    /// A public event's photo through the QR link. Photos of a valid link are
    /// not counted against the rate limit; failed lookups are.
    pub async fn public_photo_file(
        &self,
        token: &str,
        photo: OrderPhotoId,
        thumb: bool,
        meta: &RequestMeta,
    ) -> AppResult<PathBuf> {
        let limits = &self.settings.public;
        let ip = client_ip(meta);
        let (per_minute, burst) = (limits.order_views_per_minute, limits.order_views_burst);
        self.public_throttle
            .check(ip, per_minute, burst)
            .map_err(throttled)?;
        let mut conn = self.store.conn().await?;
        let found = match conn.order_by_qr_token(token).await? {
            Some(order) => conn
                .order_photo(order.id, photo)
                .await?
                .filter(|p| p.visibility == Visibility::Public && !p.deleted),
            None => None,
        };
        let Some(p) = found else {
            // A miss costs a token, so links cannot be probed through photos.
            let _ = self.public_throttle.take(ip, per_minute, burst);
            return Err(AppError::not_found("photo"));
        };
        let name = if thumb { p.thumb_name } else { p.stored_name };
        Ok(self.settings.uploads.dir.join(FOLDER).join(name))
    }
}

/// The balance shown on the public view: THE balance of the order
/// (`Conn::order_balance`, computed by the payments module in one place:
/// value + parts − payments).
async fn public_balance(conn: &mut Conn, order: OrderId) -> AppResult<Balance> {
    Ok(conn.order_balance(order).await?)
}

fn same_technicians(ids: &[UserId], current: &[AssignedTechnician]) -> bool {
    let mut a: Vec<UserId> = ids.to_vec();
    let mut b: Vec<UserId> = current.iter().map(|t| t.id).collect();
    a.sort();
    b.sort();
    a == b
}

async fn remove_files(paths: &[PathBuf]) {
    for path in paths {
        let _ = tokio::fs::remove_file(path).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_tokens_are_128_bits_url_safe_and_fit_the_channel() {
        let token = new_qr_token();
        assert_eq!(token.len(), 22);
        assert!(
            token
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
        assert_ne!(token, new_qr_token());
        let channel = format!("public:order:{token}");
        assert_eq!(
            channel.parse::<Channel>().unwrap(),
            Channel::PublicOrder(token)
        );
    }

    #[test]
    fn days_start_in_the_company_time_zone() {
        let day = NaiveDate::from_ymd_opt(2025, 3, 10).unwrap();
        let caracas = company_tz("America/Caracas");
        assert_eq!(
            start_of_day(day, caracas).as_datetime().to_rfc3339(),
            "2025-03-10T04:00:00+00:00"
        );
        assert_eq!(company_tz("Nowhere/Else"), chrono_tz::UTC);
    }
}
