//! Purchase orders: a draft with lines (item, quantity, unit cost, promised
//! date), then `send` (e-mails the supplier through the outbox and puts
//! every line's quantity on order), `cancel` (a draft, or a sent order
//! nothing was received on) and `close short` (a partly received order whose
//! rest will not come). Every decision reads the order under its row lock
//! ([`Conn::lock_purchase_order`]) so two people cannot, say, send and
//! cancel the same order at once.
//!
//! [`Conn::lock_purchase_order`]: crate::store::Conn::lock_purchase_order

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::{
    PurchaseLineView, PurchaseOrderDetail, PurchaseOrderView, ReceiptView, not_found_order,
    not_open, positive_qty, publish_order,
};
use crate::domain::inventory::purchase::outstanding;
use crate::domain::inventory::{PurchaseOrderState, StockUnit};
use crate::domain::money::currency_scale;
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::{ItemId, Money, Permission, PurchaseLineId, PurchaseOrderId, Timestamp};
use crate::error::{AppError, AppResult, Context, ErrorCode};
use crate::notify::mail::EmailAttachment;
use crate::notify::templates::{self, Message};
use crate::services::uow::UnitOfWork;
use crate::services::{Lines, Principal, Services, text_field};
use crate::store::Conn;
use crate::store::inventory::{PurchaseLineData, PurchaseOrder, StockError};
use crate::store::outbox::{DeliveryChannel, DeliveryStatus, NewNotification};

/// Most lines on one purchase order.
pub const MAX_LINES: usize = 200;

/// A new purchase order (a draft), optionally with its lines.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PurchaseOrderInput {
    /// An active supplier.
    pub supplier_id: crate::domain::SupplierId,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub notes: String,
    /// Up to 200 lines, one per item.
    #[serde(default)]
    pub lines: Vec<PurchaseLineInput>,
}

/// A line to add to a draft.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PurchaseLineInput {
    /// An active catalog item not yet on the order.
    pub item_id: ItemId,
    /// Greater than zero, up to three decimals; whole when the item's unit is
    /// (pieces, pairs, kits, boxes).
    #[schema(
        example = "4",
        pattern = r"^([1-9][0-9]{0,8}(\.[0-9]{1,3})?|1000000000(\.0{1,3})?|0\.([1-9][0-9]{0,2}|0[1-9][0-9]?|00[1-9]))$"
    )]
    pub quantity: String,
    /// Agreed unit cost; defaults to the item's average cost.
    #[schema(value_type = Option<String>, pattern = r"^[0-9]{1,12}(\.[0-9]{1,2})?$")]
    pub unit_cost: Option<Money>,
    #[schema(value_type = Option<String>, format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub promised_on: Option<NaiveDate>,
}

/// A change to a draft's line.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PurchaseLineUpdate {
    #[schema(
        example = "4",
        pattern = r"^([1-9][0-9]{0,8}(\.[0-9]{1,3})?|1000000000(\.0{1,3})?|0\.([1-9][0-9]{0,2}|0[1-9][0-9]?|00[1-9]))$"
    )]
    pub quantity: String,
    #[schema(value_type = String, pattern = r"^[0-9]{1,12}(\.[0-9]{1,2})?$")]
    pub unit_cost: Money,
    #[schema(value_type = Option<String>, format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub promised_on: Option<NaiveDate>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PurchaseOrderNotes {
    #[schema(max_length = 2000)]
    pub notes: String,
}

fn notes_field(notes: &str) -> AppResult<String> {
    text_field("notes", notes, 2000, false, Lines::Multi)
}

fn unit_cost_field(cost: Money, scale: u32, field: String) -> AppResult<Money> {
    cost.check(scale)
        .map_err(|e| AppError::new(ErrorCode::InvalidMoney, e.to_string()).field(field))
}

/// Maps a store refusal of an on-order shift (cannot happen while the
/// books are right) to an error.
fn stock_error(e: StockError) -> AppError {
    match e {
        StockError::Db(e) => e.into(),
        other => AppError::new(ErrorCode::Conflict, other.to_string()),
    }
}

