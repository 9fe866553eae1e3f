//! Notifications: use-cases enqueue them inside their own transaction (the
//! transactional outbox), the worker in [`crate::jobs::outbox`] delivers
//! them after commit, and the office reads the delivery log.
//!
//! - E-mails are rendered from [`Message`] templates when enqueued, so the
//!   outbox row holds exactly what is sent, however many retries it takes.
//! - In-app notifications are publications in the recipient's `user:<id>`
//!   channel, staged in the same transaction; they are logged in the outbox
//!   as already `sent`, so the delivery log shows every channel.
//! - Each delivery has an idempotency key built from what it reports (e.g.
//!   `order_event:<event id>:email:<address>`): enqueuing it twice is a no-op.

use serde::Deserialize;
use uuid::Uuid;

use super::uow::UnitOfWork;
use super::{Lines, Principal, Services, text_field};
use crate::domain::channel::Channel;
use crate::domain::events::{ChannelEvent, InAppKind, InAppNotification};
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::{CustomerId, Permission, Timestamp, UserId};
use crate::error::{AppError, AppResult, Context, ErrorCode};
use crate::notify::mail::EmailAttachment;
use crate::notify::push::browser_keys;
use crate::notify::templates::{self, Branding, Lang, Message};
use crate::store::Conn;
use crate::store::outbox::{
    Delivery, DeliveryChannel, DeliveryStatus, NewNotification, Preference, PushSubscription,
};

/// One notification to one person, enqueued with [`Services::notify`].
pub struct Notify<'a> {
    /// What happened; also the in-app event's `notification`.
    pub kind: NotificationKind,
    /// Makes the deliveries unique; the channel and address are appended.
    pub key: String,
    pub user: Option<UserId>,
    /// E-mail address; `None` = no e-mail.
    pub email: Option<&'a str>,
    pub message: Message,
    /// The record it is about, for the delivery log.
    pub subject_type: SubjectType,
    pub subject_id: String,
    /// Also publish it in the user's `user:<id>` channel.
    pub in_app: bool,
    /// Files the e-mail carries (a document's PDF); none for other channels.
    pub attachments: Vec<EmailAttachment>,
}

const CHANNELS: [DeliveryChannel; 3] = [
    DeliveryChannel::Email,
    DeliveryChannel::Push,
    DeliveryChannel::InApp,
];

/// A browser's `PushSubscription.toJSON()`, plus an optional device name.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PushSubscriptionInput {
    /// The push service URL (http or https).
    #[schema(
        max_length = 2048,
        pattern = r"^https?://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(:[1-9][0-9]{0,3})?(/[A-Za-z0-9._~/-]*)?$"
    )]
    pub endpoint: String,
    pub keys: PushKeys,
    /// Free text naming the device.
    #[schema(max_length = 200)]
    pub device: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PushKeys {
    /// base64url of the browser's uncompressed P-256 public key (65 bytes).
    #[schema(pattern = r"^[A-Za-z0-9_-]{87}=?$")]
    pub p256dh: String,
    /// base64url of the browser's authentication secret (16 bytes).
    #[schema(pattern = r"^[A-Za-z0-9_-]{22}(==)?$")]
    pub auth: String,
}

/// Checks a push endpoint: an absolute http(s) URL with a host.
fn parse_endpoint(endpoint: &str) -> AppResult<String> {
    let endpoint = endpoint.trim();
    let bad = || AppError::validation("endpoint", "endpoint must be an http or https URL");
    if endpoint.len() > 2048 {
        return Err(AppError::validation("endpoint", "endpoint is too long"));
    }
    let url = url::Url::parse(endpoint).map_err(|_| bad())?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(bad());
    }
    Ok(endpoint.to_string())
}

#[derive(Deserialize, utoipa::IntoParams)]
/// Which deliveries to list: those about one record, or the newest of all.
pub struct DeliveryLogQuery {
    /// The kind of record, e.g. `order` or `user` (with `subject_id`).
    pub subject_type: Option<String>,
    /// Its id (with `subject_type`).
    pub subject_id: Option<String>,
    /// Without a record: only deliveries in this status.
    pub status: Option<DeliveryStatus>,
    /// Without a record: how many, 1 to 500 (default 100).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
}

