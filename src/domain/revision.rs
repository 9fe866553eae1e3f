//! What the kept history of an order's parts and timeline posts is about
//! and what was done; both stored as text in `order_revisions`.

use serde::Serialize;

/// What the history is about. Stored as snake_case text.
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
pub enum RevisionSubject {
    Part,
    Event,
}
crate::text_enum_sql!(RevisionSubject);

/// What was done to it. Stored as snake_case text.
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
pub enum RevisionAction {
    Edited,
    Deleted,
}
crate::text_enum_sql!(RevisionAction);
