//! What a notification is about, as types: its kind (which decides whether
//! a person may turn it off) and the kind of record it concerns.
//!
//! Both are stored as their snake_case text (the outbox, preferences, the
//! delivery log), so the database stays readable and the names on the wire
//! are those of the enums.

use serde::{Deserialize, Serialize};

/// What happened, e.g. `order_update`; also the in-app event's `notification`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
    strum::Display,
    utoipa::ToSchema,
    ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum NotificationKind {
    /// A public event on the customer's order.
    OrderUpdate,
    /// The customer's order was closed.
    OrderClosed,
    /// A payment receipt.
    PaymentReceipt,
    /// Staff replied in the customer's ticket.
    TicketReply,
    /// A technician was put on an order.
    OrderAssigned,
    AppointmentScheduled,
    AppointmentConfirmed,
    AppointmentReminder,
    AppointmentRescheduled,
    AppointmentCancelled,
    AppointmentDone,
    /// A customer asked for another time (to the customer: received; to the
    /// office: act on it).
    AppointmentRescheduleRequested,
    /// The satisfaction survey after an order or ticket closed.
    SurveyInvitation,
    /// A survey answered with a poor score (to the office).
    SurveyPoorAnswer,
    /// A customer opened a ticket in the portal (to the office).
    TicketOpened,
    /// A customer asked for maintenance in the portal (to the office).
    MaintenanceRequested,
    /// A maintenance plan fell due: the visit proposed to the customer,
    /// and the office's notice of it.
    MaintenanceDue,
    /// A machine's warranty ends soon: to its customer's seller and the
    /// office.
    WarrantyEnding,
    /// The same, to the customer's contacts who opted in.
    WarrantyNotice,
    /// A customer's at-risk score crossed the threshold (to their seller
    /// and the office, once per crossing).
    CustomerAtRisk,
    /// A step of a new customer's onboarding is due (to its owner).
    OnboardingStepDue,
    /// A ticket's SLA target falls due soon (to its assignee, or the
    /// office when nobody is assigned).
    SlaWarning,
    /// A ticket missed an SLA target (to its assignee and the office).
    SlaBreached,
    /// A link to set a new password (essential).
    PasswordRecovery,
    /// A new account's invitation (essential).
    Invitation,
    /// A quote sent to the customer (e-mail with the PDF and the answer link).
    QuoteSent,
    /// The customer answered a quote (to the office and the order's technicians).
    QuoteAnswered,
    /// A sent quote nears expiry without an answer (to the customer, once).
    QuoteExpiring,
    /// To an opportunity's owner: its next step is due (CRM).
    OpportunityNextStep,
    /// A catalog item's projected stock fell below its minimum (to the
    /// office, once per crossing).
    ReorderNeeded,
    /// A purchase order e-mailed to its supplier (essential: the supplier
    /// is not an account and has no preferences).
    PurchaseOrderSent,
    /// An invoice was issued to the customer (with its PDF).
    InvoiceIssued,
    /// An invoice is about to fall due or is overdue (reminders at the
    /// configured offsets).
    InvoiceReminder,
    /// A credit note was issued on one of the customer's invoices (with its
    /// PDF).
    CreditNoteIssued,
    /// The office e-mailed the customer's account statement (with its PDF).
    StatementSent,
    /// A backorder ("to order" part) was reserved for its order when stock
    /// arrived (to the order's technicians and the office, in-app).
    BackorderFilled,
    /// A report the user subscribed to, for the week or month just ended
    /// (e-mail with the XLSX attached, and in-app).
    ReportScheduled,
}

crate::text_enum_sql!(NotificationKind);

impl NotificationKind {
    /// The kinds a person may turn off, per channel (preferences and the
    /// one-click unsubscribe link). Everything else is always sent.
    pub const OPTIONAL: [NotificationKind; 6] = [
        NotificationKind::OrderUpdate,
        NotificationKind::OrderClosed,
        NotificationKind::PaymentReceipt,
        NotificationKind::TicketReply,
        NotificationKind::InvoiceReminder,
        NotificationKind::WarrantyNotice,
    ];

    /// Optional kinds a person receives only after turning them on (seed
    /// 004: the customer hears of a warranty's end "if they opted in").
    pub const OPT_IN: [NotificationKind; 1] = [NotificationKind::WarrantyNotice];

    /// Whether a person may turn this kind off.
    pub fn is_optional(self) -> bool {
        Self::OPTIONAL.contains(&self)
    }

    /// Whether a person receives this kind on a channel they never chose
    /// for: yes, except for opt-in kinds.
    pub fn on_by_default(self) -> bool {
        !Self::OPT_IN.contains(&self)
    }
}

/// The kind of record a notification or an audit entry is about.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
    strum::Display,
    utoipa::ToSchema,
    ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum SubjectType {
    Order,
    Ticket,
    Appointment,
    Survey,
    Payment,
    Customer,
    User,
    /// An e-mail address that matches no account (password recovery).
    Email,
    Settings,
    MaintenanceRequest,
    Quote,
    Opportunity,
    /// A parts catalog item.
    InventoryItem,
    PurchaseOrder,
    Invoice,
    CreditNote,
    /// A user's subscription to a management report.
    ReportSubscription,
}

crate::text_enum_sql!(SubjectType);

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn only_the_customer_updates_invoice_reminders_and_the_warranty_notice_are_optional() {
        let optional: Vec<&str> = NotificationKind::iter()
            .filter(|k| k.is_optional())
            .map(<&str>::from)
            .collect();
        assert_eq!(
            optional,
            [
                "order_update",
                "order_closed",
                "payment_receipt",
                "ticket_reply",
                "warranty_notice",
                "invoice_reminder"
            ]
        );
        // Only the warranty notice waits for the person to turn it on.
        let opt_in: Vec<NotificationKind> = NotificationKind::iter()
            .filter(|k| !k.on_by_default())
            .collect();
        assert_eq!(opt_in, [NotificationKind::WarrantyNotice]);
        assert!(NotificationKind::OPT_IN.iter().all(|k| k.is_optional()));
        assert_eq!(
            "password_recovery".parse::<NotificationKind>(),
            Ok(NotificationKind::PasswordRecovery)
        );
    }
}
