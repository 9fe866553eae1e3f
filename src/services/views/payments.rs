//! The payment methods catalog and a search's totals as the API shows them.

use serde::Serialize;

use crate::domain::{Money, PaymentMethodId, Timestamp};

view! {
    /// One entry of the payment methods catalog ("formas de cobro").
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
    pub struct PaymentMethod from crate::store::payments::PaymentMethod {
        pub id: PaymentMethodId,
        pub name: String,
        /// Inactive methods stay on old payments but take no new ones.
        pub active: bool,
        /// Whether any payment (even a deleted one) uses it; such a method can
        /// only be deactivated, not deleted.
        pub in_use: bool,
        pub created_at: Timestamp,
    }
}

view! {
    /// What one payment method brought in over a search.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
    pub struct MethodTotal from crate::store::payments::MethodTotal {
        pub method_id: PaymentMethodId,
        pub method_name: String,
        pub count: i64,
        pub total: Money,
    }
}

/// The totals of a whole search (every page), deleted payments excluded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PaymentTotals {
    /// One entry per method with payments, by name.
    pub by_method: Vec<MethodTotal>,
    pub count: i64,
    pub total: Money,
}

impl From<crate::store::payments::PaymentTotals> for PaymentTotals {
    fn from(r: crate::store::payments::PaymentTotals) -> Self {
        PaymentTotals {
            by_method: r.by_method.into_iter().map(MethodTotal::from).collect(),
            count: r.count,
            total: r.total,
        }
    }
}
