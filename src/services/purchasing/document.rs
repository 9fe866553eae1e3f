//! The printable purchase order (PDF, typst): what the office prints or
//! forwards to the supplier. Typeset off the async workers.

use std::sync::OnceLock;

use super::not_found_order;
use super::orders::unit_label;
use crate::domain::{Permission, PurchaseOrderId, TaxIdCountry};
use crate::error::{AppResult, Context};
use crate::notify::documents::purchase::{PurchaseDocLine, PurchaseOrderDoc};
use crate::notify::documents::{Document, Documents, Letterhead, Party};
use crate::services::{Principal, Services, company_tz};
use crate::store::Conn;
use crate::store::inventory::PurchaseOrder;

/// One typesetting engine per process (the fonts are parsed once).
fn engine() -> &'static Documents {
    static ENGINE: OnceLock<Documents> = OnceLock::new();
    ENGINE.get_or_init(Documents::new)
}

impl Services {
    /// The purchase order as a PDF: `(file name, bytes)`.
    pub async fn purchase_order_pdf(
        &self,
        who: &Principal,
        id: PurchaseOrderId,
    ) -> AppResult<(String, Vec<u8>)> {
        who.require(Permission::ManagePurchasing)?;
        let mut conn = self.store.conn().await?;
        let order = conn.purchase_order(id).await?.ok_or_else(not_found_order)?;
        self.render_purchase_order(&mut conn, order).await
    }

    /// Typesets `order` as it is in `conn` (the sending transaction prints
    /// the order it just sent).
    pub(crate) async fn render_purchase_order(
        &self,
        conn: &mut Conn,
        order: PurchaseOrder,
    ) -> AppResult<(String, Vec<u8>)> {
        let detail = self.purchase_order_detail(conn, order).await?;
        let company = conn.company_settings().await?;
        let billing = conn.billing_settings().await?;
        let supplier = conn.supplier(detail.order.supplier_id).await?;
        let letterhead = Letterhead {
            company_name: company.company_name,
            address: company.address,
            phone: company.phone,
            email: company.email,
            logo: None,
            terms: String::new(),
            non_fiscal_line: billing.non_fiscal_line,
            tax_id_label: match company.tax_id_country {
                TaxIdCountry::Venezuela => "RIF",
                TaxIdCountry::Chile => "RUT",
                TaxIdCountry::Colombia => "NIT",
            }
            .into(),
            currency: company.currency,
            time_zone: company_tz(&company.time_zone),
            lang: self.language(),
        };
        let doc = PurchaseOrderDoc {
            number: detail.order.number.clone(),
            draft: detail.order.state == crate::domain::inventory::PurchaseOrderState::Draft,
            created_at: detail.order.created_at,
            sent_at: detail.order.sent_at,
            supplier: supplier.as_ref().map_or_else(Party::default, |s| Party {
                name: s.name.clone(),
                tax_id: s.tax_id.as_str().to_string(),
                address: s.address.clone(),
                phone: s.phone.clone(),
                email: s.email.clone().unwrap_or_default(),
            }),
            payment_terms: supplier.map(|s| s.payment_terms).unwrap_or_default(),
            lines: detail
                .lines
                .iter()
                .map(|l| PurchaseDocLine {
                    sku: l.sku.as_str().to_string(),
                    description: l.description.clone(),
                    quantity: l.quantity.to_decimal(),
                    unit: unit_label(l.unit).into(),
                    unit_cost: l.unit_cost,
                    promised_on: l.promised_on,
                    amount: l.amount,
                })
                .collect(),
            total: detail.total,
            notes: detail.order.notes.clone(),
        };
        let pdf = tokio::task::spawn_blocking(move || {
            engine().render(&letterhead, &Document::PurchaseOrder(doc))
        })
        .await
        .context("typesetting task")?
        .context("typesetting a purchase order")?;
        Ok((format!("{}.pdf", detail.order.number), pdf))
    }
}
