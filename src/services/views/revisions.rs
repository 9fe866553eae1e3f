//! The kept history of an order's parts and posts as the API shows it.

use serde::Serialize;

use crate::domain::revision::RevisionAction;
use crate::domain::{RevisionId, Timestamp, UserId};

view! {
    /// One earlier version, as the history view shows it.
    #[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
    pub struct Revision from crate::store::revisions::Revision {
        pub id: RevisionId,
        pub action: RevisionAction,
        pub at: Timestamp,
        pub by_id: UserId,
        pub by_name: String,
        /// The fields as they were before the change.
        #[schema(value_type = Object)]
        pub previous: serde_json::Value,
    }
}