/// Checks and adds one line to a draft (in the caller's transaction).
async fn add_line(
    tx: &mut Conn,
    order: PurchaseOrderId,
    input: &PurchaseLineInput,
    scale: u32,
    prefix: &str,
) -> AppResult<()> {
    let field = |name: &str| format!("{prefix}{name}");
    let item = tx
        .item(input.item_id)
        .await?
        .filter(|i| i.active)
        .ok_or_else(|| AppError::not_found("item").field(field("item_id")))?;
    let quantity = positive_qty("quantity", &input.quantity, item.unit)
        .map_err(|e| e.field(field("quantity")))?;
    let unit_cost = unit_cost_field(
        input.unit_cost.unwrap_or(item.average_cost),
        scale,
        field("unit_cost"),
    )?;
    let data = PurchaseLineData {
        quantity,
        unit_cost,
        promised_on: input.promised_on,
    };
    if tx
        .purchase_lines(order)
        .await?
        .iter()
        .any(|l| l.item_id == item.id)
    {
        return Err(AppError::validation(
            "item_id",
            "the item is already on this purchase order: change its line instead",
        )
        .field(field("item_id")));
    }
    tx.insert_purchase_line(order, item.id, &data, Timestamp::now())
        .await?;
    Ok(())
}

impl Services {
    /// The order with its lines, receipts and total.
    pub(crate) async fn purchase_order_detail(
        &self,
        conn: &mut Conn,
        order: PurchaseOrder,
    ) -> AppResult<PurchaseOrderDetail> {
        let settings = conn.company_settings().await?;
        let scale = currency_scale(&settings.currency);
        let supplier = conn.supplier(order.supplier_id).await?;
        let lines: Vec<PurchaseLineView> = conn
            .purchase_lines(order.id)
            .await?
            .into_iter()
            .map(|l| PurchaseLineView::new(l, scale))
            .collect();
        let receipts = conn
            .purchase_receipts(order.id)
            .await?
            .into_iter()
            .map(ReceiptView::from)
            .collect();
        let total = Money(lines.iter().map(|l| l.amount.0).sum::<Decimal>());
        let (name, email) = supplier.map_or((String::new(), None), |s| (s.name, s.email));
        Ok(PurchaseOrderDetail {
            order: PurchaseOrderView::new(order, name),
            supplier_email: email,
            lines,
            receipts,
            total,
            currency: settings.currency,
        })
    }

    pub async fn get_purchase_order(
        &self,
        who: &Principal,
        id: PurchaseOrderId,
    ) -> AppResult<PurchaseOrderDetail> {
        who.require(Permission::ManagePurchasing)?;
        let mut conn = self.store.conn().await?;
        let order = conn.purchase_order(id).await?.ok_or_else(not_found_order)?;
        self.purchase_order_detail(&mut conn, order).await
    }

    /// Creates a draft numbered `OC-000001`… in the transaction.
    pub async fn create_purchase_order(
        &self,
        who: &Principal,
        input: PurchaseOrderInput,
    ) -> AppResult<PurchaseOrderDetail> {
        who.require(Permission::ManagePurchasing)?;
        let notes = notes_field(&input.notes)?;
        if input.lines.len() > MAX_LINES {
            return Err(AppError::validation(
                "lines",
                format!("at most {MAX_LINES} lines"),
            ));
        }
        let mut tx = self.begin().await?;
        let supplier = tx
            .supplier(input.supplier_id)
            .await?
            .ok_or_else(|| AppError::not_found("supplier").field("supplier_id"))?;
        if !supplier.active {
            return Err(AppError::validation(
                "supplier_id",
                "the supplier is inactive: reactivate it first",
            ));
        }
        let scale = currency_scale(&tx.company_settings().await?.currency);
        let order = tx
            .insert_purchase_order(
                PurchaseOrderId::new(),
                supplier.id,
                &notes,
                who.user.id,
                Timestamp::now(),
            )
            .await?;
        for (i, line) in input.lines.iter().enumerate() {
            add_line(&mut tx, order.id, line, scale, &format!("lines[{i}].")).await?;
        }
        publish_order(&mut tx, who, &order).await?;
        let detail = self.purchase_order_detail(&mut tx, order).await?;
        tx.commit().await?;
        Ok(detail)
    }

