//! The transactional outbox: what to notify, written in the same transaction
//! as the state change, and claimed by the delivery worker.
//!
//! A row moves `pending` → `sending` (claimed, with a lease) → `sent`, or back
//! to `pending` with a later `next_attempt_at` after a failure, or to `dead`
//! after the last allowed attempt. A `sending` row whose lease ran out (its
//! node crashed) is claimable again. `sent` rows are never claimed, and the
//! unique `idempotency_key` makes enqueuing the same notification twice a no-op.

use uuid::Uuid;

use super::{Backend, Conn, on_conn};
pub use crate::domain::delivery::{DeliveryChannel, DeliveryStatus};
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::{Timestamp, UserId};

/// One row of the outbox, as the worker and the delivery log see it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Delivery {
    pub id: Uuid,
    pub kind: String,
    pub channel: DeliveryChannel,
    pub recipient_user_id: Option<UserId>,
    pub recipient_address: String,
    /// The rendered message (JSON); not shown in the delivery log.
    pub payload: String,
    pub idempotency_key: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: Timestamp,
    pub last_error: String,
    pub subject_type: String,
    pub subject_id: String,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
}

const COLUMNS: &str = "id, kind, channel, recipient_user_id, recipient_address, payload, \
    idempotency_key, status, attempts, next_attempt_at, last_error, subject_type, subject_id, \
    created_at, sent_at";

/// A notification to enqueue.
pub struct NewNotification<'a> {
    pub kind: NotificationKind,
    pub channel: DeliveryChannel,
    pub recipient_user_id: Option<UserId>,
    pub recipient_address: &'a str,
    /// JSON text of the rendered message.
    pub payload: &'a str,
    pub idempotency_key: &'a str,
    pub subject_type: SubjectType,
    pub subject_id: &'a str,
    /// `Sent` for channels delivered by the transaction itself (in-app).
    pub status: DeliveryStatus,
    pub now: Timestamp,
}

