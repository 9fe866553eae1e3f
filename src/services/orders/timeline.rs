//! The order's timeline: public and internal events with their photos,
//! posted, edited and deleted by staff, and the files behind the photos.
//!
//! An edit or a deletion keeps the previous label and comment in the post's
//! history (`order_revisions`, same transaction); staff see who changed it,
//! customers only ever see the current, non-deleted posts.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Deserialize;

use super::*;
use crate::domain::channel::Channel;
use crate::domain::events::{
    ChannelEvent, OrderEventChanged, OrderEventDeleted, PublicEventChanged, PublicEventDeleted,
};
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::{
    OrderEventId, OrderId, OrderPhotoId, OrderStatusId, Permission, Timestamp, Visibility,
};
use crate::error::{AppError, AppResult, Context};
use crate::notify::templates::Message;
use crate::services::images::{self, StoredImage};
use crate::services::uow::UnitOfWork;
use crate::services::{Lines, Principal, Services, text_field};
use crate::store::Conn;
use crate::store::orders::{NewOrderEvent, Order, OrderEvent, OrderPhoto, OrderStatus, PhotoLinks};
use crate::store::revisions::{NewRevision, Revision, RevisionAction, RevisionSubject};

/// Subfolder of the uploads folder holding order photos and thumbnails.
pub(super) const FOLDER: &str = "orders";
/// Most photos on one timeline event.
pub const MAX_PHOTOS: usize = 5;
/// Longest side of a thumbnail, in pixels.
pub const THUMB_SIDE: u32 = 320;
/// Longest timeline comment, in characters.
pub(super) const MAX_COMMENT: usize = 4000;

/// A timeline event (JSON, or the text fields of the multipart form whose
/// files are the photos).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct EventInput {
    /// `public`: the customer sees it; `internal`: staff only.
    pub visibility: Visibility,
    /// A label of the catalog of the same visibility.
    pub status_id: Option<OrderStatusId>,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub comment: String,
}

/// Changes to an event; absent fields stay as they are.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct EventEdit {
    /// A label of the catalog of the event's visibility.
    pub status_id: Option<OrderStatusId>,
    #[schema(max_length = 4000)]
    pub comment: Option<String>,
}

pub(super) fn photo_links(base: &str, photo: &OrderPhoto) -> PhotoLinks {
    PhotoLinks {
        id: photo.id,
        url: format!("{base}/photos/{}", photo.id),
        thumb_url: format!("{base}/photos/{}/thumb", photo.id),
    }
}

