//! Documents on a customer's file ("documentos asociados"): contracts,
//! certificates, quotes received as PDF, photos.
//!
//! The office uploads and deletes them; sellers read those of the
//! customers they own; a customer's portal contacts read the ones marked
//! `shared`. The type is sniffed from the content with the chat
//! attachments' rules ([`FileKind::sniff`]: PNG, JPEG, WebP, GIF, PDF,
//! `.txt`); anything else is `unsupported_media_type`. Files live under
//! the uploads folder with a generated name.

use std::path::PathBuf;

use crate::domain::{CustomerDocumentId, CustomerId, Permission, Timestamp, UserId};
use crate::error::{AppError, AppResult, Context, ErrorCode};
use crate::services::attachments::{FileKind, clean_file_name};
use crate::services::{Principal, Services};
use crate::store::crm::documents::{DocumentRow, NewDocument};

/// Subfolder of the uploads folder holding customer documents.
const FOLDER: &str = "customer-documents";

/// A document as listed.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct CustomerDocument {
    pub id: CustomerDocumentId,
    pub customer_id: CustomerId,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// Visible to the customer's portal contacts.
    pub shared: bool,
    pub uploader_id: UserId,
    pub uploader_name: String,
    pub created_at: Timestamp,
    /// Where to download it.
    pub url: String,
}

impl From<DocumentRow> for CustomerDocument {
    fn from(d: DocumentRow) -> Self {
        CustomerDocument {
            url: format!("/api/v1/customers/{}/documents/{}", d.customer_id, d.id),
            id: d.id,
            customer_id: d.customer_id,
            file_name: d.file_name,
            content_type: d.content_type,
            size_bytes: d.size_bytes,
            shared: d.shared,
            uploader_id: d.uploader_id,
            uploader_name: d.uploader_name,
            created_at: d.created_at,
        }
    }
}

impl Services {
    /// Checks that `who` may upload to `customer`'s file before any bytes
    /// are read (office roles, a customer that exists).
    pub async fn authorize_document_upload(
        &self,
        who: &Principal,
        customer: CustomerId,
    ) -> AppResult<()> {
        who.require(Permission::ManageCustomerDocuments)?;
        self.store
            .conn()
            .await?
            .customer(who.customer_scope(), customer)
            .await?
            .ok_or_else(|| AppError::not_found("customer"))?;
        Ok(())
    }

    /// Stores a document on a customer's file.
    pub async fn upload_customer_document(
        &self,
        who: &Principal,
        customer: CustomerId,
        file_name: &str,
        bytes: Vec<u8>,
        shared: bool,
    ) -> AppResult<CustomerDocument> {
        self.authorize_document_upload(who, customer).await?;
        let max = self.settings.uploads.max_attachment_bytes;
        if bytes.len() > max {
            return Err(AppError::new(
                ErrorCode::PayloadTooLarge,
                format!("documents may be at most {max} bytes"),
            ));
        }
        if bytes.is_empty() {
            return Err(AppError::validation("file", "the file is empty"));
        }
        let kind = FileKind::sniff(&bytes, file_name).ok_or_else(|| {
            AppError::new(
                ErrorCode::UnsupportedMediaType,
                "upload a PDF document, a PNG, JPEG, WebP or GIF image or a .txt text file",
            )
            .field("file")
        })?;
        let dir = self.settings.uploads.dir.join(FOLDER);
        tokio::fs::create_dir_all(&dir)
            .await
            .context("creating the customer documents folder")?;
        let id = CustomerDocumentId::new();
        let extension = kind
            .content_type()
            .split(['/', ';'])
            .nth(1)
            .unwrap_or("bin")
            .replace("plain", "txt");
        let stored_name = format!("{id}.{extension}");
        let path = dir.join(&stored_name);
        tokio::fs::write(&path, &bytes)
            .await
            .context("saving the customer document")?;
        let new = NewDocument {
            id,
            customer_id: customer,
            uploader_id: who.user.id,
            file_name: clean_file_name(file_name, kind),
            content_type: kind.content_type().to_string(),
            size_bytes: bytes.len() as i64,
            stored_name,
            shared,
            now: Timestamp::now(),
        };
        let recorded = async {
            let mut uow = self.begin().await?;
            uow.insert_customer_document(&new).await?;
            let row = uow
                .customer_document(who.customer_scope(), id)
                .await?
                .ok_or_else(|| AppError::not_found("document"))?;
            uow.commit().await?;
            Ok::<_, AppError>(row)
        }
        .await;
        match recorded {
            Ok(row) => Ok(row.into()),
            Err(e) => {
                // Best effort: a file nobody references is only wasted space.
                let _ = tokio::fs::remove_file(&path).await;
                Err(e)
            }
        }
    }

    /// The documents of a customer the caller may see (a portal contact:
    /// the shared ones of their company).
    pub async fn customer_documents(
        &self,
        who: &Principal,
        customer: CustomerId,
    ) -> AppResult<Vec<CustomerDocument>> {
        who.require(Permission::ReadCustomers)?;
        let mut conn = self.store.conn().await?;
        conn.customer(who.customer_scope(), customer)
            .await?
            .ok_or_else(|| AppError::not_found("customer"))?;
        Ok(conn
            .customer_documents(who.customer_scope(), customer)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// A document and the path of its file; `not_found` for anyone who may
    /// not see it.
    pub async fn customer_document_file(
        &self,
        who: &Principal,
        customer: CustomerId,
        id: CustomerDocumentId,
    ) -> AppResult<(CustomerDocument, PathBuf)> {
        who.require(Permission::ReadCustomers)?;
        let row = self
            .store
            .conn()
            .await?
            .customer_document(who.customer_scope(), id)
            .await?
            .filter(|d| d.customer_id == customer)
            .ok_or_else(|| AppError::not_found("document"))?;
        let path = self
            .settings
            .uploads
            .dir
            .join(FOLDER)
            .join(&row.stored_name);
        Ok((row.into(), path))
    }

    /// Deletes a document and its file (office roles).
    pub async fn delete_customer_document(
        &self,
        who: &Principal,
        customer: CustomerId,
        id: CustomerDocumentId,
    ) -> AppResult<()> {
        who.require(Permission::ManageCustomerDocuments)?;
        let mut uow = self.begin().await?;
        let row = uow
            .customer_document(who.customer_scope(), id)
            .await?
            .filter(|d| d.customer_id == customer)
            .ok_or_else(|| AppError::not_found("document"))?;
        uow.delete_customer_document(id).await?;
        uow.commit().await?;
        let path = self
            .settings
            .uploads
            .dir
            .join(FOLDER)
            .join(&row.stored_name);
        // Best effort: the row is gone, a leftover file is only space.
        let _ = tokio::fs::remove_file(&path).await;
        Ok(())
    }
}