impl Conn {
    /// Adds a notification to the outbox; `false` when one with the same
    /// idempotency key already exists (nothing is sent twice).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn enqueue_notification(
        &mut self,
        n: &NewNotification<'_>,
    ) -> Result<bool, sqlx::Error> {
        let sent_at = (n.status == DeliveryStatus::Sent).then_some(n.now);
        let inserted = on_conn!(self, c => sqlx::query(
            "INSERT INTO outbox (id, kind, channel, recipient_user_id, recipient_address, payload,
                                 idempotency_key, status, attempts, next_attempt_at, last_error,
                                 subject_type, subject_id, created_at, sent_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, '', $10, $11, $9, $12)
             ON CONFLICT (idempotency_key) DO NOTHING")
            .bind(Uuid::now_v7()).bind(n.kind).bind(n.channel).bind(n.recipient_user_id)
            .bind(n.recipient_address).bind(n.payload).bind(n.idempotency_key).bind(n.status)
            .bind(n.now).bind(n.subject_type).bind(n.subject_id).bind(sent_at)
            .execute(c).await.map(|r| r.rows_affected()))?;
        Ok(inserted == 1)
    }

    /// Claims up to `limit` due rows for this node: pending ones whose time
    /// has come and `sending` ones whose lease ran out. Each claimed row gets
    /// `status = sending`, a lease until `lease_until` and one more attempt.
    ///
    /// One statement on both backends. On PostgreSQL the inner `FOR UPDATE
    /// SKIP LOCKED` makes concurrent nodes take disjoint rows without
    /// waiting; SQLite has a single writer, so the statement is atomic.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn claim_due_notifications(
        &mut self,
        backend: Backend,
        now: Timestamp,
        lease_until: Timestamp,
        limit: i64,
    ) -> Result<Vec<Delivery>, sqlx::Error> {
        let lock = match backend {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE outbox SET status = 'sending', locked_until = $2, attempts = attempts + 1
             WHERE id IN (SELECT id FROM outbox
                          WHERE (status = 'pending' AND next_attempt_at <= $1)
                             OR (status = 'sending' AND locked_until <= $1)
                          ORDER BY next_attempt_at LIMIT $3 {lock})
             RETURNING {COLUMNS}"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(now).bind(lease_until).bind(limit).fetch_all(c).await)
    }

    /// Records a successful delivery.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn mark_notification_sent(
        &mut self,
        id: Uuid,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE outbox SET status = 'sent', sent_at = $2, locked_until = NULL, last_error = ''
             WHERE id = $1 AND status = 'sending'")
            .bind(id).bind(now).execute(c).await.map(|_| ()))
    }

    /// Records a failed attempt: retry at `retry_at`, or `dead` when `None`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn mark_notification_failed(
        &mut self,
        id: Uuid,
        error: &str,
        retry_at: Option<Timestamp>,
    ) -> Result<(), sqlx::Error> {
        let (status, next) = match retry_at {
            Some(at) => (DeliveryStatus::Pending, Some(at)),
            None => (DeliveryStatus::Dead, None),
        };
        on_conn!(self, c => sqlx::query(
            "UPDATE outbox SET status = $2, next_attempt_at = COALESCE($3, next_attempt_at),
                               locked_until = NULL, last_error = $4
             WHERE id = $1 AND status = 'sending'")
            .bind(id).bind(status).bind(next).bind(error).execute(c).await.map(|_| ()))
    }

    /// The deliveries about one record, newest first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn deliveries_of(
        &mut self,
        subject_type: &str,
        subject_id: &str,
    ) -> Result<Vec<Delivery>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM outbox WHERE subject_type = $1 AND subject_id = $2
             ORDER BY created_at DESC, id DESC")))
            .bind(subject_type).bind(subject_id).fetch_all(c).await)
    }

    /// Everything sent to a user or about their account, newest first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn deliveries_of_user(&mut self, user: UserId) -> Result<Vec<Delivery>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM outbox
             WHERE recipient_user_id = $1 OR (subject_type = 'user' AND subject_id = $2)
             ORDER BY created_at DESC, id DESC LIMIT 500")))
            .bind(user).bind(user.to_string()).fetch_all(c).await)
    }

    /// The newest deliveries of every kind (optionally of one status).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn recent_deliveries(
        &mut self,
        status: Option<DeliveryStatus>,
        limit: i64,
    ) -> Result<Vec<Delivery>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM outbox WHERE ($1 IS NULL OR status = $1)
             ORDER BY created_at DESC, id DESC LIMIT $2")))
            .bind(status).bind(limit).fetch_all(c).await)
    }

    /// The dead letters, newest first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn dead_deliveries(&mut self, limit: i64) -> Result<Vec<Delivery>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM outbox WHERE status = 'dead'
             ORDER BY created_at DESC, id DESC LIMIT $1")))
            .bind(limit).fetch_all(c).await)
    }

    /// Gives a dead letter a fresh set of attempts, due now; `false` when
    /// `id` is not a dead letter.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn retry_dead_delivery(
        &mut self,
        id: Uuid,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $2
             WHERE id = $1 AND status = 'dead'")
            .bind(id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// All outbox rows with this idempotency-key prefix (tests, diagnostics).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn deliveries_by_key_prefix(
        &mut self,
        prefix: &str,
    ) -> Result<Vec<Delivery>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM outbox WHERE idempotency_key LIKE $1 ORDER BY created_at, id")))
            .bind(format!("{prefix}%")).fetch_all(c).await)
    }
}

/// A customer's portal account that receives the customer's notifications.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PortalRecipient {
    pub id: UserId,
    pub name: String,
    pub email: String,
}

impl Conn {
    /// The active portal accounts of a customer's contacts.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn portal_recipients(
        &mut self,
        customer: crate::domain::CustomerId,
    ) -> Result<Vec<PortalRecipient>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT u.id, u.name, u.email FROM contacts k JOIN users u ON u.id = k.user_id
             WHERE k.customer_id = $1 AND u.active = TRUE ORDER BY u.email")
            .bind(customer).fetch_all(c).await)
    }

    /// When the newest notification of `kind` about a record was enqueued.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn last_notification_at(
        &mut self,
        kind: NotificationKind,
        subject_type: SubjectType,
        subject_id: &str,
    ) -> Result<Option<Timestamp>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_scalar(
            "SELECT MAX(created_at) FROM outbox
             WHERE subject_type = $1 AND subject_id = $2 AND kind = $3")
            .bind(subject_type).bind(subject_id).bind(kind).fetch_one(c).await)
    }

    /// Deliveries neither sent nor given up that are due now (tests wait
    /// for these to drain before reading the mail folder).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn deliveries_in_flight(&mut self, now: Timestamp) -> Result<i64, sqlx::Error> {
        on_conn!(self, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox
             WHERE status = 'sending' OR (status = 'pending' AND next_attempt_at <= $1)")
            .bind(now).fetch_one(c).await)
    }
}

