//! Pure types and rules: no I/O, no database, no HTTP.
//!
//! Values are parsed here at the edge (`Email::parse`, `TaxId::parse`,
//! `Money::parse`) so the rest of the server only ever holds valid ones.

pub mod appointment;
pub mod attachment;
pub mod audit;
pub mod billing;
pub mod channel;
pub mod crm;
pub mod customer_risk;
pub mod delivery;
pub mod email;
pub mod events;
pub mod ids;
pub mod interaction;
pub mod inventory;
pub mod money;
pub mod notification;
pub mod onboarding;
pub mod order;
pub mod payment;
pub mod quantity;
pub mod rate;
pub mod report;
pub mod revision;
pub mod role;
pub mod service_plan;
pub mod sla;
pub mod survey;
pub mod tax_id;
pub mod text;
pub mod ticket;
pub mod time;
pub mod typescript;

pub use email::Email;
pub use ids::*;
pub use money::Money;
pub use order::{OrderScope, OrderState, Visibility};
pub use quantity::Quantity;
pub use role::{Permission, Role};
pub use tax_id::{TaxId, TaxIdCountry};
pub use ticket::{TicketPriority, TicketScope, TicketState, TicketType};
pub use time::Timestamp;

/// Declares an enum stored and sent as its snake_case text: serde, strum,
/// the OpenAPI schema, the client's TypeScript type and the sqlx mapping
/// ([`text_enum_sql!`]) in one place.
#[macro_export]
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident),* $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            serde::Serialize,
            serde::Deserialize,
            strum::Display,
            strum::EnumString,
            strum::IntoStaticStr,
            strum::EnumIter,
            utoipa::ToSchema,
            ts_rs::TS,
        )]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),*
        }
        $crate::text_enum_sql!($name);
    };
}

/// Implements sqlx `Type`/`Encode`/`Decode` for a strum-backed enum stored as
/// its snake_case text on every backend, so statuses are never loose strings
/// in Rust code and stay readable in the database.
#[macro_export]
macro_rules! text_enum_sql {
    ($ty:ty) => {
        impl<DB: sqlx::Database> sqlx::Type<DB> for $ty
        where
            String: sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <String as sqlx::Type<DB>>::type_info()
            }
            fn compatible(ty: &DB::TypeInfo) -> bool {
                <String as sqlx::Type<DB>>::compatible(ty)
            }
        }
        impl<'q, DB: sqlx::Database> sqlx::Encode<'q, DB> for $ty
        where
            String: sqlx::Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut <DB as sqlx::Database>::ArgumentBuffer,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                let text: &'static str = self.into();
                <String as sqlx::Encode<'q, DB>>::encode(text.to_owned(), buf)
            }
        }
        impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $ty
        where
            String: sqlx::Decode<'r, DB>,
        {
            fn decode(
                value: <DB as sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let text = <String as sqlx::Decode<'r, DB>>::decode(value)?;
                text.parse::<$ty>()
                    .map_err(|_| format!("unknown {} {text:?}", stringify!($ty)).into())
            }
        }
    };
}
