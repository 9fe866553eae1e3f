//! The real-time contract: every publication a channel can carry is one
//! variant of [`ChannelEvent`], and every RPC a connection may call is one
//! [`RpcMethod`].
//!
//! # Why one enum
//!
//! A publication is JSON tagged by its `"type"` key (`order.created`,
//! `chat.message`, …). Writing those names as string literals at each call
//! site let them drift (a removed part was `order.part_removed` in one
//! channel and `order.part_deleted` in another). Here each kind is a variant
//! with its own payload struct, so the compiler checks every publication,
//! and the client's TypeScript union is generated from this enum (see
//! `domain::typescript`): a variant the client does not handle fails `tsc`.
//!
//! # Audiences
//!
//! The same kind may have two shapes, one per audience: in an order's room
//! (`order:<id>`, `internal:order:<id>`) events carry the full record and
//! who did it; on the QR page (`public:order:<token>`, anyone holding the
//! link) they are stripped to public fields and carry no author. Those are
//! two variants with the same wire name (`OrderEventAdded` and
//! `PublicEventAdded` are both `order.event_added`), so a use-case states
//! which audience it writes for and cannot put a staff field on the QR page.
//!
//! # Who did it
//!
//! Every event that reports a change a person made names them with one
//! [`Actor`] `{id, name, role}` (never an e-mail address), under `by` for
//! changes, `author` for chat messages and `user` for typing and read
//! receipts, so the client can say "Ana Pérez cambió el estado…".

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::attachment::AttachmentInfo;
use super::billing::QuoteState;
use super::crm::Stage;
use super::crm::view::Opportunity;
use super::inventory::PurchaseOrderState;
use super::inventory::{Sku, StockQty};
use super::notification::{NotificationKind, SubjectType};
use super::order::{AssignedTechnician, OrderEvent, OrderPart, PublicEvent, PublicPart};
use super::payment::{Balance, Payment};
use super::ticket::Ticket;
use super::{
    CustomerId, EquipmentId, ItemId, Money, OrderEventId, OrderId, OrderPartId, OrderState,
    OrderStatusId, PurchaseOrderId, QuoteId, QuoteVersionId, Role, SupplierId, TicketPriority,
    TicketState, Timestamp, UserId,
};

/// Who made a change, as shown to everyone watching (never an e-mail address).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Actor {
    pub id: UserId,
    pub name: String,
    pub role: Role,
}