/// Attaches photo links to events; `base` is the order's URL for the audience.
pub(super) fn attach_photos(events: &mut [OrderEvent], photos: &[OrderPhoto], base: &str) {
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

pub(super) fn order_url(id: OrderId) -> String {
    format!("/api/v1/orders/{id}")
}

pub(super) fn public_url(token: &str) -> String {
    format!("/api/v1/public/orders/{token}")
}

impl Services {
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
        let comment = text_field("comment", &input.comment, MAX_COMMENT, false, Lines::Multi)?;
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
            ensure_public_allowed(&order, input.visibility)?;
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
    pub(super) async fn record_order_event(
        &self,
        who: &Principal,
        id: OrderId,
        input: &EventInput,
        comment: String,
        event_id: OrderEventId,
        photos: &[OrderPhoto],
        now: Timestamp,
    ) -> AppResult<OrderEvent> {
        let mut tx = self.begin().await?;
        // A closing cannot interleave with a public post.
        tx.lock_order(id).await?;
        let order = tx
            .order(order_scope(who), id)
            .await?
            .ok_or_else(|| AppError::not_found("order"))?;
        ensure_active(&order)?;
        ensure_public_allowed(&order, input.visibility)?;
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
        self.announce_timeline_event(&mut tx, who, &order, &event, photos)
            .await?;
        tx.commit().await?;
        Ok(event)
    }

    /// Writes a new timeline event (with its photo rows, the status already
    /// resolved) and moves the order's current statuses to match; returns
    /// the event as read back, photos attached. Posting an event and giving
    /// a new order its first status both go through here.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn insert_timeline_event(
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
    /// the customer's "order update" notification, in `tx`.
    pub(super) async fn announce_timeline_event(
        &self,
        tx: &mut UnitOfWork<'_>,
        who: &Principal,
        order: &Order,
        event: &OrderEvent,
        photos: &[OrderPhoto],
    ) -> AppResult<()> {
        self.stage_timeline(tx, who, order, event, false, photos)
            .await?;
        // Customers hear about public events only; internal ones stay in the office.
        if event.visibility == Visibility::Public {
            let link = self.order_link(&order.qr_token);
            self.notify_customer(
                tx,
                order.customer_id,
                NotificationKind::OrderUpdate,
                &format!("order_event:{}", event.id),
                SubjectType::Order,
                order.id.to_string(),
                |name| Message::OrderUpdate {
                    name: name.to_string(),
                    order_number: order.number.clone(),
                    status: event.label.clone(),
                    comment: event.comment.clone(),
                    link: link.clone(),
                },
            )
            .await?;
        }
        Ok(())
    }

    /// Stages an added or edited event in the channels of its audience:
    /// public → `order:<id>` and, stripped, `public:order:<token>`;
    /// internal → `internal:order:<id>` only. `edited`: an edit rather than
    /// a new event.
    pub(super) async fn stage_timeline(
        &self,
        tx: &mut UnitOfWork<'_>,
        who: &Principal,
        order: &Order,
        event: &OrderEvent,
        edited: bool,
        photos: &[OrderPhoto],
    ) -> AppResult<()> {
        // Customers read `order:<id>` too: who edited a post is for staff
        // (they see it on the order's page, which they reload on any change).
        let change = OrderEventChanged {
            order_id: order.id,
            event: OrderEvent {
                edited_by: None,
                edited_by_name: None,
                ..event.clone()
            },
            by: who.actor(),
        };
        let change = if edited {
            ChannelEvent::OrderEventEdited(change)
        } else {
            ChannelEvent::OrderEventAdded(change)
        };
        let by = Some(who.user.id);
        match event.visibility {
            Visibility::Internal => {
                tx.publish(&Channel::InternalOrder(order.id), change, by)
                    .await?
            }
            Visibility::Public => {
                let stripped = PublicEventChanged {
                    event: public_event(event, &order.qr_token, photos),
                };
                let stripped = if edited {
                    ChannelEvent::PublicEventEdited(stripped)
                } else {
                    ChannelEvent::PublicEventAdded(stripped)
                };
                tx.publish(&Channel::Order(order.id), change, by).await?;
                // No author on the QR channel: anyone may read it.
                tx.publish(
                    &Channel::PublicOrder(order.qr_token.clone()),
                    stripped,
                    None,
                )
                .await?;
            }
        }
        Ok(())
    }

    /// Keeps `before` in the post's history, in the caller's transaction.
    async fn keep_event_version(
        tx: &mut Conn,
        who: &Principal,
        before: &OrderEvent,
        action: RevisionAction,
        now: Timestamp,
    ) -> AppResult<()> {
        let previous = serde_json::json!({ "label": before.label, "comment": before.comment });
        tx.insert_revision(NewRevision {
            order_id: before.order_id,
            subject: RevisionSubject::Event,
            subject_id: before.id.0,
            action,
            previous: &previous,
            by: who.user.id,
            now,
        })
        .await?;
        Ok(())
    }

    /// The kept history of a timeline post, newest first (staff who may see
    /// the order and the post; deleted posts too). Customer contacts are
    /// refused: an internal note or an edited text must never reach them.
    pub async fn event_history(
        &self,
        who: &Principal,
        id: OrderId,
        event_id: OrderEventId,
    ) -> AppResult<Vec<Revision>> {
        if !sees_internal(who) {
            return Err(AppError::forbidden());
        }
        let mut conn = self.store.conn().await?;
        conn.order(order_scope(who), id)
            .await?
            .ok_or_else(|| AppError::not_found("order"))?;
        conn.order_event(id, event_id)
            .await?
            .ok_or_else(|| AppError::not_found("event"))?;
        Ok(conn
            .revisions(id, RevisionSubject::Event, event_id.0)
            .await?)
    }

    /// Reads an event for editing or deleting: the order must be in scope
    /// and active, the event not deleted, and the caller from the office or
    /// its author.
    pub(super) async fn editable_event(
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
            .map(|c| text_field("comment", c, MAX_COMMENT, false, Lines::Multi))
            .transpose()?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
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
        Self::keep_event_version(&mut tx, who, &current, RevisionAction::Edited, now).await?;
        tx.update_order_event(event_id, status_id, &label, &comment, who.user.id, now)
            .await?;
        tx.refresh_order_statuses(id, now).await?;
        let mut event = tx
            .order_event(id, event_id)
            .await?
            .ok_or_else(|| AppError::not_found("event"))?;
        attach_photos(std::slice::from_mut(&mut event), &photos, &order_url(id));
        self.stage_timeline(&mut tx, who, &order, &event, true, &photos)
            .await?;
        tx.commit().await?;
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
        let mut tx = self.begin().await?;
        let (order, event) = Self::editable_event(&mut tx, who, id, event_id).await?;
        Self::keep_event_version(&mut tx, who, &event, RevisionAction::Deleted, now).await?;
        if !tx.delete_order_event(event_id, who.user.id, now).await? {
            return Err(AppError::not_found("event"));
        }
        tx.refresh_order_statuses(id, now).await?;
        let removed = ChannelEvent::OrderEventDeleted(OrderEventDeleted {
            order_id: id,
            event_id,
            by: who.actor(),
        });
        let by = Some(who.user.id);
        match event.visibility {
            Visibility::Internal => {
                tx.publish(&Channel::InternalOrder(id), removed, by).await?;
            }
            Visibility::Public => {
                tx.publish(&Channel::Order(id), removed, by).await?;
                tx.publish(
                    &Channel::PublicOrder(order.qr_token.clone()),
                    ChannelEvent::PublicEventDeleted(PublicEventDeleted { event_id }),
                    None,
                )
                .await?;
            }
        }
        tx.commit().await?;
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
}

pub(super) async fn remove_files(paths: &[PathBuf]) {
    for path in paths {
        let _ = tokio::fs::remove_file(path).await;
    }
}