impl Services {
    /// The company's name and logo as e-mails show them.
    pub(crate) async fn branding(&self, tx: &mut Conn) -> AppResult<Branding> {
        let company = tx.company_settings().await?;
        let configured = &self.settings.notifications.logo_url;
        let logo_url = if !configured.is_empty() {
            Some(configured.clone())
        } else {
            company
                .logo_path
                .as_ref()
                .map(|_| format!("{}/api/v1/settings/logo", self.public_url))
        };
        Ok(Branding {
            company: company.company_name,
            logo_url,
        })
    }

    pub(crate) fn language(&self) -> Lang {
        Lang::parse(&self.settings.notifications.language)
    }

    /// Enqueues `n` in the unit of work: an e-mail row and, when asked, an
    /// in-app publication and pushes. Use [`UnitOfWork::notify`].
    pub(super) async fn notify(&self, tx: &mut UnitOfWork<'_>, n: Notify<'_>) -> AppResult<()> {
        // Rows for the delivery worker (or none, if the person opted out):
        // waking it for nothing costs one empty claim.
        tx.wake_outbox();
        let brand = self.branding(tx).await?;
        let now = Timestamp::now();
        let optional = n.kind.is_optional();
        let prefs = match (optional, n.user) {
            (true, Some(user)) => tx.notification_preferences(user).await?,
            _ => Vec::new(),
        };
        let wants = |channel: DeliveryChannel| {
            prefs
                .iter()
                .find(|p| p.kind == n.kind.to_string() && p.channel == channel)
                .map_or(n.kind.on_by_default(), |p| p.enabled)
        };
        // Non-essential e-mail to a user carries an opt-out link for this
        // kind only: a page that asks first, and RFC 8058 one-click POST.
        let unsubscribe = match (optional, n.user, n.email) {
            (true, Some(user), Some(_)) if wants(DeliveryChannel::Email) => {
                let (token, hash) = super::auth::new_token();
                tx.insert_unsubscribe_token(&hash, user, n.kind, now)
                    .await?;
                Some(format!(
                    "{}/api/v1/notifications/unsubscribe?token={token}",
                    self.public_url
                ))
            }
            _ => None,
        };
        let mut rendered =
            templates::render(&n.message, self.language(), &brand, unsubscribe.as_deref());
        rendered.attachments = n.attachments;
        if let Some(address) = n.email.filter(|_| wants(DeliveryChannel::Email)) {
            let payload = serde_json::to_string(&rendered).context("serializing an e-mail")?;
            tx.enqueue_notification(&NewNotification {
                kind: n.kind,
                channel: DeliveryChannel::Email,
                recipient_user_id: n.user,
                recipient_address: address,
                payload: &payload,
                idempotency_key: &format!("{}:email:{}", n.key, address.to_lowercase()),
                subject_type: n.subject_type,
                subject_id: &n.subject_id,
                status: DeliveryStatus::Pending,
                now,
            })
            .await?;
        }
        if let (true, Some(user)) = (n.in_app, n.user) {
            let channel = Channel::User(user);
            let key = format!("{}:in_app:{user}", n.key);
            let summary = templates::summary(&n.message, self.language(), &brand.company);
            let link = templates::link(&n.message, self.language());
            let url = link
                .as_deref()
                .and_then(|l| l.strip_prefix(&*self.public_url))
                .filter(|path| path.starts_with('/'));
            let payload = ChannelEvent::Notification(InAppNotification {
                kind: InAppKind::Notification,
                notification: n.kind,
                subject_type: n.subject_type,
                subject_id: n.subject_id.clone(),
                title: rendered.subject.clone(),
                body: summary,
                url: url.map(str::to_owned),
            });
            let data = serde_json::to_string(&payload).context("serializing a notification")?;
            let fresh = wants(DeliveryChannel::InApp)
                && tx
                    .enqueue_notification(&NewNotification {
                        kind: n.kind,
                        channel: DeliveryChannel::InApp,
                        recipient_user_id: Some(user),
                        recipient_address: &channel.to_string(),
                        payload: &data,
                        idempotency_key: &key,
                        subject_type: n.subject_type,
                        subject_id: &n.subject_id,
                        status: DeliveryStatus::Sent,
                        now,
                    })
                    .await?;
            if fresh {
                tx.publish(&channel, payload, None).await?;
            }
            // And a push to each of the user's browsers.
            let browsers = if wants(DeliveryChannel::Push) {
                tx.push_subscriptions_of(user).await?
            } else {
                Vec::new()
            };
            for sub in browsers {
                tx.enqueue_notification(&NewNotification {
                    kind: n.kind,
                    channel: DeliveryChannel::Push,
                    recipient_user_id: Some(user),
                    recipient_address: &sub.endpoint,
                    payload: &data,
                    idempotency_key: &format!("{}:push:{}", n.key, sub.id),
                    subject_type: n.subject_type,
                    subject_id: &n.subject_id,
                    status: DeliveryStatus::Pending,
                    now,
                })
                .await?;
            }
        }
        Ok(())
    }

