//! Payments against service orders — the spec's "Caja/Cobranzas" — and
//! closing an order once it is fully paid (capability 3 and the cash part of
//! capability 8).
//!
//! - The payment methods catalog ("formas de cobro") is kept by the office
//!   roles: create, rename, deactivate, and delete only while unused.
//! - The office registers advances and payments ("adelantos o abonos"); each
//!   gets a gap-free receipt number (`REC-000001`) and a printable,
//!   explicitly non-fiscal receipt ("ESTE SISTEMA NO EMITE DOCUMENTOS
//!   FISCALES").
//! - Only master deletes a payment ("Si el usuario es MASTER, puede eliminar
//!   cobranzas y retornar a la cuenta el monto"): soft, audit-logged, and the
//!   amount counts again in the balance.
//! - An order closes only when its balance ([`Conn::order_balance`], the one
//!   place it is computed) is exactly zero ("Cerrar la orden … luego que se ha
//!   reportado el cobro del total del servicio"). Closing writes a public
//!   timeline event the customer sees.
//!
//! Every change is staged as a publication inside the same transaction and
//! announced after commit:
//!
//! | type | `order:<id>` (staff in scope, the customer's contacts) | `public:order:<token>` (QR holders) |
//! |---|---|---|
//! | `payment.registered`, `payment.deleted` | the payment, the new balance, who | — |
//! | `order.balance_changed` | — | the new balance only |
//! | `order.closed` | closing time, the "Orden cerrada" timeline event, balance, who | closing time, the event stripped to label, comment and time |
//!
//! Reopening (master, with a reason) is in the orders module.
//!
//! Nothing here is internal, so nothing goes to `internal:order:<id>`.
//!
//! Who may see an order's payments is who may see the order
//! ([`Services::may_access_order`]); a refusal there is `not_found`, so an
//! outsider cannot even tell the order exists.
//!
//! [`Conn::order_balance`]: crate::store::Conn::order_balance

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::orders::PublicEvent;
use super::{
    Lines, Principal, RequestMeta, Services, decode_cursor, next_page, text_field, today_in, views,
};
use crate::domain::channel::Channel;
use crate::domain::events::{
    ChannelEvent, OrderClosed, PaymentChanged, PublicBalance, PublicOrderClosed,
};
use crate::domain::money::currency_scale;
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::{
    Money, OrderEventId, OrderId, PaymentId, PaymentMethodId, Permission, Timestamp, Visibility,
};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::notify::templates::Message;
use crate::services::uow::UnitOfWork;
use crate::store::audit::{AuditAction, NewAudit};
use crate::store::is_unique_violation;
use crate::store::orders::{NewOrderEvent, OrderEvent};
use crate::store::payments::{
    Balance, NewPayment, OrderHead, Payment, PaymentCursor, PaymentFilter, PaymentMethod,
};

/// The label of the public timeline event written when an order closes.
pub const CLOSED_LABEL: &str = "Orden cerrada";

/// Largest amount accepted for one payment: the one money bound
/// ([`Money::MAX`], far above any real amount; keeps every sum well inside a
/// decimal's range).
const MAX_AMOUNT: Decimal = Money::MAX.0;

// --- inputs and outputs ------------------------------------------------------

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PaymentMethodInput {
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub name: String,
}

/// A change to a payment method: a new name, active or not, or both.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PaymentMethodUpdate {
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub name: Option<String>,
    pub active: Option<bool>,
}

/// A payment or advance as sent by clients.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PaymentInput {
    /// Greater than zero, with at most the currency's decimals, and not more
    /// than the order's balance.
    #[schema(value_type = String, pattern = r"^[0-9]{1,12}(\.[0-9]{1,2})?$")]
    pub amount: Money,
    /// An active payment method.
    pub method_id: PaymentMethodId,
    /// Reference or account number (transfer, card voucher…); may be empty.
    #[serde(default)]
    #[schema(max_length = 100)]
    pub reference: String,
    /// The day the money was received; defaults to today (company time zone).
    /// Not in the future.
    #[schema(value_type = Option<String>, format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub paid_on: Option<NaiveDate>,
}

/// A payment together with the order's balance after the change.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PaymentWithBalance {
    pub payment: Payment,
    pub balance: Balance,
}

