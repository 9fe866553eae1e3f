//! One error type for the whole server, rendered as RFC 9457
//! `application/problem+json` with a stable snake_case `code` the client
//! translates.
//!
//! Every failure a person can cause has its own [`ErrorCode`]; the HTTP
//! status is derived from the code in one exhaustive `match`, so adding a code
//! forces a decision about its status. Internal failures keep their cause for
//! the log and show only `internal` to the caller.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

/// Stable, machine-readable error codes (serialized snake_case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    // 400
    MalformedJson,
    MalformedRequest,
    // 401
    Unauthenticated,
    InvalidCredentials,
    // 403
    Forbidden,
    AccountDisabled,
    /// A state-changing request signed in by the session cookie that does not
    /// come from the site itself (its `Origin` is foreign or missing).
    CrossSiteRequest,
    // 404
    NotFound,
    // 405
    /// The path exists (or is the API's) but not with this method.
    MethodNotAllowed,
    // 409
    EmailTaken,
    TaxIdTaken,
    Conflict,
    /// An order may close only when its balance is exactly zero.
    BalanceNotZero,
    /// A payment method that payments refer to cannot be deleted (deactivate it).
    MethodInUse,
    /// The order is closed: no more payments, no second closing.
    OrderClosed,
    /// Only a closed order can be reopened.
    OrderNotClosed,
    /// The survey was already answered.
    SurveyAnswered,
    /// The order is deactivated: it keeps its history but takes no payments.
    OrderInactive,
    /// A payment method with that name exists already.
    MethodNameTaken,
    /// Only a draft quote version changes in place (a sent one gets a new version).
    QuoteNotEditable,
    /// The quote version is not (or no longer) waiting for an answer.
    QuoteNotAnswerable,
    /// Only an opportunity in `proposal` or `negotiation` gets a quote.
    OpportunityNotQuotable,
    /// The quote version passed its validity date.
    QuoteExpired,
    /// A newer version of the quote replaced this one.
    QuoteSuperseded,
    /// A catalog item with that SKU exists already.
    SkuTaken,
    /// Not enough stock available for the move; the problem carries `available`.
    InsufficientStock,
    /// More received on a purchase order line than is outstanding, without
    /// the explicit confirmation (`confirm_over_receipt`).
    OverReceipt,
    /// The purchase order is not in a state that allows this (receiving on
    /// a cancelled or finished order, editing a sent one...).
    PurchaseOrderNotOpen,
    /// The customer's credit limit would be exceeded (refused for roles the
    /// credit-limit setting does not let through).
    CreditLimitExceeded,
    /// Nobody to send a document to (no e-mail, no portal contact).
    NoRecipients,
    // 413 / 415
    PayloadTooLarge,
    UnsupportedMediaType,
    // 422
    ValidationFailed,
    InvalidEmail,
    InvalidTaxId,
    InvalidMoney,
    WeakPassword,
    InvalidToken,
    InvalidCursor,
    EngineHoursDecreased,
    InvalidImage,
    InvalidTransition,
    /// The survey can no longer be answered.
    SurveyExpired,
    /// A payment larger than what is still owed on the order.
    AmountExceedsBalance,
    // 429
    TooManyAttempts,
    // 500 / 503
    Internal,
    Unavailable,
}