/// Every publication of every channel, tagged by `"type"` on the wire.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "type")]
pub enum ChannelEvent {
    // --- order:<id> (the order without internal fields) ---------------------------
    #[serde(rename = "order.created")]
    OrderCreated(OrderChanged),
    /// With `changed`: which fields.
    #[serde(rename = "order.updated")]
    OrderUpdated(OrderChanged),
    #[serde(rename = "order.technicians_changed")]
    OrderTechniciansChanged(OrderChanged),
    #[serde(rename = "order.deactivated")]
    OrderDeactivated(OrderChanged),
    #[serde(rename = "order.reactivated")]
    OrderReactivated(OrderChanged),
    /// A timeline event: public ones in `order:<id>`, internal ones in
    /// `internal:order:<id>`.
    #[serde(rename = "order.event_added")]
    OrderEventAdded(OrderEventChanged),
    #[serde(rename = "order.event_edited")]
    OrderEventEdited(OrderEventChanged),
    #[serde(rename = "order.event_deleted")]
    OrderEventDeleted(OrderEventDeleted),
    /// A part: shown ones in `order:<id>`, hidden ones in `internal:order:<id>`.
    #[serde(rename = "order.part_added")]
    OrderPartAdded(OrderPartChanged),
    #[serde(rename = "order.part_updated")]
    OrderPartUpdated(OrderPartChanged),
    /// Deleted, or (in `order:<id>`) hidden from the customer.
    #[serde(rename = "order.part_removed")]
    OrderPartRemoved(OrderPartRemoved),
    #[serde(rename = "payment.registered")]
    PaymentRegistered(PaymentChanged),
    #[serde(rename = "payment.deleted")]
    PaymentDeleted(PaymentChanged),
    #[serde(rename = "order.closed")]
    OrderClosed(OrderClosed),
    /// Master reopened a closed order (the reason is on the staff timeline
    /// and in the audit log, not here: customers are in this room).
    #[serde(rename = "order.reopened")]
    OrderReopened(OrderChanged),
    // --- internal:order:<id> only ---------------------------------------------------
    #[serde(rename = "order.qr_rotated")]
    OrderQrRotated(OrderNotice),
    // --- public:order:<token> (the QR page: public fields, no author) ---------------
    #[serde(rename = "order.event_added")]
    PublicEventAdded(PublicEventChanged),
    #[serde(rename = "order.event_edited")]
    PublicEventEdited(PublicEventChanged),
    #[serde(rename = "order.event_deleted")]
    PublicEventDeleted(PublicEventDeleted),
    #[serde(rename = "order.balance_changed")]
    PublicBalanceChanged(PublicBalance),
    /// A part shown to the customer, with the new balance.
    #[serde(rename = "order.part_added")]
    PublicPartAdded(PublicPartChanged),
    #[serde(rename = "order.part_updated")]
    PublicPartUpdated(PublicPartChanged),
    /// Deleted, or hidden from the customer.
    #[serde(rename = "order.part_removed")]
    PublicPartRemoved(PublicPartRemoved),
    #[serde(rename = "order.reopened")]
    PublicOrderReopened(PublicOrderReopened),
    #[serde(rename = "order.closed")]
    PublicOrderClosed(PublicOrderClosed),
    /// The last publication of a rotated QR link's channel.
    #[serde(rename = "order.link_revoked")]
    PublicLinkRevoked,
    // --- ticket:<id> ------------------------------------------------------------------
    #[serde(rename = "ticket.created")]
    TicketCreated(TicketCreated),
    #[serde(rename = "ticket.state_changed")]
    TicketStateChanged(TicketStateChanged),
    #[serde(rename = "ticket.assigned")]
    TicketAssigned(TicketAssigned),
    #[serde(rename = "ticket.priority_changed")]
    TicketPriorityChanged(TicketPriorityChanged),
    /// A ticket missed an SLA target (marked once; the countdowns and the
    /// office's list show it at once).
    #[serde(rename = "ticket.sla_breached")]
    TicketSlaBreached(TicketSlaBreached),
    // --- staff:maintenance (the office's open request list) ---------------------------
    #[serde(rename = "maintenance.request_created")]
    MaintenanceRequestCreated(MaintenanceRequestCreated),
    /// A machine's maintenance plan or forecast changed (a reading, the
    /// plan, a closed service) or a visit was proposed: the "due soon"
    /// list and the machine's card reload.
    #[serde(rename = "maintenance.plan_changed")]
    ServicePlanChanged(ServicePlanChanged),
    // --- quotes: staff:quotes (every change), order:<id> (sent versions only) ------
    /// A quote was created, or its draft changed (`staff:quotes` only:
    /// drafts never reach customers).
    #[serde(rename = "quote.saved")]
    QuoteSaved(QuoteChanged),
    /// A version was sent to the customer.
    #[serde(rename = "quote.sent")]
    QuoteSent(QuoteChanged),
    #[serde(rename = "quote.approved")]
    QuoteApproved(QuoteChanged),
    #[serde(rename = "quote.rejected")]
    QuoteRejected(QuoteChanged),
    #[serde(rename = "quote.changes_requested")]
    QuoteChangesRequested(QuoteChanged),
    /// A sent version passed its validity date unanswered.
    #[serde(rename = "quote.expired")]
    QuoteExpired(QuoteChanged),
    // --- staff:crm and crm:<seller id> (the pipeline board) -----------------------
    #[serde(rename = "opportunity.created")]
    OpportunityCreated(OpportunityChanged),
    /// Moved to another stage (a drag on the board, a reopen).
    #[serde(rename = "opportunity.moved")]
    OpportunityMoved(OpportunityMoved),
    #[serde(rename = "opportunity.updated")]
    OpportunityUpdated(OpportunityChanged),
    /// A contact with a customer was recorded (by hand or by the product):
    /// the customer's interaction timeline reloads.
    #[serde(rename = "interaction.recorded")]
    InteractionRecorded(InteractionRecorded),
    /// A customer's at-risk score changed (the nightly run, a recompute):
    /// the "at risk" page and the customer's metrics reload.
    #[serde(rename = "customer.risk_changed")]
    CustomerRiskChanged(CustomerRiskChanged),
    /// A step of a customer's onboarding checklist changed (or the
    /// checklist started): the customer's page reloads it.
    #[serde(rename = "customer.onboarding_changed")]
    OnboardingChanged(OnboardingChanged),
    // --- staff:stock (catalog, reorder and part-picker screens) ----------------------
    /// An item's stock figures changed (a move, a purchase order, its policy).
    #[serde(rename = "stock.changed")]
    StockChanged(StockChanged),
    /// An item joined or left the "to reorder" list (or its suggestion changed).
    #[serde(rename = "stock.reorder_changed")]
    ReorderListChanged(ReorderListChanged),
    // --- chat rooms (order:<id>, ticket:<id>) ----------------------------------------
    #[serde(rename = "chat.message")]
    ChatMessage(ChatMessage),
    /// Relayed to the room, never stored (no offset).
    #[serde(rename = "typing")]
    Typing(Typing),
    /// Relayed to the room, never stored (no offset).
    #[serde(rename = "read")]
    Read(ReadReceipt),
    // --- user:<id> (the personal inbox) ----------------------------------------------
    #[serde(rename = "notification")]
    Notification(InAppNotification),
    // --- staff:purchasing (suppliers and purchase orders) -------------------------------
    /// A purchase order created, edited, sent, cancelled or closed short.
    #[serde(rename = "purchase_order.changed")]
    PurchaseOrderChanged(PurchaseOrderChanged),
    /// Goods received on a purchase order: stock and supplier figures moved.
    #[serde(rename = "purchase_order.received")]
    PurchaseOrderReceived(PurchaseOrderReceived),
    /// A supplier created or changed (data, contacts, active flag).
    #[serde(rename = "supplier.changed")]
    SupplierChanged(SupplierChanged),
    // --- account:<customer id> and staff:billing (invoices, the statement) ----------
    /// An invoice was issued (numbered).
    #[serde(rename = "billing.invoice_issued")]
    InvoiceIssued(InvoiceChanged),
    /// What settles an invoice changed (a payment allocated or reversed, a
    /// credit note): its state follows.
    #[serde(rename = "billing.invoice_settlement_changed")]
    InvoiceSettlementChanged(InvoiceChanged),
    #[serde(rename = "billing.invoice_voided")]
    InvoiceVoided(InvoiceChanged),
    #[serde(rename = "billing.credit_note_issued")]
    CreditNoteIssued(CreditNoteIssued),
    /// A movement of the customer's account: the statement must be read again.
    #[serde(rename = "billing.statement_changed")]
    StatementChanged(StatementChanged),
}

