//! What billing needs to know about a customer: the party printed on
//! documents, their credit limit and own payment terms, read in the caller's
//! scope (a seller only their own customers, a contact only their company).

use rust_decimal::Decimal;

use super::super::customers::scope_binds;
use super::super::{Conn, on_conn};
use crate::domain::role::CustomerScope;
use crate::domain::{CustomerId, Money};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BillingCustomer {
    pub id: CustomerId,
    pub name: String,
    pub tax_id: String,
    pub address: String,
    pub phone: String,
    pub email: Option<String>,
    pub credit_limit: Money,
    pub payment_terms_days: Option<i32>,
}

impl Conn {
    /// A customer in the caller's scope, as billing sees it.
    #[tracing::instrument(skip_all)]
    pub async fn billing_customer(
        &mut self,
        scope: CustomerScope,
        id: CustomerId,
    ) -> Result<Option<BillingCustomer>, sqlx::Error> {
        let (all, owner, company) = scope_binds(scope);
        on_conn!(self, c => sqlx::query_as(
            "SELECT cu.id, cu.name, cu.tax_id, cu.address, cu.phone, cu.email, cu.credit_limit,
                    cu.payment_terms_days
             FROM customers cu
             WHERE ($1 OR cu.owner_id = $2 OR cu.id = $3) AND cu.id = $4")
            .bind(all).bind(owner).bind(company).bind(id).fetch_optional(c).await)
    }

    /// What a customer owes on their open invoices (Σ open), added in Rust.
    #[tracing::instrument(skip_all)]
    pub async fn customer_open_total(&mut self, id: CustomerId) -> Result<Money, sqlx::Error> {
        let open = self.open_invoices(CustomerScope::All, Some(id)).await?;
        Ok(Money(
            open.iter()
                .map(|i| i.settlement().open().0)
                .sum::<Decimal>(),
        ))
    }
}