impl ErrorCode {
    pub fn status(self) -> StatusCode {
        use ErrorCode::*;
        match self {
            MalformedJson | MalformedRequest => StatusCode::BAD_REQUEST,
            Unauthenticated | InvalidCredentials => StatusCode::UNAUTHORIZED,
            Forbidden | AccountDisabled | CrossSiteRequest => StatusCode::FORBIDDEN,
            NotFound => StatusCode::NOT_FOUND,
            MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            EmailTaken
            | TaxIdTaken
            | Conflict
            | BalanceNotZero
            | MethodInUse
            | OrderClosed
            | OrderInactive
            | MethodNameTaken
            | SurveyAnswered
            | OrderNotClosed
            | QuoteNotEditable
            | QuoteNotAnswerable
            | OpportunityNotQuotable
            | QuoteExpired
            | QuoteSuperseded
            | SkuTaken
            | InsufficientStock
            | OverReceipt
            | PurchaseOrderNotOpen
            | CreditLimitExceeded
            | NoRecipients => StatusCode::CONFLICT,
            PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ValidationFailed | InvalidEmail | InvalidTaxId | InvalidMoney | WeakPassword
            | InvalidToken | InvalidCursor | EngineHoursDecreased | InvalidImage
            | InvalidTransition | AmountExceedsBalance | SurveyExpired => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    pub fn as_str(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// The error every service and route returns.
pub struct AppError {
    pub code: ErrorCode,
    /// Human explanation shown to the caller (English; the client translates `code`).
    pub detail: String,
    /// The offending input field, when there is one (a query parameter or a
    /// JSON path such as `lines[0].description` may be named at run time).
    pub field: Option<Cow<'static, str>>,
    /// Seconds until a throttled caller may try again.
    pub retry_after: Option<u64>,
    /// `insufficient_stock`: what was available (decimal text).
    pub available: Option<String>,
    /// The cause of an internal error: logged, never sent.
    source: Option<anyhow::Error>,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        AppError {
            code,
            detail: detail.into(),
            field: None,
            retry_after: None,
            available: None,
            source: None,
        }
    }
    pub fn field(mut self, field: impl Into<Cow<'static, str>>) -> Self {
        self.field = Some(field.into());
        self
    }
    pub fn unauthenticated() -> Self {
        Self::new(ErrorCode::Unauthenticated, "sign in first")
    }
    pub fn forbidden() -> Self {
        Self::new(ErrorCode::Forbidden, "your role does not allow this action")
    }
    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found"))
    }
    pub fn validation(field: &'static str, detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::ValidationFailed, detail).field(field)
    }
    pub fn internal(source: anyhow::Error) -> Self {
        AppError {
            source: Some(source),
            ..Self::new(ErrorCode::Internal, "an unexpected error occurred")
        }
    }
}

impl fmt::Debug for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.code, self.detail)?;
        if let Some(source) = &self.source {
            write!(f, " ({source:#})")?;
        }
        Ok(())
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.detail)
    }
}

impl std::error::Error for AppError {}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::internal(anyhow::Error::new(e).context("database"))
    }
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        AppError::internal(e)
    }
}

/// The problem+json body.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// Always `about:blank`: the `code` identifies the problem.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: String,
    pub status: u16,
    pub code: ErrorCode,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub field: Option<Cow<'static, str>>,
    /// `insufficient_stock` only: the quantity that was available.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available: Option<String>,
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        self.code.status()
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        if status.is_server_error() {
            tracing::error!(error = ?self, "request failed");
        } else {
            tracing::debug!(code = ?self.code, detail = %self.detail, "request refused");
        }
        let mut response = HttpResponse::build(status);
        response.content_type("application/problem+json");
        if let Some(seconds) = self.retry_after {
            response.insert_header(("Retry-After", seconds.to_string()));
        }
        response.json(Problem {
            kind: "about:blank",
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            code: self.code,
            detail: self.detail.clone(),
            field: self.field.clone(),
            available: self.available.clone(),
        })
    }
}

/// `.context("...")` for store and I/O results inside services.
pub trait Context<T> {
    fn context(self, what: &'static str) -> AppResult<T>;
}

impl<T, E: Into<anyhow::Error>> Context<T> for Result<T, E> {
    fn context(self, what: &'static str) -> AppResult<T> {
        self.map_err(|e| AppError::internal(e.into().context(what)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_snake_case() {
        assert_eq!(ErrorCode::InvalidTaxId.as_str(), "invalid_tax_id");
        assert_eq!(ErrorCode::EmailTaken.as_str(), "email_taken");
        assert_eq!(ErrorCode::TooManyAttempts.status().as_u16(), 429);
        assert_eq!(ErrorCode::InvalidTransition.as_str(), "invalid_transition");
        assert_eq!(ErrorCode::InvalidTransition.status().as_u16(), 422);
        assert_eq!(ErrorCode::BalanceNotZero.as_str(), "balance_not_zero");
        assert_eq!(ErrorCode::BalanceNotZero.status().as_u16(), 409);
        assert_eq!(ErrorCode::MethodInUse.as_str(), "method_in_use");
    }
}
