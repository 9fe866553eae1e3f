//! The public, read-only view of an order behind its QR link, throttled per
//! IP, with the photos of its public events.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

use serde::Serialize;

use super::*;
use crate::domain::channel::Channel;
use crate::domain::money::currency_scale;
pub use crate::domain::order::{PublicEvent, PublicPart};
use crate::domain::{OrderId, OrderPhotoId, OrderState, Timestamp, Visibility};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::{RequestMeta, Services, company_tz};
use crate::store::Conn;
use crate::store::orders::{OrderEvent, OrderPhoto};
use crate::store::payments::Balance;

/// The machine, on the public view.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicEquipment {
    pub brand: String,
    pub model: String,
    pub serial: String,
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

/// A public event as QR holders see it, with photo links under the token.
pub(super) fn public_event(e: &OrderEvent, token: &str, photos: &[OrderPhoto]) -> PublicEvent {
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

pub(super) fn client_ip(meta: &RequestMeta) -> IpAddr {
    meta.ip.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

pub(super) fn throttled(wait: std::time::Duration) -> AppError {
    let mut err = AppError::new(
        ErrorCode::TooManyAttempts,
        "too many requests for order links; wait a moment and try again",
    );
    err.retry_after = Some(wait.as_secs_f64().ceil().max(1.0) as u64);
    err
}

impl Services {
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
        let mut parts = conn.order_parts(order.id, false, false).await?;
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
            parts: parts.iter().map(PublicPart::from).collect(),
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
pub(super) async fn public_balance(conn: &mut Conn, order: OrderId) -> AppResult<Balance> {
    Ok(conn.order_balance(order).await?)
}
