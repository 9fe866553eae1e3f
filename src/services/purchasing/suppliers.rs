//! The supplier directory: create, edit, (de)activate, search; contacts;
//! each supplier's purchase history. Tax ids are validated and normalized
//! exactly like customers' ([`TaxId::parse`]) and are unique among suppliers.

use serde::{Deserialize, Serialize};

use super::{ContactView, FEED, PurchaseOrderView, SupplierView};
use crate::domain::events::{ChannelEvent, SupplierChanged};
use crate::domain::inventory::PurchaseOrderState;
use crate::domain::{
    Email, Permission, SupplierContactId, SupplierId, TaxId, TaxIdCountry, Timestamp,
};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::uow::UnitOfWork;
use crate::services::{Lines, Principal, Services, decode_cursor, next_page, text_field};
use crate::store::inventory::{
    PurchaseOrderCursor, PurchaseOrderFilter, Supplier, SupplierContactData, SupplierCursor,
    SupplierData, SupplierFilter,
};
use crate::store::{Conn, is_unique_violation};

/// Longest usual lead time accepted, in days.
pub const MAX_LEAD_TIME_DAYS: i32 = 365;

/// Supplier fields as sent by clients.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SupplierInput {
    /// 1–200 characters.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub name: String,
    /// RIF, RUT or NIT in any usual notation; normalized on save.
    pub tax_id: String,
    /// Defaults to the company's tax-id country from settings.
    pub tax_id_country: Option<TaxIdCountry>,
    /// Where purchase orders are e-mailed.
    pub email: Option<String>,
    #[serde(default)]
    #[schema(max_length = 40)]
    pub phone: String,
    #[serde(default)]
    #[schema(max_length = 400)]
    pub address: String,
    /// "30 días", "contado"…
    #[serde(default)]
    #[schema(max_length = 120)]
    pub payment_terms: String,
    /// Usual lead time in days, 0–365 (default 0).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 365)]
    pub lead_time_days: i32,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub notes: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SupplierActiveInput {
    pub active: bool,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SupplierContactInput {
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub name: String,
    pub email: Option<String>,
    #[serde(default)]
    #[schema(max_length = 40)]
    pub phone: String,
    /// Their job ("ventas", "bodega").
    #[serde(default)]
    #[schema(max_length = 120)]
    pub position: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SupplierPage {
    pub items: Vec<SupplierView>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SupplierDetail {
    pub supplier: SupplierView,
    pub contacts: Vec<ContactView>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PurchaseOrderPage {
    pub items: Vec<PurchaseOrderView>,
    pub next_cursor: Option<String>,
}

/// Filters of the purchase order list.
#[derive(Debug, Default)]
pub struct OrderListFilter {
    pub supplier: Option<SupplierId>,
    pub state: Option<PurchaseOrderState>,
    pub q: Option<String>,
}

fn optional_email(field: &'static str, value: Option<&str>) -> AppResult<Option<Email>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => Email::parse(v)
            .map(Some)
            .map_err(|e| AppError::new(ErrorCode::InvalidEmail, e.to_string()).field(field)),
    }
}

fn tax_id_taken(e: sqlx::Error) -> AppError {
    if is_unique_violation(&e) {
        AppError::new(
            ErrorCode::TaxIdTaken,
            "a supplier with this tax id already exists",
        )
        .field("tax_id")
    } else {
        e.into()
    }
}

fn limit_of(limit: i64) -> AppResult<i64> {
    if !(1..=200).contains(&limit) {
        return Err(AppError::validation("limit", "limit must be 1 to 200"));
    }
    Ok(limit)
}

async fn supplier_data(input: SupplierInput, conn: &mut Conn) -> AppResult<SupplierData> {
    let settings = conn.company_settings().await?;
    let country = input.tax_id_country.unwrap_or(settings.tax_id_country);
    let name = text_field("name", &input.name, 200, true, Lines::Single)?;
    let tax_id = TaxId::parse(country, &input.tax_id)
        .map_err(|e| AppError::new(ErrorCode::InvalidTaxId, e.to_string()).field("tax_id"))?;
    if !(0..=MAX_LEAD_TIME_DAYS).contains(&input.lead_time_days) {
        return Err(AppError::validation(
            "lead_time_days",
            format!("lead_time_days must be 0 to {MAX_LEAD_TIME_DAYS}"),
        ));
    }
    Ok(SupplierData {
        name,
        tax_id,
        tax_id_country: country,
        email: optional_email("email", input.email.as_deref())?,
        phone: text_field("phone", &input.phone, 40, false, Lines::Single)?,
        address: text_field("address", &input.address, 400, false, Lines::Multi)?,
        payment_terms: text_field(
            "payment_terms",
            &input.payment_terms,
            120,
            false,
            Lines::Single,
        )?,
        lead_time_days: input.lead_time_days,
        notes: text_field("notes", &input.notes, 4000, false, Lines::Multi)?,
    })
}

fn contact_data(input: SupplierContactInput) -> AppResult<SupplierContactData> {
    Ok(SupplierContactData {
        name: text_field("name", &input.name, 200, true, Lines::Single)?,
        email: optional_email("email", input.email.as_deref())?,
        phone: text_field("phone", &input.phone, 40, false, Lines::Single)?,
        position: text_field("position", &input.position, 120, false, Lines::Single)?,
    })
}

async fn publish_supplier(tx: &mut UnitOfWork<'_>, who: &Principal, s: &Supplier) -> AppResult<()> {
    tx.publish(
        &FEED,
        ChannelEvent::SupplierChanged(SupplierChanged {
            supplier_id: s.id,
            name: s.name.clone(),
            active: s.active,
            by: who.actor(),
        }),
        Some(who.user.id),
    )
    .await
}

impl Services {
    /// Suppliers in name order, searched by name, tax id, e-mail or phone.
    pub async fn list_suppliers(
        &self,
        who: &Principal,
        filter: SupplierFilter,
        cursor: Option<&str>,
        limit: i64,
    ) -> AppResult<SupplierPage> {
        who.require(Permission::ManagePurchasing)?;
        let limit = limit_of(limit)?;
        let after: Option<SupplierCursor> = cursor.map(decode_cursor).transpose()?;
        let mut rows = self
            .store
            .conn()
            .await?
            .suppliers_page(&filter, after.as_ref(), limit + 1)
            .await?;
        let next_cursor = next_page(&mut rows, limit, |s| SupplierCursor {
            sort_name: s.name.to_lowercase(),
            id: s.id,
        });
        Ok(SupplierPage {
            items: rows.into_iter().map(SupplierView::from).collect(),
            next_cursor,
        })
    }

    pub async fn create_supplier(
        &self,
        who: &Principal,
        input: SupplierInput,
    ) -> AppResult<SupplierView> {
        who.require(Permission::ManagePurchasing)?;
        let mut tx = self.begin().await?;
        let data = supplier_data(input, &mut tx).await?;
        let s = tx
            .insert_supplier(SupplierId::new(), &data, Timestamp::now())
            .await
            .map_err(tax_id_taken)?;
        publish_supplier(&mut tx, who, &s).await?;
        tx.commit().await?;
        Ok(s.into())
    }

    pub async fn get_supplier(&self, who: &Principal, id: SupplierId) -> AppResult<SupplierDetail> {
        who.require(Permission::ManagePurchasing)?;
        let mut conn = self.store.conn().await?;
        let supplier = conn
            .supplier(id)
            .await?
            .ok_or_else(|| AppError::not_found("supplier"))?;
        let contacts = conn.supplier_contacts(id).await?;
        Ok(SupplierDetail {
            supplier: supplier.into(),
            contacts: contacts.into_iter().map(ContactView::from).collect(),
        })
    }

    pub async fn update_supplier(
        &self,
        who: &Principal,
        id: SupplierId,
        input: SupplierInput,
    ) -> AppResult<SupplierView> {
        who.require(Permission::ManagePurchasing)?;
        let mut tx = self.begin().await?;
        let data = supplier_data(input, &mut tx).await?;
        let s = tx
            .update_supplier(id, &data, Timestamp::now())
            .await
            .map_err(tax_id_taken)?
            .ok_or_else(|| AppError::not_found("supplier"))?;
        publish_supplier(&mut tx, who, &s).await?;
        tx.commit().await?;
        Ok(s.into())
    }

    /// Deactivates (or reactivates) a supplier: it keeps its history, but
    /// no new purchase order may be made to it.
    pub async fn set_supplier_active(
        &self,
        who: &Principal,
        id: SupplierId,
        active: bool,
    ) -> AppResult<SupplierView> {
        who.require(Permission::ManagePurchasing)?;
        let mut tx = self.begin().await?;
        if !tx.set_supplier_active(id, active, Timestamp::now()).await? {
            return Err(AppError::not_found("supplier"));
        }
        let s = tx
            .supplier(id)
            .await?
            .ok_or_else(|| AppError::not_found("supplier"))?;
        publish_supplier(&mut tx, who, &s).await?;
        tx.commit().await?;
        Ok(s.into())
    }

    pub async fn add_supplier_contact(
        &self,
        who: &Principal,
        supplier: SupplierId,
        input: SupplierContactInput,
    ) -> AppResult<ContactView> {
        who.require(Permission::ManagePurchasing)?;
        let data = contact_data(input)?;
        let mut tx = self.begin().await?;
        let s = tx
            .supplier(supplier)
            .await?
            .ok_or_else(|| AppError::not_found("supplier"))?;
        let c = tx
            .insert_supplier_contact(supplier, &data, Timestamp::now())
            .await?;
        publish_supplier(&mut tx, who, &s).await?;
        tx.commit().await?;
        Ok(c.into())
    }

    pub async fn update_supplier_contact(
        &self,
        who: &Principal,
        supplier: SupplierId,
        id: SupplierContactId,
        input: SupplierContactInput,
    ) -> AppResult<ContactView> {
        who.require(Permission::ManagePurchasing)?;
        let data = contact_data(input)?;
        let mut tx = self.begin().await?;
        let s = tx
            .supplier(supplier)
            .await?
            .ok_or_else(|| AppError::not_found("supplier"))?;
        let c = tx
            .update_supplier_contact(supplier, id, &data)
            .await?
            .ok_or_else(|| AppError::not_found("contact"))?;
        publish_supplier(&mut tx, who, &s).await?;
        tx.commit().await?;
        Ok(c.into())
    }

    pub async fn delete_supplier_contact(
        &self,
        who: &Principal,
        supplier: SupplierId,
        id: SupplierContactId,
    ) -> AppResult<()> {
        who.require(Permission::ManagePurchasing)?;
        let mut tx = self.begin().await?;
        let s = tx
            .supplier(supplier)
            .await?
            .ok_or_else(|| AppError::not_found("supplier"))?;
        if !tx.delete_supplier_contact(supplier, id).await? {
            return Err(AppError::not_found("contact"));
        }
        publish_supplier(&mut tx, who, &s).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Purchase orders, newest first: all of them, one supplier's (its
    /// purchase history), one state, or a number search.
    pub async fn list_purchase_orders(
        &self,
        who: &Principal,
        filter: OrderListFilter,
        cursor: Option<&str>,
        limit: i64,
    ) -> AppResult<PurchaseOrderPage> {
        who.require(Permission::ManagePurchasing)?;
        let limit = limit_of(limit)?;
        let after: Option<PurchaseOrderCursor> = cursor.map(decode_cursor).transpose()?;
        let mut conn = self.store.conn().await?;
        let store_filter = PurchaseOrderFilter {
            supplier: filter.supplier,
            state: filter.state,
            q: filter.q,
        };
        let mut rows = conn
            .purchase_orders_page(&store_filter, after.as_ref(), limit + 1)
            .await?;
        let next_cursor = next_page(&mut rows, limit, |o| PurchaseOrderCursor {
            created_at: o.created_at,
            id: o.id,
        });
        let mut names = std::collections::HashMap::new();
        let mut items = Vec::with_capacity(rows.len());
        for o in rows {
            let name = match names.get(&o.supplier_id) {
                Some(name) => String::clone(name),
                None => {
                    let name = conn
                        .supplier(o.supplier_id)
                        .await?
                        .map(|s| s.name)
                        .unwrap_or_default();
                    names.insert(o.supplier_id, name.clone());
                    name
                }
            };
            items.push(PurchaseOrderView::new(o, name));
        }
        Ok(PurchaseOrderPage { items, next_cursor })
    }
}