    /// Notifies every portal account of `customer` (e-mail and in-app):
    /// `message` builds each one's text from their name. The key is
    /// completed per recipient, so each person gets it once. Use
    /// [`UnitOfWork::notify_customer`].
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn notify_customer(
        &self,
        tx: &mut UnitOfWork<'_>,
        customer: CustomerId,
        kind: NotificationKind,
        key: &str,
        subject_type: SubjectType,
        subject_id: String,
        message: impl Fn(&str) -> Message,
    ) -> AppResult<()> {
        self.notify_customer_attaching(
            tx,
            customer,
            kind,
            key,
            subject_type,
            subject_id,
            &[],
            message,
        )
        .await
    }

    /// [`Services::notify_customer`] with files on every e-mail (an issued
    /// document's PDF). Use [`UnitOfWork::notify_customer_attaching`].
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn notify_customer_attaching(
        &self,
        tx: &mut UnitOfWork<'_>,
        customer: CustomerId,
        kind: NotificationKind,
        key: &str,
        subject_type: SubjectType,
        subject_id: String,
        attachments: &[EmailAttachment],
        message: impl Fn(&str) -> Message,
    ) -> AppResult<()> {
        for r in tx.portal_recipients(customer).await? {
            self.notify(
                tx,
                Notify {
                    kind,
                    key: format!("{key}:{}", r.id),
                    user: Some(r.id),
                    email: Some(&r.email),
                    message: message(&r.name),
                    subject_type,
                    subject_id: subject_id.clone(),
                    in_app: true,
                    attachments: attachments.to_vec(),
                },
            )
            .await?;
        }
        Ok(())
    }

    /// Tells the office desk (active masters, admins and operators) about
    /// something a customer asked for: in-app and push, no e-mail (they act
    /// on it in the app). `message` builds each one's text from their name.
    pub(super) async fn notify_desk(
        &self,
        tx: &mut UnitOfWork<'_>,
        kind: NotificationKind,
        key: &str,
        subject_type: SubjectType,
        subject_id: String,
        message: impl Fn(&str) -> Message,
    ) -> AppResult<()> {
        for (user, name) in tx.desk_recipients().await? {
            self.notify(
                tx,
                Notify {
                    kind,
                    key: format!("{key}:{user}"),
                    user: Some(user),
                    email: None,
                    message: message(&name),
                    subject_type,
                    subject_id: subject_id.clone(),
                    in_app: true,
                    attachments: Vec::new(),
                },
            )
            .await?;
        }
        Ok(())
    }

    /// The customer-facing link of an order (its QR page).
    pub(crate) fn order_link(&self, qr_token: &str) -> String {
        format!("{}/o/{qr_token}", self.public_url)
    }

    /// The server's VAPID public key (base64url), for `pushManager.subscribe`.
    pub fn vapid_public_key(&self) -> &str {
        self.push.public_key()
    }

