//! Customers, contacts, equipment and engine-hour readings as the API shows them.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::{
    ContactId, CustomerId, EquipmentId, Money, ReadingId, TaxId, TaxIdCountry, Timestamp, UserId,
};

view! {
    #[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
    pub struct Customer from crate::store::customers::Customer {
        pub id: CustomerId,
        /// Human number, e.g. `CLI-000042`.
        pub number: String,
        pub name: String,
        pub tax_id: TaxId,
        pub tax_id_country: TaxIdCountry,
        pub category: String,
        /// The seller who owns this customer.
        pub owner_id: Option<UserId>,
        pub credit_limit: Money,
        pub email: Option<String>,
        pub phone: String,
        pub address: String,
        pub city: String,
        pub notes: String,
        pub active: bool,
        pub created_at: Timestamp,
        pub updated_at: Timestamp,
    }
}

view! {
    #[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
    pub struct Contact from crate::store::customers::Contact {
        pub id: ContactId,
        pub customer_id: CustomerId,
        pub name: String,
        pub email: Option<String>,
        pub phone: String,
        pub position: String,
        /// The portal account of this contact, once invited.
        pub user_id: Option<UserId>,
        pub created_at: Timestamp,
    }
}

view! {
    #[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
    pub struct Equipment from crate::store::customers::Equipment {
        pub id: EquipmentId,
        pub customer_id: CustomerId,
        pub brand: String,
        pub model: String,
        pub serial: String,
        pub year: Option<i32>,
        /// The latest engine-hour reading.
        pub engine_hours: i64,
        pub warranty_ends_on: Option<NaiveDate>,
        pub notes: String,
        pub created_at: Timestamp,
    }
}

view! {
    #[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
    pub struct EngineHourReading from crate::store::customers::EngineHourReading {
        pub id: ReadingId,
        pub equipment_id: EquipmentId,
        pub hours: i64,
        pub read_at: Timestamp,
        pub recorded_by: Option<UserId>,
    }
}