/// An order's payments (oldest first) and its balance.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OrderPayments {
    pub items: Vec<Payment>,
    pub balance: Balance,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PaymentPage {
    pub items: Vec<Payment>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// Totals per payment method of the WHOLE search (every page; deleted
    /// payments never count). Given with the first page only.
    pub totals: Option<views::payments::PaymentTotals>,
}

/// Why master deletes (reverses) a payment; required, audit-logged and
/// printed on the receipt.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct PaymentDeletion {
    #[serde(default)]
    #[schema(
        required = true,
        min_length = 1,
        max_length = 500,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub reason: String,
}

/// Longest reason for deleting a payment.
const MAX_DELETE_REASON: usize = 500;

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct CloseInput {
    /// Shown on the customer's timeline with the closing event.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub comment: String,
}

/// The result of closing an order.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ClosedOrder {
    pub order_id: OrderId,
    pub number: String,
    pub closed_at: Timestamp,
    pub balance: Balance,
    /// The public timeline event written by the closing.
    pub event: OrderEvent,
}

/// Which payment change is published.
#[derive(Debug, Clone, Copy)]
enum PaymentEvent {
    Registered,
    Deleted,
}

// --- helpers -----------------------------------------------------------------

fn invalid_amount(detail: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::InvalidMoney, detail).field("amount")
}

fn method_name(name: &str) -> AppResult<String> {
    text_field("name", name, 80, true, Lines::Single)
}

impl Services {
    /// The order if `who` may see it; `not_found` otherwise, whether it
    /// does not exist or is out of the caller's reach.
    pub(crate) async fn visible_order_head(
        &self,
        who: &Principal,
        id: OrderId,
    ) -> AppResult<OrderHead> {
        if !self.may_access_order(who, id).await? {
            return Err(AppError::not_found("order"));
        }
        self.store
            .conn()
            .await?
            .order_head(id)
            .await?
            .ok_or_else(|| AppError::not_found("order"))
    }

    // --- payment methods -----------------------------------------------------

    /// The catalog, by name (office roles); inactive methods on request.
    pub async fn list_payment_methods(
        &self,
        who: &Principal,
        include_inactive: bool,
    ) -> AppResult<Vec<PaymentMethod>> {
        who.require(Permission::ManagePaymentMethods)?;
        Ok(self
            .store
            .conn()
            .await?
            .payment_methods(include_inactive)
            .await?)
    }

    pub async fn create_payment_method(
        &self,
        who: &Principal,
        input: PaymentMethodInput,
    ) -> AppResult<PaymentMethod> {
        who.require(Permission::ManagePaymentMethods)?;
        let name = method_name(&input.name)?;
        let mut tx = self.begin().await?;
        if tx.payment_method_named(&name).await?.is_some() {
            return Err(name_taken());
        }
        let method = tx
            .insert_payment_method(PaymentMethodId::new(), &name, Timestamp::now())
            .await
            .map_err(|e| {
                if is_unique_violation(&e) {
                    name_taken()
                } else {
                    e.into()
                }
            })?;
        tx.commit().await?;
        Ok(method)
    }

    /// Renames and/or (de)activates a method. Old payments keep showing it.
    pub async fn update_payment_method(
        &self,
        who: &Principal,
        id: PaymentMethodId,
        input: PaymentMethodUpdate,
    ) -> AppResult<PaymentMethod> {
        who.require(Permission::ManagePaymentMethods)?;
        let mut tx = self.begin().await?;
        let current = tx
            .payment_method(id)
            .await?
            .ok_or_else(|| AppError::not_found("payment method"))?;
        let name = match &input.name {
            Some(name) => method_name(name)?,
            None => current.name.clone(),
        };
        if tx
            .payment_method_named(&name)
            .await?
            .is_some_and(|other| other != id)
        {
            return Err(name_taken());
        }
        let active = input.active.unwrap_or(current.active);
        tx.update_payment_method(id, &name, active)
            .await
            .map_err(|e| {
                if is_unique_violation(&e) {
                    name_taken()
                } else {
                    e.into()
                }
            })?;
        let method = tx
            .payment_method(id)
            .await?
            .ok_or_else(|| AppError::not_found("payment method"))?;
        tx.commit().await?;
        Ok(method)
    }

