//! The delivery log, Web Push subscriptions and notification preferences as
//! the API shows them (a delivery's rendered payload and idempotency key stay
//! in the store).

use serde::Serialize;
use uuid::Uuid;

use crate::domain::delivery::{DeliveryChannel, DeliveryStatus};
use crate::domain::{Timestamp, UserId};

view! {
    /// One row of the outbox, as the worker and the delivery log see it.
    #[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
    pub struct Delivery from crate::store::outbox::Delivery {
        #[schema(value_type = String, format = Uuid)]
        pub id: Uuid,
        pub kind: String,
        pub channel: DeliveryChannel,
        pub recipient_user_id: Option<UserId>,
        pub recipient_address: String,
        pub status: DeliveryStatus,
        pub attempts: i32,
        pub next_attempt_at: Timestamp,
        pub last_error: String,
        pub subject_type: String,
        pub subject_id: String,
        pub created_at: Timestamp,
        pub sent_at: Option<Timestamp>,
    }
}

view! {
    /// A browser of a user that accepts Web Push messages.
    #[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
    pub struct PushSubscription from crate::store::outbox::PushSubscription {
        #[schema(value_type = String, format = Uuid)]
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
}

view! {
    /// One per-user choice: `kind` by `channel` on or off.
    #[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema)]
    pub struct Preference from crate::store::outbox::Preference {
        pub kind: String,
        pub channel: DeliveryChannel,
        pub enabled: bool,
    }
}

/// A choice as sent by the client, to store.
impl From<Preference> for crate::store::outbox::Preference {
    fn from(p: Preference) -> Self {
        crate::store::outbox::Preference {
            kind: p.kind,
            channel: p.channel,
            enabled: p.enabled,
        }
    }
}
