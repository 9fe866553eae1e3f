//! Typed identifiers. Every id is a UUIDv7 (time-ordered, so b-tree inserts
//! stay local and ids sort by creation), wrapped in its own type so a
//! `UserId` can never be passed where a `CustomerId` is expected.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            Serialize, Deserialize, sqlx::Type, utoipa::ToSchema, ts_rs::TS,
        )]
        #[serde(transparent)]
        #[ts(type = "string")]
        #[sqlx(transparent)]
        #[schema(value_type = String, format = Uuid)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh time-ordered id.
            pub fn new() -> Self {
                $name(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map($name)
            }
        }
    };
}

id_type!(
    /// A person who signs in: staff or a customer contact with portal access.
    UserId
);
id_type!(
    /// A signed-in session (the row id, not the secret token).
    SessionId
);
id_type!(
    /// A customer company.
    CustomerId
);
id_type!(
    /// A person at a customer company.
    ContactId
);
id_type!(
    /// A machine owned by a customer.
    EquipmentId
);
id_type!(
    /// One engine-hour reading of a machine.
    ReadingId
);
id_type!(
    /// One audit log entry.
    AuditId
);
id_type!(
    /// A service order.
    OrderId
);
id_type!(
    /// A support ticket (PQR).
    TicketId
);
id_type!(
    /// An uploaded chat attachment.
    AttachmentId
);
id_type!(
    /// A way of paying (cash, transfer, card…) in the payment methods catalog.
    PaymentMethodId
);
id_type!(
    /// A payment or advance registered against a service order.
    PaymentId
);
id_type!(
    /// A label of the public or internal status catalog of service orders.
    OrderStatusId
);
id_type!(
    /// One event of a service order's timeline (public or internal).
    OrderEventId
);
id_type!(
    /// A photo attached to a timeline event.
    OrderPhotoId
);
id_type!(
    /// A part used on a service order.
    OrderPartId
);
id_type!(
    /// A supplier of parts (proveedor).
    SupplierId
);
id_type!(
    /// A person at a supplier.
    SupplierContactId
);
id_type!(
    /// An item of the parts catalog (a SKU).
    ItemId
);
id_type!(
    /// One immutable move of the stock ledger.
    StockMoveId
);
id_type!(
    /// A purchase order to a supplier (`OC-000001`).
    PurchaseOrderId
);
id_type!(
    /// One line (item, quantity, cost) of a purchase order.
    PurchaseLineId
);
id_type!(
    /// Goods received on one purchase order line.
    PurchaseReceiptId
);
id_type!(
    /// A quote (presupuesto): the family of its versions, one number.
    QuoteId
);
id_type!(
    /// One version of a quote (`PRE-000123`, `PRE-000123-v2`…).
    QuoteVersionId
);
id_type!(
    /// One line of a quote version.
    QuoteLineId
);
id_type!(
    /// An invoice (factura), draft or issued.
    InvoiceId
);
id_type!(
    /// One line of an invoice.
    InvoiceLineId
);
id_type!(
    /// A credit note (nota de crédito) correcting an issued invoice.
    CreditNoteId
);
id_type!(
    /// One line of a credit note.
    CreditNoteLineId
);
id_type!(
    /// A part of a payment applied to an invoice.
    PaymentAllocationId
);
id_type!(
    /// A planned billing reminder (quote near expiry, invoice due or overdue).
    BillingReminderId
);
id_type!(
    /// One kept earlier version of a part or a timeline post.
    RevisionId
);
id_type!(
    /// A sales opportunity (CRM).
    OpportunityId
);
id_type!(
    /// A document kept on a customer's file (CRM directory).
    CustomerDocumentId
);
id_type!(
    /// A user's subscription to a management report by e-mail.
    ReportSubscriptionId
);