    /// Registers (or refreshes) one browser of the caller for Web Push.
    pub async fn subscribe_push(
        &self,
        who: &Principal,
        input: PushSubscriptionInput,
    ) -> AppResult<PushSubscription> {
        let endpoint = parse_endpoint(&input.endpoint)?;
        browser_keys(&input.keys.p256dh, &input.keys.auth).map_err(|e| {
            let field = if e.to_string().starts_with("auth") {
                "keys.auth"
            } else {
                "keys.p256dh"
            };
            AppError::validation(field, e.to_string())
        })?;
        let device = text_field(
            "device",
            input.device.as_deref().unwrap_or(""),
            200,
            false,
            Lines::Single,
        )?;
        let mut tx = self.begin().await?;
        let saved = tx
            .upsert_push_subscription(&PushSubscription {
                id: Uuid::now_v7(),
                user_id: who.user.id,
                endpoint,
                p256dh: input.keys.p256dh.trim_end_matches('=').to_string(),
                auth: input.keys.auth.trim_end_matches('=').to_string(),
                device,
                created_at: Timestamp::now(),
            })
            .await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Forgets one browser of the caller.
    pub async fn unsubscribe_push(&self, who: &Principal, endpoint: &str) -> AppResult<()> {
        let mut tx = self.begin().await?;
        if !tx
            .delete_push_subscription(endpoint, Some(who.user.id))
            .await?
        {
            return Err(AppError::not_found("push subscription"));
        }
        tx.commit().await?;
        Ok(())
    }

    /// The caller's browsers registered for Web Push.
    pub async fn my_push_subscriptions(&self, who: &Principal) -> AppResult<Vec<PushSubscription>> {
        Ok(self
            .store
            .conn()
            .await?
            .push_subscriptions_of(who.user.id)
            .await?)
    }

    /// The caller's choices for every optional event and channel.
    pub async fn preferences(&self, who: &Principal) -> AppResult<Vec<Preference>> {
        let stored = self
            .store
            .conn()
            .await?
            .notification_preferences(who.user.id)
            .await?;
        Ok(NotificationKind::OPTIONAL
            .iter()
            .flat_map(|kind| CHANNELS.iter().map(move |c| (kind.to_string(), *c)))
            .map(|(kind, channel)| Preference {
                enabled: stored
                    .iter()
                    .find(|p| p.kind == kind && p.channel == channel)
                    .map_or_else(
                        || {
                            kind.parse::<NotificationKind>()
                                .is_ok_and(|k| k.on_by_default())
                        },
                        |p| p.enabled,
                    ),
                kind,
                channel,
            })
            .collect())
    }

    /// Changes some of the caller's choices; answers all of them.
    pub async fn set_preferences(
        &self,
        who: &Principal,
        changes: Vec<Preference>,
    ) -> AppResult<Vec<Preference>> {
        if let Some(bad) = changes.iter().find(|p| {
            !p.kind
                .parse::<NotificationKind>()
                .is_ok_and(NotificationKind::is_optional)
        }) {
            let optional: Vec<&str> = NotificationKind::OPTIONAL.map(<&str>::from).to_vec();
            return Err(AppError::validation(
                "kind",
                format!(
                    "{:?} cannot be turned off; choose one of {}",
                    bad.kind,
                    optional.join(", ")
                ),
            ));
        }
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        for p in &changes {
            tx.set_notification_preference(who.user.id, p, now).await?;
        }
        tx.commit().await?;
        self.preferences(who).await
    }

    /// Whose opt-out link `token` is and the kinds it turns off (one; every
    /// optional kind for links sent before links named their kind).
    async fn unsubscribe_target(
        &self,
        tx: &mut Conn,
        token: &str,
    ) -> AppResult<(UserId, Vec<NotificationKind>)> {
        match tx
            .unsubscribe_token(&super::auth::hash_token(token))
            .await?
        {
            Some((user, Some(kind))) => Ok((user, vec![kind])),
            Some((user, None)) => Ok((user, NotificationKind::OPTIONAL.to_vec())),
            None => Err(AppError::new(
                ErrorCode::InvalidToken,
                "this unsubscribe link is not valid",
            )
            .field("token")),
        }
    }

    /// The kinds an opt-out link would turn off, for its confirmation page
    /// (opening the link changes nothing: mail scanners open links).
    pub async fn unsubscribe_link_kinds(&self, token: &str) -> AppResult<Vec<NotificationKind>> {
        let mut conn = self.store.conn().await?;
        Ok(self.unsubscribe_target(&mut conn, token).await?.1)
    }

    /// The opt-out link of a non-essential e-mail, confirmed (the page's
    /// button or a mail client's one-click POST): its recipient gets no more
    /// e-mail of that kind (`subscribe` = false), or gets it again (true).
    /// Other kinds and other channels are untouched. Answers the kinds.
    pub async fn unsubscribe_by_token(
        &self,
        token: &str,
        subscribe: bool,
    ) -> AppResult<Vec<NotificationKind>> {
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let (user, kinds) = self.unsubscribe_target(&mut tx, token).await?;
        for kind in &kinds {
            tx.set_notification_preference(
                user,
                &Preference {
                    kind: kind.to_string(),
                    channel: DeliveryChannel::Email,
                    enabled: subscribe,
                },
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(kinds)
    }

    /// The delivery log: about one record (both `subject_*` given), or the
    /// newest of every kind (neither given).
    pub async fn delivery_log(
        &self,
        who: &Principal,
        q: DeliveryLogQuery,
    ) -> AppResult<Vec<Delivery>> {
        // The page size is checked whichever log is asked for.
        let limit = q.limit.unwrap_or(100);
        if !(1..=500).contains(&limit) {
            return Err(AppError::validation("limit", "limit must be 1 to 500"));
        }
        match (q.subject_type, q.subject_id) {
            (Some(kind), Some(id)) => self.deliveries(who, &kind, &id).await,
            (None, None) => self.recent_deliveries(who, q.status, limit).await,
            _ => Err(AppError::validation(
                "subject_id",
                "give both subject_type and subject_id, or neither",
            )),
        }
    }

    /// The delivery log of a record (office roles).
    pub async fn deliveries(
        &self,
        who: &Principal,
        subject_type: &str,
        subject_id: &str,
    ) -> AppResult<Vec<Delivery>> {
        who.require(Permission::ManageOrders)?;
        let mut conn = self.store.conn().await?;
        // A person's log: what was sent to them, and about their account.
        if subject_type == "user" {
            let user: UserId = subject_id
                .parse()
                .map_err(|_| AppError::validation("subject_id", "not a user id"))?;
            return Ok(conn.deliveries_of_user(user).await?);
        }
        Ok(conn.deliveries_of(subject_type, subject_id).await?)
    }

    /// The newest deliveries of every kind (master and admin).
    pub async fn recent_deliveries(
        &self,
        who: &Principal,
        status: Option<DeliveryStatus>,
        limit: i64,
    ) -> AppResult<Vec<Delivery>> {
        who.require(Permission::EditSettings)?;
        if !(1..=500).contains(&limit) {
            return Err(AppError::validation("limit", "limit must be 1 to 500"));
        }
        Ok(self
            .store
            .conn()
            .await?
            .recent_deliveries(status, limit)
            .await?)
    }

    /// Deliveries that gave up (master and admin).
    pub async fn dead_letters(&self, who: &Principal) -> AppResult<Vec<Delivery>> {
        who.require(Permission::EditSettings)?;
        Ok(self.store.conn().await?.dead_deliveries(500).await?)
    }

    /// Puts a dead letter back in the queue with a fresh set of attempts.
    pub async fn retry_dead_letter(&self, who: &Principal, id: Uuid) -> AppResult<()> {
        who.require(Permission::EditSettings)?;
        let mut tx = self.begin().await?;
        if !tx.retry_dead_delivery(id, Timestamp::now()).await? {
            return Err(AppError::not_found("dead letter"));
        }
        tx.wake_outbox();
        tx.commit().await?;
        Ok(())
    }
}
