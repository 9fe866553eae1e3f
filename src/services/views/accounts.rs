//! People who sign in, as the API shows them (the stored photo file name stays in the store).

use serde::Serialize;

use crate::domain::{CustomerId, Email, Role, Timestamp, UserId};

view! {
    /// A person who can sign in (staff or a customer contact).
    #[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
    pub struct User from crate::store::accounts::User {
        pub id: UserId,
        #[schema(value_type = String)]
        pub email: Email,
        pub name: String,
        pub phone: String,
        pub role: Role,
        pub active: bool,
        /// The company of a customer contact; `None` for staff.
        pub customer_id: Option<CustomerId>,
        /// False until an invited user sets a password.
        pub has_password: bool,
        /// Whether a profile photo is set (so clients skip a request that 404s).
        pub has_photo: bool,
        pub created_at: Timestamp,
        pub updated_at: Timestamp,
    }
}
