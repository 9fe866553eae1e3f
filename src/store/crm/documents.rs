//! Documents on a customer's file. Reads take the caller's
//! [`CustomerScope`] in SQL (a seller: customers they own; a customer
//! contact: their own company, and only the documents marked shared).

use crate::domain::role::CustomerScope;
use crate::domain::{CustomerDocumentId, CustomerId, Timestamp, UserId};
use crate::store::customers::scope_binds;
use crate::store::{Conn, on_conn};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DocumentRow {
    pub id: CustomerDocumentId,
    pub customer_id: CustomerId,
    pub uploader_id: UserId,
    pub uploader_name: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub stored_name: String,
    pub shared: bool,
    pub created_at: Timestamp,
}

/// A document to record (its file is already saved).
#[derive(Debug, Clone)]
pub struct NewDocument {
    pub id: CustomerDocumentId,
    pub customer_id: CustomerId,
    pub uploader_id: UserId,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub stored_name: String,
    pub shared: bool,
    pub now: Timestamp,
}

const COLUMNS: &str = "d.id, d.customer_id, d.uploader_id, u.name AS uploader_name, d.file_name,
    d.content_type, d.size_bytes, d.stored_name, d.shared, d.created_at";

/// Scope on the customer (`$1`…`$3`); a company contact sees shared ones only.
const SCOPE_SQL: &str = "($1 OR cu.owner_id = $2 OR (cu.id = $3 AND d.shared))";

impl Conn {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_customer_document(&mut self, d: &NewDocument) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO crm_customer_documents (id, customer_id, uploader_id, file_name,
                content_type, size_bytes, stored_name, shared, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
            .bind(d.id).bind(d.customer_id).bind(d.uploader_id).bind(&d.file_name)
            .bind(&d.content_type).bind(d.size_bytes).bind(&d.stored_name).bind(d.shared)
            .bind(d.now).execute(c).await.map(|_| ()))
    }

    /// The documents of one customer the caller may see, newest first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn customer_documents(
        &mut self,
        scope: CustomerScope,
        customer: CustomerId,
    ) -> Result<Vec<DocumentRow>, sqlx::Error> {
        let (all, owner, company) = scope_binds(scope);
        let sql = format!(
            "SELECT {COLUMNS} FROM crm_customer_documents d
             JOIN customers cu ON cu.id = d.customer_id JOIN users u ON u.id = d.uploader_id
             WHERE {SCOPE_SQL} AND d.customer_id = $4 ORDER BY d.created_at DESC, d.id DESC"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(customer).fetch_all(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn customer_document(
        &mut self,
        scope: CustomerScope,
        id: CustomerDocumentId,
    ) -> Result<Option<DocumentRow>, sqlx::Error> {
        let (all, owner, company) = scope_binds(scope);
        let sql = format!(
            "SELECT {COLUMNS} FROM crm_customer_documents d
             JOIN customers cu ON cu.id = d.customer_id JOIN users u ON u.id = d.uploader_id
             WHERE {SCOPE_SQL} AND d.id = $4"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(id).fetch_optional(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_customer_document(
        &mut self,
        id: CustomerDocumentId,
    ) -> Result<u64, sqlx::Error> {
        on_conn!(self, c => sqlx::query("DELETE FROM crm_customer_documents WHERE id = $1")
            .bind(id).execute(c).await.map(|r| r.rows_affected()))
    }
}
