//! The API's response types for what the store reads, one module per area.
//!
//! Why: the store's row types follow the tables (columns, joins, fields kept
//! only for the server such as stored file names); the types here are what
//! clients receive and what the OpenAPI document describes. Each is built
//! from its row with `From`, so a table change is not by itself an API
//! change, and nothing under `src/store` derives `ToSchema` or `TS`.
//!
//! Most views carry the same fields as their row today, under the same name
//! (the OpenAPI schema and the generated TypeScript keep their names); they
//! are written with [`view!`], which declares the struct and its field-by-field
//! `From<row>`. Enums stored in columns are domain types (`crate::domain`)
//! and are used by both. The audit entry lives in `domain::audit` because it
//! is exported to TypeScript from the domain.

/// Declares an API type and its `From<row>`, copying each listed field:
///
/// ```ignore
/// view! {
///     /// A customer as the API shows it.
///     #[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
///     pub struct Customer from crate::store::customers::Customer {
///         pub id: CustomerId,
///         pub name: String,
///     }
/// }
/// ```
///
/// Fields of the row that are not listed (stored file names, payloads) are
/// left behind.
macro_rules! view {
    (
        $(#[$meta:meta])*
        pub struct $name:ident from $row:path {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )*
        }

        impl From<$row> for $name {
            fn from(r: $row) -> Self {
                $name { $( $field: r.$field, )* }
            }
        }
    };
}

pub mod accounts;
pub mod appointments;
pub mod customers;
pub mod maintenance;
pub mod orders;
pub mod outbox;
pub mod payments;
pub mod reminders;
pub mod revisions;
pub mod settings;
pub mod surveys;
pub mod tickets;

use crate::domain::audit::AuditEntry;

/// Rows to their API types, in order (`list(rows)` reads better in a route
/// than the iterator chain).
pub fn list<R, V: From<R>>(rows: Vec<R>) -> Vec<V> {
    rows.into_iter().map(V::from).collect()
}

impl From<crate::store::audit::AuditEntry> for AuditEntry {
    fn from(r: crate::store::audit::AuditEntry) -> Self {
        AuditEntry {
            id: r.id,
            at: r.at,
            actor_id: r.actor_id,
            actor_name: r.actor_name,
            action: r.action,
            subject_type: r.subject_type,
            subject_id: r.subject_id,
            detail: r.detail,
            ip: r.ip,
            subject_name: r.subject_name,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use utoipa::OpenApi;

    use crate::http::openapi::ApiDoc;

    /// The OpenAPI document still publishes every schema it published when
    /// the API types left the store (`schema_names.txt`, checked in): moving
    /// a type must not rename or drop a schema the generated clients use.
    /// New schemas are fine; a deliberate rename updates the list.
    #[test]
    fn openapi_schema_names_kept() {
        let doc = ApiDoc::openapi();
        let names: BTreeSet<String> = doc
            .components
            .map(|c| c.schemas.into_keys().collect())
            .unwrap_or_default();
        let missing: Vec<&str> = include_str!("schema_names.txt")
            .lines()
            .map(str::trim)
            .filter(|n| !n.is_empty() && !names.contains(*n))
            .collect();
        assert!(
            missing.is_empty(),
            "schemas no longer in the OpenAPI document: {missing:?}"
        );
    }
}