impl ChannelEvent {
    /// The wire name (the `"type"` key).
    pub fn name(&self) -> &'static str {
        use ChannelEvent::*;
        match self {
            OrderCreated(_) => "order.created",
            OrderUpdated(_) => "order.updated",
            OrderTechniciansChanged(_) => "order.technicians_changed",
            OrderDeactivated(_) => "order.deactivated",
            OrderReactivated(_) => "order.reactivated",
            OrderEventAdded(_) | PublicEventAdded(_) => "order.event_added",
            OrderEventEdited(_) | PublicEventEdited(_) => "order.event_edited",
            OrderEventDeleted(_) | PublicEventDeleted(_) => "order.event_deleted",
            OrderPartAdded(_) | PublicPartAdded(_) => "order.part_added",
            OrderPartUpdated(_) | PublicPartUpdated(_) => "order.part_updated",
            OrderPartRemoved(_) | PublicPartRemoved(_) => "order.part_removed",
            OrderReopened(_) | PublicOrderReopened(_) => "order.reopened",
            PaymentRegistered(_) => "payment.registered",
            PaymentDeleted(_) => "payment.deleted",
            OrderClosed(_) | PublicOrderClosed(_) => "order.closed",
            OrderQrRotated(_) => "order.qr_rotated",
            PublicBalanceChanged(_) => "order.balance_changed",
            PublicLinkRevoked => "order.link_revoked",
            TicketCreated(_) => "ticket.created",
            TicketStateChanged(_) => "ticket.state_changed",
            TicketAssigned(_) => "ticket.assigned",
            TicketPriorityChanged(_) => "ticket.priority_changed",
            TicketSlaBreached(_) => "ticket.sla_breached",
            MaintenanceRequestCreated(_) => "maintenance.request_created",
            InteractionRecorded(_) => "interaction.recorded",
            CustomerRiskChanged(_) => "customer.risk_changed",
            OnboardingChanged(_) => "customer.onboarding_changed",
            ServicePlanChanged(_) => "maintenance.plan_changed",
            QuoteSaved(_) => "quote.saved",
            QuoteSent(_) => "quote.sent",
            QuoteApproved(_) => "quote.approved",
            QuoteRejected(_) => "quote.rejected",
            QuoteChangesRequested(_) => "quote.changes_requested",
            QuoteExpired(_) => "quote.expired",
            OpportunityCreated(_) => "opportunity.created",
            OpportunityMoved(_) => "opportunity.moved",
            OpportunityUpdated(_) => "opportunity.updated",
            StockChanged(_) => "stock.changed",
            ReorderListChanged(_) => "stock.reorder_changed",
            ChatMessage(_) => "chat.message",
            Typing(_) => "typing",
            Read(_) => "read",
            Notification(_) => "notification",
            PurchaseOrderChanged(_) => "purchase_order.changed",
            PurchaseOrderReceived(_) => "purchase_order.received",
            SupplierChanged(_) => "supplier.changed",
            InvoiceIssued(_) => "billing.invoice_issued",
            InvoiceSettlementChanged(_) => "billing.invoice_settlement_changed",
            InvoiceVoided(_) => "billing.invoice_voided",
            CreditNoteIssued(_) => "billing.credit_note_issued",
            StatementChanged(_) => "billing.statement_changed",
        }
    }
}

