//! How a notification reaches its recipient and where its delivery stands;
//! both stored as text in the outbox and shown in the delivery log.

use serde::Serialize;

/// How a notification reaches its recipient. Stored as snake_case text.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    serde::Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum DeliveryChannel {
    Email,
    Push,
    InApp,
}
crate::text_enum_sql!(DeliveryChannel);

/// Where a delivery stands. Stored as snake_case text.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    serde::Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum DeliveryStatus {
    Pending,
    Sending,
    Sent,
    /// Gave up after the configured number of attempts; an admin may retry.
    Dead,
}
crate::text_enum_sql!(DeliveryStatus);
