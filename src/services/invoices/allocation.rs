//! Payments applied to invoices.
//!
//! Payments keep belonging to their service order (receipts, the order's
//! balance and master's reversal are unchanged). The office applies part or
//! all of a live payment of the same customer to an open invoice; what a
//! payment has not applied is the customer's credit, usable on later
//! invoices. A payment may also be registered straight on an invoice (on the
//! invoice's order): more than is open is refused unless the setting lets
//! the rest stay as customer credit. Master's reversal of a payment releases
//! its allocations ([`Services::release_reversed_payment`]), and each
//! invoice's state follows.
//!
//! Allocating locks the payment's order (its payments' allocations change
//! one at a time) and the invoice, so two allocations at once can never
//! apply the same money twice.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{InvoiceDetail, billing_scope, require_office};
use crate::domain::billing::AllocationRelease;
use crate::domain::billing::lines::round_money;
use crate::domain::channel::Channel;
use crate::domain::events::{ChannelEvent, PaymentChanged};
use crate::domain::money::currency_scale;
use crate::domain::role::CustomerScope;
use crate::domain::{
    CustomerId, InvoiceId, Money, OrderId, PaymentAllocationId, PaymentId, PaymentMethodId,
    Timestamp,
};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::uow::UnitOfWork;
use crate::services::{Lines, Principal, Services, text_field, today_in};
use crate::store::billing::allocations::{NewAllocation, PaymentsOf};
use crate::store::billing::invoices::InvoiceRow;
use crate::store::payments::NewPayment;

/// Apply (part of) a payment to an invoice.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AllocationInput {
    /// A live payment of the invoice's customer.
    pub payment_id: PaymentId,
    /// Greater than zero; not more than the payment's unallocated amount
    /// nor the invoice's open amount.
    #[schema(value_type = String, pattern = r"^([1-9][0-9]{0,11}(\.[0-9]{1,2})?|0\.(0[1-9]|[1-9][0-9]?))$")]
    pub amount: Money,
}

/// A payment registered on an invoice (on the invoice's order) and applied
/// to it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct InvoicePaymentInput {
    /// Greater than zero. More than the invoice's open amount only when the
    /// company allows customer credit (the rest stays as credit).
    #[schema(value_type = String, pattern = r"^([1-9][0-9]{0,11}(\.[0-9]{1,2})?|0\.(0[1-9]|[1-9][0-9]?))$")]
    pub amount: Money,
    pub method_id: PaymentMethodId,
    #[serde(default)]
    pub reference: String,
    /// Defaults to today (company time zone); not in the future.
    #[schema(value_type = Option<String>, format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub paid_on: Option<NaiveDate>,
}

/// A payment with money not yet applied to any invoice: the customer's
/// credit.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PaymentCreditView {
    pub payment_id: PaymentId,
    pub number: String,
    pub paid_on: NaiveDate,
    pub amount: Money,
    pub allocated: Money,
    pub unallocated: Money,
}

/// The customer's credit: payments with money still free, and their sum.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CustomerCredit {
    pub customer_id: CustomerId,
    pub total: Money,
    pub payments: Vec<PaymentCreditView>,
}

fn invalid_amount(detail: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::InvalidMoney, detail).field("amount")
}

fn exceeds(detail: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::AmountExceedsBalance, detail).field("amount")
}

fn check_amount(amount: Money, currency: &str) -> AppResult<Money> {
    let amount = amount
        .check(currency_scale(currency))
        .map_err(|e| invalid_amount(e.to_string()))?;
    if amount.0 <= Decimal::ZERO {
        return Err(invalid_amount("the amount must be greater than zero"));
    }
    if amount.0 > Money::MAX.0 {
        return Err(invalid_amount("the amount is too large"));
    }
    Ok(amount)
}