/// A browser of a user that accepts Web Push messages.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PushSubscription {
    pub id: Uuid,
    pub user_id: UserId,
    pub endpoint: String,
    /// base64url of the browser's P-256 public key.
    pub p256dh: String,
    /// base64url of the browser's 16-byte authentication secret.
    pub auth: String,
    /// Free text naming the device, e.g. "Chrome en el teléfono".
    pub device: String,
    pub created_at: Timestamp,
}

impl Conn {
    /// The VAPID key pair `(private, public)`, storing `generated` when
    /// there is none yet. Several nodes starting at once keep the first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn vapid_keys(
        &mut self,
        generated: (String, String),
        now: Timestamp,
    ) -> Result<(String, String), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO push_vapid_keys (id, private_key, public_key, created_at)
             VALUES (1, $1, $2, $3) ON CONFLICT (id) DO NOTHING")
            .bind(&generated.0).bind(&generated.1).bind(now).execute(c).await.map(|_| ()))?;
        on_conn!(self, c => sqlx::query_as(
            "SELECT private_key, public_key FROM push_vapid_keys WHERE id = 1")
            .fetch_one(c).await)
    }

    /// Adds a browser, or moves an endpoint (re-subscribed) to this user and keys.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn upsert_push_subscription(
        &mut self,
        s: &PushSubscription,
    ) -> Result<PushSubscription, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth, device, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (endpoint) DO UPDATE SET user_id = $2, p256dh = $4, auth = $5, device = $6
             RETURNING id, user_id, endpoint, p256dh, auth, device, created_at")
            .bind(s.id).bind(s.user_id).bind(&s.endpoint).bind(&s.p256dh).bind(&s.auth)
            .bind(&s.device).bind(s.created_at).fetch_one(c).await)
    }

    /// Removes a browser; `user` = only when it is theirs. `false` when none.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_push_subscription(
        &mut self,
        endpoint: &str,
        user: Option<UserId>,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "DELETE FROM push_subscriptions WHERE endpoint = $1 AND ($2 IS NULL OR user_id = $2)")
            .bind(endpoint).bind(user).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n > 0)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn push_subscriptions_of(
        &mut self,
        user: UserId,
    ) -> Result<Vec<PushSubscription>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT id, user_id, endpoint, p256dh, auth, device, created_at
             FROM push_subscriptions WHERE user_id = $1 ORDER BY created_at")
            .bind(user).fetch_all(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn push_subscription(
        &mut self,
        endpoint: &str,
    ) -> Result<Option<PushSubscription>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT id, user_id, endpoint, p256dh, auth, device, created_at
             FROM push_subscriptions WHERE endpoint = $1")
            .bind(endpoint).fetch_optional(c).await)
    }
}

/// One per-user choice: `kind` by `channel` on or off.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Preference {
    pub kind: String,
    pub channel: DeliveryChannel,
    pub enabled: bool,
}

impl Conn {
    /// The user's stored choices (absent ones are enabled).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn notification_preferences(
        &mut self,
        user: UserId,
    ) -> Result<Vec<Preference>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT kind, channel, enabled FROM notification_preferences
             WHERE user_id = $1 ORDER BY kind, channel")
            .bind(user).fetch_all(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_notification_preference(
        &mut self,
        user: UserId,
        p: &Preference,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO notification_preferences (user_id, kind, channel, enabled, updated_at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (user_id, kind, channel) DO UPDATE SET enabled = $4, updated_at = $5")
            .bind(user).bind(&p.kind).bind(p.channel).bind(p.enabled).bind(now)
            .execute(c).await.map(|_| ()))
    }

    /// Stores an opt-out link's token for one person and one kind.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_unsubscribe_token(
        &mut self,
        token_hash: &str,
        user: UserId,
        kind: NotificationKind,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO unsubscribe_tokens (token_hash, user_id, kind, created_at)
             VALUES ($1, $2, $3, $4)")
            .bind(token_hash).bind(user).bind(kind).bind(now).execute(c).await.map(|_| ()))
    }

    /// Whose link this is and the kind it turns off (`None`: a link sent
    /// before links named their kind, which stands for every optional kind).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn unsubscribe_token(
        &mut self,
        token_hash: &str,
    ) -> Result<Option<(UserId, Option<NotificationKind>)>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT user_id, kind FROM unsubscribe_tokens WHERE token_hash = $1")
            .bind(token_hash).fetch_optional(c).await)
    }
}