    /// Locks the order and checks it is a draft (lines and notes change
    /// only there).
    async fn locked_draft(
        &self,
        tx: &mut UnitOfWork<'_>,
        id: PurchaseOrderId,
    ) -> AppResult<PurchaseOrder> {
        let order = tx
            .lock_purchase_order(id)
            .await?
            .ok_or_else(not_found_order)?;
        if !order.state.is_editable() {
            return Err(not_open(order.state, "be edited"));
        }
        Ok(order)
    }

    pub async fn set_purchase_order_notes(
        &self,
        who: &Principal,
        id: PurchaseOrderId,
        input: PurchaseOrderNotes,
    ) -> AppResult<PurchaseOrderDetail> {
        who.require(Permission::ManagePurchasing)?;
        let notes = notes_field(&input.notes)?;
        let mut tx = self.begin().await?;
        let order = self.locked_draft(&mut tx, id).await?;
        tx.set_purchase_order_notes(id, &notes, Timestamp::now())
            .await?;
        publish_order(&mut tx, who, &order).await?;
        let order = tx.purchase_order(id).await?.ok_or_else(not_found_order)?;
        let detail = self.purchase_order_detail(&mut tx, order).await?;
        tx.commit().await?;
        Ok(detail)
    }

    pub async fn add_purchase_line(
        &self,
        who: &Principal,
        id: PurchaseOrderId,
        input: PurchaseLineInput,
    ) -> AppResult<PurchaseOrderDetail> {
        who.require(Permission::ManagePurchasing)?;
        let mut tx = self.begin().await?;
        let order = self.locked_draft(&mut tx, id).await?;
        if tx.purchase_lines(id).await?.len() >= MAX_LINES {
            return Err(AppError::validation(
                "lines",
                format!("at most {MAX_LINES} lines"),
            ));
        }
        let scale = currency_scale(&tx.company_settings().await?.currency);
        add_line(&mut tx, id, &input, scale, "").await?;
        publish_order(&mut tx, who, &order).await?;
        let detail = self.purchase_order_detail(&mut tx, order).await?;
        tx.commit().await?;
        Ok(detail)
    }

    pub async fn update_purchase_line(
        &self,
        who: &Principal,
        id: PurchaseOrderId,
        line: PurchaseLineId,
        input: PurchaseLineUpdate,
    ) -> AppResult<PurchaseOrderDetail> {
        who.require(Permission::ManagePurchasing)?;
        let mut tx = self.begin().await?;
        let order = self.locked_draft(&mut tx, id).await?;
        let current = tx
            .purchase_line(line)
            .await?
            .filter(|l| l.purchase_order_id == id)
            .ok_or_else(|| AppError::not_found("purchase order line"))?;
        let scale = currency_scale(&tx.company_settings().await?.currency);
        let data = PurchaseLineData {
            quantity: positive_qty("quantity", &input.quantity, current.unit)?,
            unit_cost: unit_cost_field(input.unit_cost, scale, "unit_cost".into())?,
            promised_on: input.promised_on,
        };
        tx.update_purchase_line(id, line, &data)
            .await?
            .ok_or_else(|| AppError::not_found("purchase order line"))?;
        publish_order(&mut tx, who, &order).await?;
        let detail = self.purchase_order_detail(&mut tx, order).await?;
        tx.commit().await?;
        Ok(detail)
    }