impl Services {
    /// Applies part of a payment to an open invoice of the same customer
    /// (office roles).
    pub async fn allocate_payment(
        &self,
        who: &Principal,
        invoice_id: InvoiceId,
        input: AllocationInput,
    ) -> AppResult<InvoiceDetail> {
        require_office(who)?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let payment = tx
            .payment(input.payment_id)
            .await?
            .filter(|p| p.deleted_at.is_none())
            .ok_or_else(|| {
                AppError::validation("payment_id", "no such live payment").field("payment_id")
            })?;
        tx.lock_order(payment.order_id).await?;
        tx.lock_invoice(invoice_id).await?;
        let invoice = open_invoice(&mut tx, invoice_id).await?;
        if payment.customer_id != invoice.customer_id {
            return Err(AppError::validation(
                "payment_id",
                "the payment is another customer's",
            ));
        }
        let amount = check_amount(input.amount, &invoice.currency)?;
        let credit = tx
            .payment_credits(PaymentsOf::Order(payment.order_id))
            .await?
            .into_iter()
            .find(|c| c.payment_id == payment.id)
            .ok_or_else(|| AppError::validation("payment_id", "no such live payment"))?;
        if amount.0 > credit.unallocated().0 {
            return Err(exceeds(format!(
                "only {} of payment {} is not applied yet",
                credit.unallocated(),
                credit.number
            )));
        }
        let open = invoice.settlement().open();
        if amount.0 > open.0 {
            return Err(exceeds(format!(
                "the invoice has only {open} {} open",
                invoice.currency
            )));
        }
        tx.insert_allocation(&NewAllocation {
            id: PaymentAllocationId::new(),
            payment_id: payment.id,
            invoice_id,
            amount,
            by: who.user.id,
            now,
        })
        .await?;
        let row = self
            .settle_and_publish(&mut tx, who, invoice_id, "allocation")
            .await?;
        tx.commit().await?;
        self.invoice_detail(who, row, None).await
    }

    /// Registers a payment on the invoice's order and applies it to the
    /// invoice (office roles). More than is open is refused
    /// (`amount_exceeds_balance`) unless the company allows customer credit;
    /// then the rest stays unallocated, the customer's credit.
    pub async fn pay_invoice(
        &self,
        who: &Principal,
        invoice_id: InvoiceId,
        input: InvoicePaymentInput,
    ) -> AppResult<InvoiceDetail> {
        require_office(who)?;
        let reference = text_field("reference", &input.reference, 100, false, Lines::Single)?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let settings = tx.company_settings().await?;
        let billing = tx.billing_settings().await?;
        let head = tx
            .invoice(CustomerScope::All, true, invoice_id)
            .await?
            .ok_or_else(|| AppError::not_found("invoice"))?;
        let order_id: OrderId = head.order_id.ok_or_else(|| {
            AppError::validation(
                "invoice_id",
                "the invoice has no service order: register the payment on an order and allocate it",
            )
        })?;
        tx.lock_order(order_id).await?;
        tx.lock_invoice(invoice_id).await?;
        let invoice = open_invoice(&mut tx, invoice_id).await?;
        let amount = check_amount(input.amount, &invoice.currency)?;
        let open = invoice.settlement().open();
        if amount.0 > open.0 && !billing.allow_customer_credit {
            return Err(exceeds(format!(
                "the invoice has only {open} {} open",
                invoice.currency
            )));
        }
        let today = today_in(&settings.time_zone);
        let paid_on = input.paid_on.unwrap_or(today);
        if paid_on > today {
            return Err(AppError::validation(
                "paid_on",
                "the payment date cannot be in the future",
            ));
        }
        let method = tx.payment_method(input.method_id).await?;
        if !method.as_ref().is_some_and(|m| m.active) {
            return Err(AppError::validation(
                "method_id",
                "choose an active payment method",
            ));
        }
        let number = format!("REC-{:06}", tx.next_number("receipt").await?);
        let payment = tx
            .insert_payment(&NewPayment {
                id: PaymentId::new(),
                number,
                order_id,
                amount,
                method_id: input.method_id,
                reference,
                paid_on,
                registered_by: who.user.id,
                now,
            })
            .await?;
        tx.insert_allocation(&NewAllocation {
            id: PaymentAllocationId::new(),
            payment_id: payment.id,
            invoice_id,
            amount: Money(amount.0.min(open.0)),
            by: who.user.id,
            now,
        })
        .await?;
        let balance = tx.order_balance(order_id).await?;
        tx.publish(
            &Channel::Order(order_id),
            ChannelEvent::PaymentRegistered(PaymentChanged {
                order_id,
                payment,
                balance,
                by: who.actor(),
            }),
            Some(who.user.id),
        )
        .await?;
        let row = self
            .settle_and_publish(&mut tx, who, invoice_id, "payment")
            .await?;
        tx.commit().await?;
        self.invoice_detail(who, row, None).await
    }