    /// Deletes a method no payment has ever used; a used one answers
    /// `method_in_use` (deactivate it instead).
    pub async fn delete_payment_method(
        &self,
        who: &Principal,
        id: PaymentMethodId,
    ) -> AppResult<()> {
        who.require(Permission::ManagePaymentMethods)?;
        let mut tx = self.begin().await?;
        tx.payment_method(id)
            .await?
            .ok_or_else(|| AppError::not_found("payment method"))?;
        if !tx.delete_unused_payment_method(id).await? {
            return Err(AppError::new(
                ErrorCode::MethodInUse,
                "payments use this method; deactivate it instead",
            ));
        }
        tx.commit().await?;
        Ok(())
    }

    // --- payments ------------------------------------------------------------

    /// Registers a payment or advance on an open, active order (office
    /// roles). The amount must be positive, within the currency's decimals
    /// and not above the balance; the method must be active.
    pub async fn register_payment(
        &self,
        who: &Principal,
        order_id: OrderId,
        input: PaymentInput,
    ) -> AppResult<PaymentWithBalance> {
        who.require(Permission::RegisterPayments)?;
        if !self.may_access_order(who, order_id).await? {
            return Err(AppError::not_found("order"));
        }
        let reference = text_field("reference", &input.reference, 100, false, Lines::Single)?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let settings = tx.company_settings().await?;
        let amount = input
            .amount
            .check(currency_scale(&settings.currency))
            .map_err(|e| invalid_amount(e.to_string()))?;
        if amount.0.is_zero() {
            return Err(invalid_amount("the amount must be greater than zero"));
        }
        if amount.0 > MAX_AMOUNT {
            return Err(invalid_amount("the amount is too large"));
        }
        let paid_on = input
            .paid_on
            .unwrap_or_else(|| today_in(&settings.time_zone));
        if paid_on > today_in(&settings.time_zone) {
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
        tx.lock_order(order_id).await?;
        let order = tx
            .order_head(order_id)
            .await?
            .ok_or_else(|| AppError::not_found("order"))?;
        check_open(&order)?;
        let before = tx.order_balance(order_id).await?;
        if amount > before.balance {
            return Err(AppError::new(
                ErrorCode::AmountExceedsBalance,
                format!(
                    "the amount is more than the balance of {} {}",
                    before.balance, settings.currency
                ),
            )
            .field("amount"));
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
        let balance = tx.order_balance(order_id).await?;
        self.stage_payment_change(
            &mut tx,
            who,
            PaymentEvent::Registered,
            &order,
            &payment,
            &balance,
        )
        .await?;
        // The customer's statement has a new credit line.
        self.stage_statement_change(&mut tx, who, order.customer_id, "payment")
            .await?;
        let link = self.order_link(&order.qr_token);
        let amount = format!("{} {}", payment.amount, settings.currency);
        self.notify_customer(
            &mut tx,
            order.customer_id,
            NotificationKind::PaymentReceipt,
            &format!("payment:{}", payment.id),
            SubjectType::Order,
            order_id.to_string(),
            |name| Message::PaymentReceipt {
                name: name.to_string(),
                order_number: order.number.clone(),
                amount: amount.clone(),
                link: link.clone(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(PaymentWithBalance { payment, balance })
    }

    /// Deletes (reverses) a payment: master only. The row stays, marked
    /// deleted, and its amount counts again in the order's balance. Payments
    /// of a closed order cannot be deleted (the order was settled).
    pub async fn delete_payment(
        &self,
        who: &Principal,
        id: PaymentId,
        input: PaymentDeletion,
        meta: &RequestMeta,
    ) -> AppResult<PaymentWithBalance> {
        who.require(Permission::DeletePayments)?;
        let reason = text_field(
            "reason",
            &input.reason,
            MAX_DELETE_REASON,
            true,
            Lines::Multi,
        )?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let current = tx
            .payment(id)
            .await?
            .ok_or_else(|| AppError::not_found("payment"))?;
        tx.lock_order(current.order_id).await?;
        let order = tx
            .order_head(current.order_id)
            .await?
            .ok_or_else(|| AppError::not_found("order"))?;
        if order.closed_at.is_some() {
            return Err(AppError::new(
                ErrorCode::OrderClosed,
                "the order is closed; its payments can no longer change",
            ));
        }
        if !tx
            .soft_delete_payment(id, who.user.id, &reason, now)
            .await?
        {
            return Err(AppError::new(
                ErrorCode::Conflict,
                "the payment was already deleted",
            ));
        }
        let settings = tx.company_settings().await?;
        tx.audit(NewAudit {
            actor: Some(who.user.id),
            action: AuditAction::PaymentDeleted,
            subject_type: "payment",
            subject_id: id.to_string(),
            detail: format!(
                "{} of order {}: {} {} ({}{}); reason: {}",
                current.number,
                order.number,
                current.amount,
                settings.currency,
                current.method_name,
                if current.reference.is_empty() {
                    String::new()
                } else {
                    format!(", ref. {}", current.reference)
                },
                reason
            ),
            ip: &meta.ip,
            now,
        })
        .await?;
        let payment = tx
            .payment(id)
            .await?
            .ok_or_else(|| AppError::not_found("payment"))?;
        // Its allocations to invoices are released; the invoices follow.
        self.release_reversed_payment(&mut tx, who, id, order.customer_id)
            .await?;
        let balance = tx.order_balance(order.id).await?;
        self.stage_payment_change(
            &mut tx,
            who,
            PaymentEvent::Deleted,
            &order,
            &payment,
            &balance,
        )
        .await?;
        tx.commit().await?;
        Ok(PaymentWithBalance { payment, balance })
    }

    /// Stages a payment change in `order:<id>` and the new balance in the
    /// order's QR channel.
    async fn stage_payment_change(
        &self,
        tx: &mut UnitOfWork<'_>,
        who: &Principal,
        kind: PaymentEvent,
        order: &OrderHead,
        payment: &Payment,
        balance: &Balance,
    ) -> AppResult<()> {
        let change = PaymentChanged {
            order_id: order.id,
            payment: payment.clone(),
            balance: *balance,
            by: who.actor(),
        };
        let private = match kind {
            PaymentEvent::Registered => ChannelEvent::PaymentRegistered(change),
            PaymentEvent::Deleted => ChannelEvent::PaymentDeleted(change),
        };
        let public = ChannelEvent::PublicBalanceChanged(PublicBalance { balance: *balance });
        tx.publish(&Channel::Order(order.id), private, Some(who.user.id))
            .await?;
        // No author on the QR channel: anyone may read it.
        tx.publish(&Channel::PublicOrder(order.qr_token.clone()), public, None)
            .await
    }

    /// One payment (whoever may see its order; deleted ones too, marked).
    pub async fn get_payment(&self, who: &Principal, id: PaymentId) -> AppResult<Payment> {
        let payment = self
            .store
            .conn()
            .await?
            .payment(id)
            .await?
            .ok_or_else(|| AppError::not_found("payment"))?;
        if !self.may_access_order(who, payment.order_id).await? {
            return Err(AppError::not_found("payment"));
        }
        Ok(payment)
    }

    /// An order's payments, oldest first, and its balance. Deleted payments
    /// are listed (marked) for staff, left out for customer contacts.
    pub async fn order_payments(&self, who: &Principal, id: OrderId) -> AppResult<OrderPayments> {
        self.visible_order_head(who, id).await?;
        let mut conn = self.store.conn().await?;
        let items = conn.order_payments(id, who.user.role.is_staff()).await?;
        let balance = conn.order_balance(id).await?;
        Ok(OrderPayments { items, balance })
    }

    /// The balance of an order the caller may see.
    pub async fn order_balance(&self, who: &Principal, id: OrderId) -> AppResult<Balance> {
        self.visible_order_head(who, id).await?;
        Ok(self.store.conn().await?.order_balance(id).await?)
    }

    /// Payments across all orders, newest first (office roles), searched by
    /// reference/account number, receipt or order number, or customer.
    pub async fn search_payments(
        &self,
        who: &Principal,
        filter: PaymentFilter,
        cursor: Option<&str>,
        limit: i64,
    ) -> AppResult<PaymentPage> {
        who.require(Permission::SearchPayments)?;
        let after = cursor.map(decode_cursor).transpose()?;
        let limit = limit.clamp(1, 200);
        if let (Some(from), Some(to)) = (filter.from, filter.to)
            && to < from
        {
            return Err(AppError::validation(
                "to",
                "the range ends before it starts",
            ));
        }
        let mut conn = self.store.conn().await?;
        let mut items = conn
            .payments_page(&filter, after.as_ref(), limit + 1)
            .await?;
        let totals = match after {
            None => Some(conn.payment_totals(&filter).await?),
            Some(_) => None,
        };
        let next_cursor = next_page(&mut items, limit, |p| PaymentCursor {
            created_at: p.created_at,
            id: p.id,
        });
        Ok(PaymentPage {
            items,
            next_cursor,
            totals: totals.map(Into::into),
        })
    }

    // --- closing -------------------------------------------------------------

    /// Closes an order whose balance is exactly zero (office roles). Writes
    /// the public "Orden cerrada" event, published to staff and customers in
    /// `order:<id>` and to the QR page in `public:order:<token>`. Nothing
    /// changes when the balance is not zero (`balance_not_zero`).
    pub async fn close_order(
        &self,
        who: &Principal,
        id: OrderId,
        input: CloseInput,
    ) -> AppResult<ClosedOrder> {
        who.require(Permission::CloseOrders)?;
        if !self.may_access_order(who, id).await? {
            return Err(AppError::not_found("order"));
        }
        let comment = text_field("comment", &input.comment, 2000, false, Lines::Multi)?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        tx.lock_order(id).await?;
        let order = tx
            .order_head(id)
            .await?
            .ok_or_else(|| AppError::not_found("order"))?;
        check_open(&order)?;
        let balance = tx.order_balance(id).await?;
        if !balance.balance.0.is_zero() {
            let currency = tx.company_settings().await?.currency;
            return Err(AppError::new(
                ErrorCode::BalanceNotZero,
                format!(
                    "the order can close only when fully paid; its balance is {} {currency}",
                    balance.balance
                ),
            ));
        }
        if !tx.mark_order_closed(id, now).await? {
            return Err(AppError::new(
                ErrorCode::OrderClosed,
                "the order is already closed",
            ));
        }
        // Catalog parts still reserved leave the stock with the closing.
        self.consume_order_parts(&mut tx, who, id, now).await?;
        // A service on a machine starts its maintenance plan's next cycle.
        if let Some(equipment) = order.equipment_id {
            self.record_plan_service(&mut tx, equipment, who.actor(), now)
                .await?;
        }
        let event_id = OrderEventId::new();
        tx.insert_order_event(&NewOrderEvent {
            id: event_id,
            order_id: id,
            visibility: Visibility::Public,
            status_id: None,
            label: CLOSED_LABEL.to_string(),
            comment,
            author_id: who.user.id,
            now,
        })
        .await?;
        let event = tx
            .order_event(id, event_id)
            .await?
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("the closing event vanished")))?;
        let room = ChannelEvent::OrderClosed(OrderClosed {
            order_id: id,
            number: order.number.clone(),
            closed_at: now,
            event: event.clone(),
            balance,
            by: who.actor(),
        });
        let public_event = PublicEvent {
            id: event.id,
            label: event.label.clone(),
            comment: event.comment.clone(),
            created_at: event.created_at,
            edited_at: None,
            photos: Vec::new(),
        };
        let public = ChannelEvent::PublicOrderClosed(PublicOrderClosed {
            closed_at: now,
            event: public_event,
            balance,
        });
        tx.publish_order_change(id, room, Some(who.user.id)).await?;
        tx.publish(&Channel::PublicOrder(order.qr_token.clone()), public, None)
            .await?;
        let link = self.order_link(&order.qr_token);
        self.notify_customer(
            &mut tx,
            order.customer_id,
            NotificationKind::OrderClosed,
            &format!("order_closed:{id}"),
            SubjectType::Order,
            id.to_string(),
            |name| Message::OrderClosed {
                name: name.to_string(),
                order_number: order.number.clone(),
                link: link.clone(),
            },
        )
        .await?;
        // The satisfaction survey, committed with the closing.
        self.schedule_survey(
            &mut tx,
            Some(id),
            None,
            order.customer_id,
            &order.number,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(ClosedOrder {
            order_id: id,
            number: order.number,
            closed_at: now,
            balance,
            event,
        })
    }
}

fn name_taken() -> AppError {
    AppError::new(
        ErrorCode::MethodNameTaken,
        "a payment method with that name exists already",
    )
    .field("name")
}

/// Refuses work on a closed or deactivated order.
fn check_open(order: &OrderHead) -> AppResult<()> {
    if order.closed_at.is_some() {
        return Err(AppError::new(
            ErrorCode::OrderClosed,
            format!("order {} is closed", order.number),
        ));
    }
    if !order.active {
        return Err(AppError::new(
            ErrorCode::OrderInactive,
            format!("order {} is deactivated", order.number),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_amount_cap_is_the_money_bound() {
        assert_eq!(MAX_AMOUNT.to_string(), "999999999999.99");
    }
}