    pub async fn delete_purchase_line(
        &self,
        who: &Principal,
        id: PurchaseOrderId,
        line: PurchaseLineId,
    ) -> AppResult<PurchaseOrderDetail> {
        who.require(Permission::ManagePurchasing)?;
        let mut tx = self.begin().await?;
        let order = self.locked_draft(&mut tx, id).await?;
        if !tx.delete_purchase_line(id, line).await? {
            return Err(AppError::not_found("purchase order line"));
        }
        publish_order(&mut tx, who, &order).await?;
        let detail = self.purchase_order_detail(&mut tx, order).await?;
        tx.commit().await?;
        Ok(detail)
    }

    /// Sends a draft: its lines go on order, and the supplier gets the
    /// order by e-mail (through the outbox, after commit) when it has an
    /// address.
    pub async fn send_purchase_order(
        &self,
        who: &Principal,
        id: PurchaseOrderId,
    ) -> AppResult<PurchaseOrderDetail> {
        who.require(Permission::ManagePurchasing)?;
        let mut tx = self.begin().await?;
        let order = tx
            .lock_purchase_order(id)
            .await?
            .ok_or_else(not_found_order)?;
        if !order.state.can_move_to(PurchaseOrderState::Sent) {
            return Err(not_open(order.state, "be sent"));
        }
        let lines = tx.purchase_lines(id).await?;
        if lines.is_empty() {
            return Err(AppError::validation(
                "lines",
                "a purchase order needs at least one line to be sent",
            ));
        }
        let now = Timestamp::now();
        for l in &lines {
            let level = tx
                .shift_on_order(l.item_id, l.quantity, now)
                .await
                .map_err(stock_error)?;
            self.announce_stock(&mut tx, Some(who), &level, &l.sku, &l.description)
                .await?;
        }
        tx.set_purchase_order_state(id, order.state, PurchaseOrderState::Sent, now)
            .await?;
        let order = tx.purchase_order(id).await?.ok_or_else(not_found_order)?;
        let supplier = tx.supplier(order.supplier_id).await?;
        if let Some(s) = supplier.as_ref()
            && let Some(email) = s.email.as_deref()
        {
            let described: Vec<String> = lines
                .iter()
                .map(|l| {
                    let when = l.promised_on.map(|d| format!(" — {d}")).unwrap_or_default();
                    format!(
                        "{} {} × {} {} @ {}{when}",
                        l.quantity,
                        unit_label(l.unit),
                        l.sku.as_str(),
                        l.description,
                        l.unit_cost
                    )
                })
                .collect();
            let message = Message::PurchaseOrderSent {
                name: s.name.clone(),
                order_number: order.number.clone(),
                lines: described,
                notes: order.notes.clone(),
            };
            // The supplier is no account: no preferences, no in-app copy;
            // one e-mail with the order's PDF, enqueued in this transaction.
            let (filename, pdf) = self.render_purchase_order(&mut tx, order.clone()).await?;
            let brand = self.branding(&mut tx).await?;
            let mut rendered = templates::render(&message, self.language(), &brand, None);
            rendered
                .attachments
                .push(EmailAttachment::new(&filename, "application/pdf", &pdf));
            let payload = serde_json::to_string(&rendered).context("serializing an e-mail")?;
            tx.enqueue_notification(&NewNotification {
                kind: NotificationKind::PurchaseOrderSent,
                channel: DeliveryChannel::Email,
                recipient_user_id: None,
                recipient_address: email,
                payload: &payload,
                idempotency_key: &format!(
                    "purchase_order_sent:{}:email:{}",
                    order.id,
                    email.to_lowercase()
                ),
                subject_type: SubjectType::PurchaseOrder,
                subject_id: &order.id.to_string(),
                status: DeliveryStatus::Pending,
                now,
            })
            .await?;
            tx.wake_outbox();
        }
        publish_order(&mut tx, who, &order).await?;
        let detail = self.purchase_order_detail(&mut tx, order).await?;
        tx.commit().await?;
        Ok(detail)
    }

