//! Response headers set at the edge, for every response that does not set
//! its own (print views and file downloads keep theirs):
//!
//! - everywhere: `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`
//!   and a `Referrer-Policy` (`same-origin`; `no-referrer` on the pages that
//!   carry a secret token in their URL: the QR order page `/o/…`, the survey
//!   `/s/…`, password set/reset and unsubscribe links, and their API calls);
//! - the web client (everything outside `/api`): a `Content-Security-Policy` that the
//!   Vite build and Mantine work with (no inline scripts; inline styles,
//!   which Mantine's style props need) and `frame-ancestors 'none'`;
//! - the API (`/api/v1/…`): `Cache-Control: no-store`, since its JSON holds
//!   private data that no shared or browser cache should keep;
//! - a method the API does not serve (`TRACE`, or `DELETE` on a read-only
//!   path) answers 405 problem+json, not the web client's HTML, with an
//!   `Allow` header naming the methods the API document lists for the path.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpResponse, ResponseError};

use crate::error::{AppError, ErrorCode};

/// The client pages' Content-Security-Policy.
pub const CLIENT_CSP: &str = "default-src 'self'; script-src 'self'; \
style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; \
connect-src 'self'; worker-src 'self'; manifest-src 'self'; media-src 'self' blob:; \
object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Paths whose URL carries a secret token: no Referer leaves them.
fn carries_token(path: &str) -> bool {
    path.starts_with("/o/")
        || path.starts_with("/s/")
        || path.starts_with("/reset-password")
        || path.starts_with("/set-password")
        || path.starts_with("/unsubscribe")
        || path.starts_with("/api/v1/public/")
        || path.contains("unsubscribe")
}

/// Is this request for the API (or an operations endpoint), where an
/// unserved method must be a problem, never the client?
fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
        || path == "/api"
        || matches!(path, "/healthz" | "/readyz" | "/metrics")
}

/// Methods that some route serves; anything else on the API is 405 at once.
fn is_known_method(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET
            | Method::HEAD
            | Method::POST
            | Method::PUT
            | Method::PATCH
            | Method::DELETE
            | Method::OPTIONS
    )
}

pub fn method_not_allowed() -> HttpResponse {
    AppError::new(
        ErrorCode::MethodNotAllowed,
        "this method is not served on this path",
    )
    .error_response()
}

/// Middleware (`wrap_fn`) applying the rules of the module documentation.
pub fn edge_headers<S, B>(req: ServiceRequest, srv: &S) -> crate::http::input::EdgeFuture<B>
where
    S: actix_web::dev::Service<
            ServiceRequest,
            Response = ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    S::Future: 'static,
    B: MessageBody + 'static,
{
    let path = req.path().to_string();
    let api = is_api(&path);
    let method = req.method().clone();
    if api && !is_known_method(&method) {
        let mut res = req
            .into_response(method_not_allowed())
            .map_into_right_body();
        set_headers(&mut res, &path, api);
        return Box::pin(async move { Ok(res) });
    }
    let fut = srv.call(req);
    Box::pin(async move {
        let res = fut.await?;
        // A method the API document does not list for the path, that no
        // route served (it fell through to a default service): 405, never
        // the client.
        let unrouted = api
            && !res.status().is_success()
            && method != Method::OPTIONS
            && crate::http::openapi::allowed_methods(&path)
                .is_some_and(|allowed| !allowed.split(", ").any(|m| m == method.as_str()));
        let mut res =
            if unrouted || (res.status() == StatusCode::METHOD_NOT_ALLOWED && !is_problem(&res)) {
                let (req, _) = res.into_parts();
                ServiceResponse::new(req, method_not_allowed()).map_into_right_body()
            } else {
                res.map_into_left_body()
            };
        set_headers(&mut res, &path, api);
        Ok(res)
    })
}

/// RFC 9110: a 405 says which methods the path does serve (from the API
/// document, see [`crate::http::openapi::allowed_methods`]).
/// The web client's pages are only read.
fn set_allow<B>(res: &mut ServiceResponse<B>, path: &str, api: bool) {
    let methods = || {
        if api {
            crate::http::openapi::allowed_methods(path)
        } else {
            Some("GET, HEAD".to_string())
        }
    };
    if res.status() == StatusCode::METHOD_NOT_ALLOWED
        && !res.headers().contains_key(header::ALLOW)
        && let Some(methods) = methods()
        && let Ok(value) = HeaderValue::from_str(&methods)
    {
        res.headers_mut().insert(header::ALLOW, value);
    }
}

fn is_problem<B>(res: &ServiceResponse<B>) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json"))
}

fn set_headers<B>(res: &mut ServiceResponse<B>, path: &str, api: bool) {
    set_allow(res, path, api);
    let headers = res.headers_mut();
    let mut default = |name: HeaderName, value: &'static str| {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    };
    default(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    default(header::X_FRAME_OPTIONS, "DENY");
    default(
        header::REFERRER_POLICY,
        if carries_token(path) {
            "no-referrer"
        } else {
            "same-origin"
        },
    );
    // Everything outside /api is the web client (pages, scripts, the service
    // worker, icons); the API docs page keeps Swagger UI's own needs.
    if !api {
        default(header::CONTENT_SECURITY_POLICY, CLIENT_CSP);
    }
    if api && path.starts_with("/api/v1/") {
        default(header::CACHE_CONTROL, "no-store");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_pages_send_no_referrer() {
        assert!(carries_token("/o/abc"));
        assert!(carries_token("/s/abc"));
        assert!(carries_token("/reset-password"));
        assert!(carries_token("/api/v1/public/orders/abc"));
        assert!(!carries_token("/orders/abc"));
        assert!(is_api("/api/v1/customers"));
        assert!(is_api("/api/openapi.json"));
        assert!(!is_api("/apidocs"));
        assert!(!is_known_method(&Method::TRACE));
    }
}
