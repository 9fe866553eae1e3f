//! Suppliers (proveedores) and their contacts. Staff-only data: there is no
//! customer scope here; the services decide who may read or change it.

use serde::Serialize;

use super::like_pattern;
use crate::domain::{Email, SupplierContactId, SupplierId, TaxId, TaxIdCountry, Timestamp};
use crate::store::{Conn, on_conn};

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct Supplier {
    pub id: SupplierId,
    pub name: String,
    pub tax_id: TaxId,
    pub tax_id_country: TaxIdCountry,
    pub email: Option<String>,
    pub phone: String,
    pub address: String,
    pub payment_terms: String,
    /// Usual lead time in days.
    pub lead_time_days: i32,
    pub notes: String,
    pub active: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

const SUPPLIER_COLUMNS: &str = "id, name, tax_id, tax_id_country, email, phone, address,
    payment_terms, lead_time_days, notes, active, created_at, updated_at";

/// The supplier fields people edit (validated by the service).
#[derive(Debug, Clone)]
pub struct SupplierData {
    pub name: String,
    pub tax_id: TaxId,
    pub tax_id_country: TaxIdCountry,
    pub email: Option<Email>,
    pub phone: String,
    pub address: String,
    pub payment_terms: String,
    pub lead_time_days: i32,
    pub notes: String,
}

impl SupplierData {
    fn search_text(&self) -> String {
        format!(
            "{} {} {} {}",
            self.name.to_lowercase(),
            self.tax_id.as_str().to_lowercase(),
            self.email.as_ref().map(Email::as_str).unwrap_or(""),
            self.phone
        )
    }
}

#[derive(Debug, Default)]
pub struct SupplierFilter {
    /// Matches name, tax id, e-mail or phone (case-insensitive substring).
    pub q: Option<String>,
    pub active: Option<bool>,
}

/// Position after the last row of a page (keyset on (sort_name, id)).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SupplierCursor {
    pub sort_name: String,
    pub id: SupplierId,
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct SupplierContact {
    pub id: SupplierContactId,
    pub supplier_id: SupplierId,
    pub name: String,
    pub email: Option<String>,
    pub phone: String,
    pub position: String,
    pub created_at: Timestamp,
}

const CONTACT_COLUMNS: &str = "id, supplier_id, name, email, phone, position, created_at";

#[derive(Debug, Clone)]
pub struct SupplierContactData {
    pub name: String,
    pub email: Option<Email>,
    pub phone: String,
    pub position: String,
}

impl Conn {
    /// Inserts a supplier; a taken tax id is a unique violation (see
    /// [`crate::store::is_unique_violation`]).
    #[tracing::instrument(skip_all)]
    pub async fn insert_supplier(
        &mut self,
        id: SupplierId,
        d: &SupplierData,
        now: Timestamp,
    ) -> Result<Supplier, sqlx::Error> {
        let sql = format!(
            "INSERT INTO suppliers (id, name, sort_name, search_text, tax_id, tax_id_country, email,
                phone, address, payment_terms, lead_time_days, notes, active, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, TRUE, $13, $13)
             RETURNING {SUPPLIER_COLUMNS}"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id).bind(&d.name).bind(d.name.to_lowercase()).bind(d.search_text())
            .bind(&d.tax_id).bind(d.tax_id_country).bind(d.email.as_ref()).bind(&d.phone)
            .bind(&d.address).bind(&d.payment_terms).bind(d.lead_time_days).bind(&d.notes).bind(now)
            .fetch_one(c).await)
    }

    #[tracing::instrument(skip_all)]
    pub async fn supplier(&mut self, id: SupplierId) -> Result<Option<Supplier>, sqlx::Error> {
        let sql = format!("SELECT {SUPPLIER_COLUMNS} FROM suppliers WHERE id = $1");
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)
    }

    /// One page of suppliers in name order, `limit` rows after `after`.
    #[tracing::instrument(skip_all)]
    pub async fn suppliers_page(
        &mut self,
        filter: &SupplierFilter,
        after: Option<&SupplierCursor>,
        limit: i64,
    ) -> Result<Vec<Supplier>, sqlx::Error> {
        let sql = format!(
            "SELECT {SUPPLIER_COLUMNS} FROM suppliers
             WHERE ($1 IS NULL OR search_text LIKE $1 ESCAPE '\\')
               AND ($2 IS NULL OR active = $2)
               AND ($3 IS NULL OR sort_name > $3 OR (sort_name = $3 AND id > $4))
             ORDER BY sort_name, id LIMIT $5"
        );
        let q = filter.q.as_deref().map(like_pattern);
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(q.as_deref()).bind(filter.active)
            .bind(after.map(|a| a.sort_name.as_str())).bind(after.map(|a| a.id)).bind(limit)
            .fetch_all(c).await)
    }

    /// `None` when there is no such supplier.
    #[tracing::instrument(skip_all)]
    pub async fn update_supplier(
        &mut self,
        id: SupplierId,
        d: &SupplierData,
        now: Timestamp,
    ) -> Result<Option<Supplier>, sqlx::Error> {
        let sql = format!(
            "UPDATE suppliers SET name = $2, sort_name = $3, search_text = $4, tax_id = $5,
                tax_id_country = $6, email = $7, phone = $8, address = $9, payment_terms = $10,
                lead_time_days = $11, notes = $12, updated_at = $13
             WHERE id = $1
             RETURNING {SUPPLIER_COLUMNS}"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id).bind(&d.name).bind(d.name.to_lowercase()).bind(d.search_text())
            .bind(&d.tax_id).bind(d.tax_id_country).bind(d.email.as_ref()).bind(&d.phone)
            .bind(&d.address).bind(&d.payment_terms).bind(d.lead_time_days).bind(&d.notes).bind(now)
            .fetch_optional(c).await)
    }

    #[tracing::instrument(skip_all)]
    pub async fn set_supplier_active(
        &mut self,
        id: SupplierId,
        active: bool,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE suppliers SET active = $2, updated_at = $3 WHERE id = $1")
            .bind(id).bind(active).bind(now)
            .execute(c).await.map(|r| r.rows_affected() == 1))
    }

    // --- contacts ---------------------------------------------------------

    #[tracing::instrument(skip_all)]
    pub async fn supplier_contacts(
        &mut self,
        supplier: SupplierId,
    ) -> Result<Vec<SupplierContact>, sqlx::Error> {
        let sql = format!(
            "SELECT {CONTACT_COLUMNS} FROM supplier_contacts WHERE supplier_id = $1 ORDER BY name, id"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(supplier).fetch_all(c).await)
    }

    #[tracing::instrument(skip_all)]
    pub async fn insert_supplier_contact(
        &mut self,
        supplier: SupplierId,
        d: &SupplierContactData,
        now: Timestamp,
    ) -> Result<SupplierContact, sqlx::Error> {
        let sql = format!(
            "INSERT INTO supplier_contacts (id, supplier_id, name, email, phone, position, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {CONTACT_COLUMNS}"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(SupplierContactId::new()).bind(supplier).bind(&d.name).bind(d.email.as_ref())
            .bind(&d.phone).bind(&d.position).bind(now)
            .fetch_one(c).await)
    }

    /// `None` when `id` is not a contact of `supplier`.
    #[tracing::instrument(skip_all)]
    pub async fn update_supplier_contact(
        &mut self,
        supplier: SupplierId,
        id: SupplierContactId,
        d: &SupplierContactData,
    ) -> Result<Option<SupplierContact>, sqlx::Error> {
        let sql = format!(
            "UPDATE supplier_contacts SET name = $3, email = $4, phone = $5, position = $6
             WHERE id = $1 AND supplier_id = $2 RETURNING {CONTACT_COLUMNS}"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id).bind(supplier).bind(&d.name).bind(d.email.as_ref()).bind(&d.phone)
            .bind(&d.position)
            .fetch_optional(c).await)
    }

    /// False when `id` is not a contact of `supplier`.
    #[tracing::instrument(skip_all)]
    pub async fn delete_supplier_contact(
        &mut self,
        supplier: SupplierId,
        id: SupplierContactId,
    ) -> Result<bool, sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "DELETE FROM supplier_contacts WHERE id = $1 AND supplier_id = $2")
            .bind(id).bind(supplier)
            .execute(c).await.map(|r| r.rows_affected() == 1))
    }
}
