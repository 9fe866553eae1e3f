//! The account statement (estado de cuenta) of one customer for a period:
//! opening balance, every charge and credit in date order with the running
//! balance after each, closing balance, and the aging of what is open —
//! "de la misma manera que un resumen bancario".
//!
//! The movements come from one indexed query (`store::billing::statement`);
//! the arithmetic is `domain::billing::statement::build`, so the JSON, the
//! PDF, the CSV and the XLSX all show the same figures.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::billing_scope;
use crate::domain::billing::lines::round_money;
use crate::domain::billing::statement::build;
use crate::domain::billing::{Aging, MovementKind, Statement};
use crate::domain::{CustomerId, Money, Timestamp};
use crate::error::{AppError, AppResult};
use crate::services::{Principal, Services, company_tz, today_in};
use crate::store::billing::accounts::BillingCustomer;

/// The period of a statement.
#[derive(Debug, Clone, Copy, Default, Deserialize, utoipa::IntoParams)]
pub struct StatementPeriod {
    /// First day (company time zone); from the first movement when absent.
    pub from: Option<NaiveDate>,
    /// Last day; today when absent.
    pub to: Option<NaiveDate>,
}

/// One line of the statement.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StatementLineView {
    pub date: NaiveDate,
    pub kind: MovementKind,
    pub document_id: uuid::Uuid,
    /// `FAC-000001`, `REC-000045`, `NC-000002`.
    pub number: String,
    /// The order number, the invoice a note corrects…
    pub reference: String,
    pub charge: Money,
    pub credit: Money,
    /// The balance after this line (positive: the customer owes).
    pub balance: Money,
}

/// A customer's statement for a period.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AccountStatement {
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub customer_tax_id: String,
    pub currency: String,
    pub from: Option<NaiveDate>,
    pub to: NaiveDate,
    pub opening_balance: Money,
    pub lines: Vec<StatementLineView>,
    pub charges: Money,
    pub credits: Money,
    pub closing_balance: Money,
    /// What is open on the customer's invoices, by how late, seen on `to`.
    pub aging: Aging,
    pub generated_at: Timestamp,
}

/// What the document builders need besides the API view.
pub(crate) struct StatementParts {
    pub customer: BillingCustomer,
    pub statement: Statement,
    pub aging: Aging,
    pub currency: String,
    pub generated_at: Timestamp,
}

impl StatementParts {
    pub(crate) fn view(&self) -> AccountStatement {
        let s = &self.statement;
        // Every figure with the currency's decimals ("0.00", not "0").
        let scale = crate::domain::money::currency_scale(&self.currency);
        let m = |v: Money| Money(round_money(v.0, scale));
        AccountStatement {
            customer_id: self.customer.id,
            customer_name: self.customer.name.clone(),
            customer_tax_id: self.customer.tax_id.clone(),
            currency: self.currency.clone(),
            from: s.from,
            to: s.to,
            opening_balance: m(s.opening_balance),
            lines: s
                .lines
                .iter()
                .map(|l| StatementLineView {
                    date: l.date,
                    kind: l.kind,
                    document_id: l.document_id,
                    number: l.number.clone(),
                    reference: l.reference.clone(),
                    charge: m(l.charge),
                    credit: m(l.credit),
                    balance: m(l.balance),
                })
                .collect(),
            charges: m(s.charges),
            credits: m(s.credits),
            closing_balance: m(s.closing_balance),
            aging: Aging {
                current: m(self.aging.current),
                days_1_30: m(self.aging.days_1_30),
                days_31_60: m(self.aging.days_31_60),
                days_61_90: m(self.aging.days_61_90),
                over_90: m(self.aging.over_90),
                total: m(self.aging.total),
            },
            generated_at: self.generated_at,
        }
    }
}

impl Services {
    /// The statement of a customer the caller may see (office, the owning
    /// seller, the customer's own contacts; technicians never).
    pub async fn account_statement(
        &self,
        who: &Principal,
        customer: CustomerId,
        period: StatementPeriod,
    ) -> AppResult<AccountStatement> {
        Ok(self.statement_parts(who, customer, period).await?.view())
    }

    pub(crate) async fn statement_parts(
        &self,
        who: &Principal,
        customer: CustomerId,
        period: StatementPeriod,
    ) -> AppResult<StatementParts> {
        let scope = billing_scope(who)?;
        let mut conn = self.store.conn().await?;
        let customer = conn
            .billing_customer(scope, customer)
            .await?
            .ok_or_else(|| AppError::not_found("customer"))?;
        let settings = conn.company_settings().await?;
        let today = today_in(&settings.time_zone);
        let to = period.to.unwrap_or(today);
        if let Some(from) = period.from
            && from > to
        {
            return Err(AppError::validation(
                "to",
                "the period ends before it starts",
            ));
        }
        let tz = company_tz(&settings.time_zone);
        let movements = conn.account_movements(customer.id, to, tz).await?;
        let statement = build(movements, period.from, to);
        let mut aging = Aging::default();
        for open in conn
            .open_invoices(crate::domain::role::CustomerScope::All, Some(customer.id))
            .await?
        {
            if open.issue_date <= to {
                aging.add(open.due_date, to, open.settlement().open());
            }
        }
        Ok(StatementParts {
            customer,
            statement,
            aging,
            currency: settings.currency,
            generated_at: Timestamp::now(),
        })
    }
}