// --- orders ------------------------------------------------------------------------

/// The order as everyone in its room (customers included) may see it: no
/// internal status, no QR token.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RoomOrder {
    pub id: OrderId,
    pub number: String,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub equipment_id: Option<EquipmentId>,
    pub equipment_brand: Option<String>,
    pub equipment_model: Option<String>,
    pub equipment_serial: Option<String>,
    pub reason: String,
    pub service_value: Money,
    pub public_status_id: Option<OrderStatusId>,
    pub public_status: Option<String>,
    pub state: OrderState,
    pub active: bool,
    pub received_at: Timestamp,
    pub promised_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    pub technicians: Vec<AssignedTechnician>,
    pub updated_at: Timestamp,
}

/// An order created or changed.
#[derive(Debug, Clone, Serialize, TS)]
pub struct OrderChanged {
    pub order: RoomOrder,
    pub by: Actor,
    /// Which fields changed (`order.updated`, `order.technicians_changed`,
    /// `order.deactivated` / `order.reactivated`); absent when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub changed: Vec<&'static str>,
}

/// A timeline event added or edited.
#[derive(Debug, Clone, Serialize, TS)]
pub struct OrderEventChanged {
    pub order_id: OrderId,
    pub event: OrderEvent,
    pub by: Actor,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct OrderEventDeleted {
    pub order_id: OrderId,
    pub event_id: OrderEventId,
    pub by: Actor,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct OrderPartChanged {
    pub order_id: OrderId,
    pub part: OrderPart,
    pub by: Actor,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct OrderPartRemoved {
    pub order_id: OrderId,
    pub part_id: OrderPartId,
    pub by: Actor,
}

/// A payment registered or deleted, with the order's new balance.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PaymentChanged {
    pub order_id: OrderId,
    pub payment: Payment,
    pub balance: Balance,
    pub by: Actor,
}

/// The order closed, with its closing event (shaped like every timeline
/// event of the order's room).
#[derive(Debug, Clone, Serialize, TS)]
pub struct OrderClosed {
    pub order_id: OrderId,
    pub number: String,
    pub closed_at: Timestamp,
    pub event: OrderEvent,
    pub balance: Balance,
    pub by: Actor,
}

/// Something staff should know about an order that has no record of its own.
#[derive(Debug, Clone, Serialize, TS)]
pub struct OrderNotice {
    pub order_id: OrderId,
    pub by: Actor,
}

// --- the QR page ---------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, TS)]
pub struct PublicEventChanged {
    pub event: PublicEvent,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PublicEventDeleted {
    pub event_id: OrderEventId,
}

/// The new balance, without payment details.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PublicBalance {
    pub balance: Balance,
}

/// A part shown to the customer, added or changed, with the new balance.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PublicPartChanged {
    pub part: PublicPart,
    pub balance: Balance,
}

/// A part no longer shown (deleted or hidden), with the new balance.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PublicPartRemoved {
    pub part_id: OrderPartId,
    pub balance: Balance,
}