    /// Undoes a live allocation (office roles): the money is the customer's
    /// credit again.
    pub async fn undo_allocation(
        &self,
        who: &Principal,
        invoice_id: InvoiceId,
        allocation: PaymentAllocationId,
    ) -> AppResult<InvoiceDetail> {
        require_office(who)?;
        let mut tx = self.begin().await?;
        tx.lock_invoice(invoice_id).await?;
        let live = tx.invoice_allocations(invoice_id, false).await?;
        if !live.iter().any(|a| a.id == allocation) {
            return Err(AppError::not_found("allocation"));
        }
        tx.release_allocation(
            allocation,
            AllocationRelease::Undone,
            who.user.id,
            Timestamp::now(),
        )
        .await?;
        let row = self
            .settle_and_publish(&mut tx, who, invoice_id, "allocation")
            .await?;
        tx.commit().await?;
        self.invoice_detail(who, row, None).await
    }

    /// Inside master's payment reversal: releases the payment's allocations,
    /// and every invoice it paid follows (published).
    pub(crate) async fn release_reversed_payment(
        &self,
        tx: &mut UnitOfWork<'_>,
        who: &Principal,
        payment: PaymentId,
        customer: CustomerId,
    ) -> AppResult<()> {
        let invoices = tx
            .release_payment_allocations(
                payment,
                AllocationRelease::PaymentReversed,
                who.user.id,
                Timestamp::now(),
            )
            .await?;
        for invoice in invoices {
            self.settle_and_publish(tx, who, invoice, "payment_reversal")
                .await?;
        }
        self.stage_statement_change(tx, who, customer, "payment_reversal")
            .await
    }

    /// The customer's credit: live payments with money not applied to any
    /// invoice (whoever may see the customer's account).
    pub async fn customer_credit(
        &self,
        who: &Principal,
        customer: CustomerId,
    ) -> AppResult<CustomerCredit> {
        let scope = billing_scope(who)?;
        let mut conn = self.store.conn().await?;
        conn.billing_customer(scope, customer)
            .await?
            .ok_or_else(|| AppError::not_found("customer"))?;
        let scale = currency_scale(&conn.company_settings().await?.currency);
        let shown = |m: Money| Money(round_money(m.0, scale));
        let payments: Vec<PaymentCreditView> = conn
            .payment_credits(PaymentsOf::Customer(customer))
            .await?
            .into_iter()
            .filter(|p| p.unallocated().0 > Decimal::ZERO)
            .map(|p| PaymentCreditView {
                payment_id: p.payment_id,
                number: p.number.clone(),
                paid_on: p.paid_on,
                amount: shown(p.amount),
                allocated: shown(p.allocated),
                unallocated: shown(p.unallocated()),
            })
            .collect();
        let total = shown(Money(payments.iter().map(|p| p.unallocated.0).sum()));
        Ok(CustomerCredit {
            customer_id: customer,
            total,
            payments,
        })
    }
}

/// The invoice, which must be open (issued or partially paid).
async fn open_invoice(tx: &mut UnitOfWork<'_>, id: InvoiceId) -> AppResult<InvoiceRow> {
    let invoice = tx
        .invoice(CustomerScope::All, true, id)
        .await?
        .ok_or_else(|| AppError::not_found("invoice"))?;
    if !invoice.state.is_open() {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            format!("the invoice is {}: nothing is open on it", invoice.state),
        ));
    }
    Ok(invoice)
}