    /// Cancels a draft, or a sent order nothing was received on (its lines
    /// leave on order). Once goods arrived, "close short" ends it instead.
    pub async fn cancel_purchase_order(
        &self,
        who: &Principal,
        id: PurchaseOrderId,
    ) -> AppResult<PurchaseOrderDetail> {
        self.end_purchase_order(who, id, PurchaseOrderState::Cancelled, "be cancelled")
            .await
    }

    /// Ends a partly received order: what is outstanding will not come.
    pub async fn close_purchase_order_short(
        &self,
        who: &Principal,
        id: PurchaseOrderId,
    ) -> AppResult<PurchaseOrderDetail> {
        self.end_purchase_order(who, id, PurchaseOrderState::ClosedShort, "be closed short")
            .await
    }

    async fn end_purchase_order(
        &self,
        who: &Principal,
        id: PurchaseOrderId,
        to: PurchaseOrderState,
        what: &str,
    ) -> AppResult<PurchaseOrderDetail> {
        who.require(Permission::ManagePurchasing)?;
        let mut tx = self.begin().await?;
        let order = tx
            .lock_purchase_order(id)
            .await?
            .ok_or_else(not_found_order)?;
        if !order.state.can_move_to(to) {
            return Err(not_open(order.state, what));
        }
        let now = Timestamp::now();
        if order.state.is_open() {
            for l in tx.purchase_lines(id).await? {
                let rest = outstanding(l.quantity, l.received);
                if rest.is_positive() {
                    let level = tx
                        .shift_on_order(l.item_id, -rest, now)
                        .await
                        .map_err(stock_error)?;
                    self.announce_stock(&mut tx, Some(who), &level, &l.sku, &l.description)
                        .await?;
                }
            }
        }
        tx.set_purchase_order_state(id, order.state, to, now)
            .await?;
        let order = tx.purchase_order(id).await?.ok_or_else(not_found_order)?;
        publish_order(&mut tx, who, &order).await?;
        let detail = self.purchase_order_detail(&mut tx, order).await?;
        tx.commit().await?;
        Ok(detail)
    }
}

/// The unit as printed for a supplier (Spanish, the trade's language).
pub(crate) fn unit_label(unit: StockUnit) -> &'static str {
    match unit {
        StockUnit::Piece => "pza",
        StockUnit::Pair => "par",
        StockUnit::Kit => "kit",
        StockUnit::Box => "caja",
        StockUnit::Litre => "L",
        StockUnit::Gallon => "gal",
        StockUnit::Kilogram => "kg",
        StockUnit::Metre => "m",
    }
}

/// A catalog item as the purchase order editor's picker shows it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PickItem {
    pub id: ItemId,
    pub sku: crate::domain::inventory::Sku,
    pub description: String,
    pub unit: StockUnit,
    /// The default unit cost of a new line.
    pub average_cost: Money,
    pub on_hand: crate::domain::inventory::StockQty,
    pub on_order: crate::domain::inventory::StockQty,
    pub preferred_supplier_id: Option<crate::domain::SupplierId>,
}

impl From<crate::store::inventory::Item> for PickItem {
    fn from(i: crate::store::inventory::Item) -> Self {
        PickItem {
            id: i.id,
            sku: i.sku,
            description: i.description,
            unit: i.unit,
            average_cost: i.average_cost,
            on_hand: i.on_hand,
            on_order: i.on_order,
            preferred_supplier_id: i.preferred_supplier_id,
        }
    }
}

impl Services {
    /// Active catalog items matching `q` (SKU, description, brand, part
    /// number), first 20 in SKU order: the line picker.
    pub async fn purchasable_items(
        &self,
        who: &Principal,
        q: Option<String>,
    ) -> AppResult<Vec<PickItem>> {
        who.require(Permission::ManagePurchasing)?;
        let filter = crate::store::inventory::ItemFilter {
            q: q.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
            active: Some(true),
            ..Default::default()
        };
        let items = self
            .store
            .conn()
            .await?
            .items_page(&filter, None, 20)
            .await?;
        Ok(items.into_iter().map(PickItem::from).collect())
    }
}