/// The order was reopened: open again, no author, no reason.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PublicOrderReopened {
    pub state: OrderState,
}

/// The order closed, its closing event stripped to public fields.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PublicOrderClosed {
    pub closed_at: Timestamp,
    pub event: PublicEvent,
    pub balance: Balance,
}

// --- tickets -----------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, TS)]
pub struct TicketCreated {
    pub ticket: Ticket,
    pub by: Actor,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct TicketStateChanged {
    pub ticket: Ticket,
    pub by: Actor,
    /// The previous state.
    pub from: TicketState,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct TicketAssigned {
    pub ticket: Ticket,
    pub by: Actor,
    /// The previous assignee (`null`: nobody).
    pub from: Option<UserId>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct TicketPriorityChanged {
    pub ticket: Ticket,
    pub by: Actor,
    /// The previous priority.
    pub from: TicketPriority,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct TicketSlaBreached {
    pub ticket: Ticket,
    /// The target missed.
    pub target: crate::domain::sla::SlaTarget,
}

// --- chat --------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, TS)]
pub struct ChatMessage {
    pub author: Actor,
    pub text: String,
    pub attachments: Vec<AttachmentInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub client_msg_id: Option<String>,
    pub sent_at: Timestamp,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Typing {
    pub user: Actor,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ReadReceipt {
    pub user: Actor,
    /// Read up to this offset of the channel.
    pub offset: i64,
}

// --- stock (staff:stock) -------------------------------------------------------------

/// The figures of one catalog item after a change: what a part picker, the
/// catalog and the item page show.
#[derive(Debug, Clone, Serialize, TS)]
pub struct StockChanged {
    pub item: ItemId,
    pub sku: Sku,
    pub on_hand: StockQty,
    pub reserved: StockQty,
    /// On hand − reserved: what can still be promised.
    pub available: StockQty,
    pub on_order: StockQty,
    /// Waiting on service orders as "to order" (backorders).
    pub backordered: StockQty,
    /// Available + on order − backordered.
    pub projected: StockQty,
    /// Projected is below the item's minimum (it is on the "to reorder" list).
    pub below_minimum: bool,
    /// Who caused it (absent for changes of no one, such as a scheduled job).
    pub by: Option<Actor>,
}

/// An item joined or left the "to reorder" list, or its suggestion moved.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReorderListChanged {
    pub item: ItemId,
    pub sku: Sku,
    /// Whether the item is on the list now.
    pub on_list: bool,
    /// The suggested quantity to order (zero when off the list).
    pub suggested: StockQty,
}

// --- maintenance requests ----------------------------------------------------------

/// A new maintenance request, as the office's list needs it to reload.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MaintenanceRequestCreated {
    pub request: NewMaintenanceRequest,
    pub by: Actor,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct NewMaintenanceRequest {
    #[ts(type = "string")]
    pub id: uuid::Uuid,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub created_at: Timestamp,
}

/// A new interaction on a customer's timeline (`staff:crm`, `crm:<owner>`).
#[derive(Debug, Clone, Serialize, TS)]
pub struct InteractionRecorded {
    pub interaction: crate::domain::interaction::Interaction,
}

/// A customer's stored at-risk score changed (`staff:crm`, `crm:<owner>`).
#[derive(Debug, Clone, Serialize, TS)]
pub struct CustomerRiskChanged {
    pub customer_id: CustomerId,
    pub score: i64,
    pub at_risk: bool,
}

/// A customer's onboarding checklist changed (`staff:crm`, `crm:<owner>`).
#[derive(Debug, Clone, Serialize, TS)]
pub struct OnboardingChanged {
    pub customer_id: CustomerId,
}

/// A machine's maintenance plan changed where the office looks.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ServicePlanChanged {
    pub equipment_id: crate::domain::EquipmentId,
    pub customer_id: CustomerId,
    #[ts(type = "string | null")]
    pub due_on: Option<chrono::NaiveDate>,
    pub status: crate::domain::service_plan::PlanStatus,
    /// The visit proposed for this cycle, if any.
    #[ts(type = "string | null")]
    pub proposal_id: Option<uuid::Uuid>,
    /// Who changed it; `null` when Faena did (the scheduler's proposal).
    pub by: Option<Actor>,
}

// --- quotes --------------------------------------------------------------------------

/// A quote's change, as its list rows and pages need it to refresh: the
/// version it is about, its state and total, and who did it (`null` when
/// the customer answered through the signed link in the e-mail).
#[derive(Debug, Clone, Serialize, TS)]
pub struct QuoteChanged {
    pub quote_id: QuoteId,
    pub version_id: QuoteVersionId,
    /// The version's number (`PRE-000123-v2`).
    pub number: String,
    pub version: i32,
    pub state: QuoteState,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub order_id: Option<OrderId>,
    pub total: Money,
    /// The customer's comment with a rejection or a request for changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub comment: Option<String>,
    pub by: Option<Actor>,
}

// --- the CRM pipeline ------------------------------------------------------------

/// An opportunity as the board shows it, after a change.
#[derive(Debug, Clone, Serialize, TS)]
pub struct OpportunityChanged {
    pub opportunity: Opportunity,
    pub by: Actor,
}

/// An opportunity moved between stages.
#[derive(Debug, Clone, Serialize, TS)]
pub struct OpportunityMoved {
    pub opportunity: Opportunity,
    pub from: Stage,
    pub to: Stage,
    pub by: Actor,
}

// --- billing ------------------------------------------------------------------------------

/// An invoice as its watchers need it to refresh a list row or a detail.
#[derive(Debug, Clone, Serialize, TS)]
pub struct InvoiceChanged {
    pub invoice_id: super::InvoiceId,
    pub number: Option<String>,
    pub customer_id: CustomerId,
    pub state: super::billing::InvoiceState,
    pub total: Money,
    pub allocated: Money,
    pub credited: Money,
    /// What is still owed on it.
    pub open: Money,
    pub by: Actor,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CreditNoteIssued {
    pub credit_note_id: super::CreditNoteId,
    pub number: String,
    pub invoice_id: super::InvoiceId,
    pub customer_id: CustomerId,
    pub total: Money,
    pub by: Actor,
}

/// The customer's account moved; `balance` is the new balance (positive:
/// the customer owes).
#[derive(Debug, Clone, Serialize, TS)]
pub struct StatementChanged {
    pub customer_id: CustomerId,
    pub balance: Money,
    /// What moved: `invoice`, `payment`, `payment_reversal`, `credit_note`,
    /// `invoice_void`, `allocation`.
    pub cause: String,
    pub by: Actor,
}

// --- the personal inbox ----------------------------------------------------------------

/// A notification shown in the app (and sent as a Web Push payload).
#[derive(Debug, Clone, Serialize, TS)]
pub struct InAppNotification {
    /// Always `notification`: the key clients read before `type` existed.
    pub kind: InAppKind,
    pub notification: NotificationKind,
    pub subject_type: SubjectType,
    pub subject_id: String,
    pub title: String,
    /// The message's paragraphs, without greeting or links.
    pub body: String,
    /// The app page it is about, relative to the server (`/tickets/<id>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub url: Option<String>,
}

/// The constant `kind` of an in-app notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub enum InAppKind {
    #[serde(rename = "notification")]
    Notification,
}

// --- purchasing ------------------------------------------------------------------------

/// A purchase order as the purchasing pages need it to reload.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PurchaseOrderChanged {
    pub purchase_order_id: PurchaseOrderId,
    pub number: String,
    pub supplier_id: SupplierId,
    pub state: PurchaseOrderState,
    pub by: Actor,
}

/// Goods received on a purchase order: which items' stock moved.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PurchaseOrderReceived {
    pub purchase_order_id: PurchaseOrderId,
    pub number: String,
    pub supplier_id: SupplierId,
    pub state: PurchaseOrderState,
    pub items: Vec<ItemId>,
    pub by: Actor,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct SupplierChanged {
    pub supplier_id: SupplierId,
    pub name: String,
    pub active: bool,
    pub by: Actor,
}

// --- RPC -----------------------------------------------------------------------------

/// The RPC methods of the real-time endpoint.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    TS,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum RpcMethod {
    /// `{channel}`: relays a typing indicator to the room.
    Typing,
    /// `{channel, offset}`: stores the caller's read position and relays a
    /// read receipt.
    Read,
}

/// The `data` of an RPC call.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct RpcRoomData {
    pub channel: String,
    /// For `read`: the offset read up to.
    #[serde(default)]
    #[ts(as = "Option<_>", optional)]
    pub offset: i64,
}

/// A chat message as a client publishes it in a room.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ChatPost {
    #[serde(default)]
    #[ts(as = "Option<_>", optional)]
    pub text: String,
    #[serde(default)]
    #[ts(as = "Option<_>", optional)]
    pub attachments: Vec<super::AttachmentId>,
    /// Makes retries idempotent; up to 64 characters.
    #[ts(optional)]
    pub client_msg_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_tagged_by_type_and_name_matches_the_tag() {
        let actor = Actor {
            id: UserId::new(),
            name: "Ana Pérez".into(),
            role: Role::Admin,
        };
        let typing = ChannelEvent::Typing(Typing { user: actor });
        let json = serde_json::to_value(&typing).unwrap();
        assert_eq!(json["type"], typing.name());
        assert_eq!(json["user"]["name"], "Ana Pérez");
        let revoked = serde_json::to_value(ChannelEvent::PublicLinkRevoked).unwrap();
        assert_eq!(revoked, serde_json::json!({"type": "order.link_revoked"}));
    }
}
