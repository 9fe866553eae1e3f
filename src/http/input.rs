//! The edge rules for input, the same on every backend:
//!
//! - **NUL**: a NUL character anywhere in the path, a query parameter or a
//!   JSON string is refused with 422 `validation_failed` naming the field
//!   (`path`, the query parameter, or the JSON path such as
//!   `lines[0].description`). PostgreSQL cannot store NUL and SQLite would
//!   keep it invisibly, so it never reaches a service. ([`refuse_nul`], a
//!   middleware around the whole application, and [`Json`].)
//! - **Shape**: a JSON body must be an object ([`Json`]) — serde would
//!   otherwise accept `[null, null]` for a struct — or, for the endpoints that
//!   take a list, an array ([`JsonList`]).
//!
//! - **Numbers**: an integral float (`5.0`) is the integer it equals, as
//!   JSON Schema counts it.
//!
//! Routes take `Json<T>` / `JsonList<T>` from here instead of `web::Json`
//! (which stays the response type).

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::{FromRequest, HttpRequest, ResponseError, web};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{AppError, ErrorCode};

/// The first JSON string (key or value) holding a NUL, as a path.
pub fn nul_in_json(value: &Value) -> Option<String> {
    fn walk(value: &Value, path: &mut String) -> bool {
        match value {
            Value::String(s) => s.contains('\0'),
            Value::Array(items) => items.iter().enumerate().any(|(i, item)| {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                let found = walk(item, path);
                if !found {
                    path.truncate(len);
                }
                found
            }),
            Value::Object(map) => map.iter().any(|(key, item)| {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                // A NUL in a key is named without the NUL itself.
                path.push_str(&key.replace('\0', "\\u0000"));
                let found = key.contains('\0') || walk(item, path);
                if !found {
                    path.truncate(len);
                }
                found
            }),
            _ => false,
        }
    }
    let mut path = String::new();
    walk(value, &mut path).then(|| if path.is_empty() { "body".into() } else { path })
}

fn nul_refused(field: impl Into<Cow<'static, str>>) -> AppError {
    AppError::new(
        ErrorCode::ValidationFailed,
        "the text contains a NUL character",
    )
    .field(field)
}

/// The field of the request line that holds a NUL, if any: `path` or the
/// (decoded) name of the query parameter.
pub fn nul_in_request_line(path: &str, query: &str) -> Option<Cow<'static, str>> {
    if path.contains("%00") || path.contains('\0') {
        return Some("path".into());
    }
    if !query.contains("%00") && !query.contains('\0') {
        return None;
    }
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        if key.contains('\0') || value.contains('\0') {
            let name: String = key.replace('\0', "").chars().take(64).collect();
            return Some(if name.is_empty() {
                "query".into()
            } else {
                name.into()
            });
        }
    }
    None
}

/// What an edge middleware (`wrap_fn`) returns: the service's answer, or its
/// own refusal.
pub type EdgeFuture<B> =
    Pin<Box<dyn Future<Output = Result<ServiceResponse<EitherBody<B>>, actix_web::Error>>>>;

/// Middleware (`wrap_fn`): refuses a NUL in the path or the query string
/// before routing, for the API, the client pages and everything else.
pub fn refuse_nul<S, B>(req: ServiceRequest, srv: &S) -> EdgeFuture<B>
where
    S: actix_web::dev::Service<
            ServiceRequest,
            Response = ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    S::Future: 'static,
    B: MessageBody + 'static,
{
    if let Some(field) = nul_in_request_line(req.path(), req.query_string()) {
        let response = nul_refused(field).error_response().map_into_right_body();
        return Box::pin(async move { Ok(req.into_response(response)) });
    }
    let fut = srv.call(req);
    Box::pin(async move { fut.await.map(ServiceResponse::map_into_left_body) })
}

/// `5.0` is the integer 5 to JSON Schema (and to the API document), so an
/// integer field takes it; `5.5` stays a float and is refused there. (Money
/// and quantities are strings, never numbers.) Every integral float inside
/// the 64-bit range converts exactly (`2^53` as `9007199254740992.0` too).
fn integral_floats_as_integers(value: &mut Value) {
    /// 2^63: the first float outside `i64`.
    const I64_END: f64 = 9_223_372_036_854_775_808.0;
    match value {
        Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64()
                && f.fract() == 0.0
                && (-I64_END..I64_END).contains(&f)
            {
                *value = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_floats_as_integers),
        Value::Object(map) => map.values_mut().for_each(integral_floats_as_integers),
        _ => {}
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Object,
    Array,
}

/// Reads the body with the app's `JsonConfig` (limit, content type, error
/// codes), then applies the edge rules and deserializes.
async fn read_json<T: DeserializeOwned>(
    req: HttpRequest,
    mut payload: Payload,
    shape: Shape,
) -> Result<T, actix_web::Error> {
    let mut value = web::Json::<Value>::from_request(&req, &mut payload)
        .await?
        .into_inner();
    integral_floats_as_integers(&mut value);
    if let Some(field) = nul_in_json(&value) {
        return Err(nul_refused(field).into());
    }
    match (shape, &value) {
        (Shape::Object, Value::Object(_)) | (Shape::Array, Value::Array(_)) => {}
        (Shape::Object, _) => {
            return Err(AppError::new(
                ErrorCode::ValidationFailed,
                "the body must be a JSON object",
            )
            .field("body")
            .into());
        }
        (Shape::Array, _) => {
            return Err(AppError::new(
                ErrorCode::ValidationFailed,
                "the body must be a JSON array",
            )
            .field("body")
            .into());
        }
    }
    serde_json::from_value(value)
        .map_err(|e| AppError::new(ErrorCode::ValidationFailed, e.to_string()).into())
}

/// A JSON object body (see the module documentation).
pub struct Json<T>(pub T);

impl<T> Json<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Json<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let payload = payload.take();
        Box::pin(async move { read_json(req, payload, Shape::Object).await.map(Json) })
    }
}

/// A JSON array body (see the module documentation).
pub struct JsonList<T>(pub Vec<T>);

impl<T> JsonList<T> {
    pub fn into_inner(self) -> Vec<T> {
        self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for JsonList<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let payload = payload.take();
        Box::pin(async move { read_json(req, payload, Shape::Array).await.map(JsonList) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nul_is_found_and_named() {
        assert_eq!(nul_in_json(&json!({"a": "x", "b": 1})), None);
        assert_eq!(
            nul_in_json(&json!({"subject": "a\u{0}b"})).as_deref(),
            Some("subject")
        );
        assert_eq!(
            nul_in_json(&json!({"lines": [{"d": "ok"}, {"d": "\u{0}"}]})).as_deref(),
            Some("lines[1].d")
        );
        assert_eq!(nul_in_json(&json!("\u{0}")).as_deref(), Some("body"));
        assert_eq!(
            nul_in_request_line("/api/v1/public/orders/%00", ""),
            Some("path".into())
        );
        assert_eq!(
            nul_in_request_line("/api/v1/customers", "q=%00"),
            Some("q".into())
        );
        assert_eq!(
            nul_in_request_line("/api/v1/customers", "limit=5&q=a%00b"),
            Some("q".into())
        );
        assert_eq!(nul_in_request_line("/api/v1/customers", "q=%2500"), None);
        assert_eq!(nul_in_request_line("/api/v1/customers", "q=abc"), None);
    }

    #[test]
    fn integral_floats_are_the_integers_they_equal() {
        let mut v = json!({"a": 5.0, "b": [9007199254740992.0, -3.0], "c": 5.5, "d": 1e19});
        integral_floats_as_integers(&mut v);
        assert_eq!(v["a"], json!(5));
        assert_eq!(v["b"], json!([9_007_199_254_740_992_i64, -3]));
        assert!(v["c"].is_f64(), "a fraction stays a float");
        assert!(v["d"].is_f64(), "outside i64 stays a float");
        // Parsed from text exactly (serde_json's `float_roundtrip`): the
        // fast parser read this one as ...945.5 and refused it.
        let mut v: Value = serde_json::from_str(r#"{"hours": 3977068611212946.0}"#).unwrap();
        integral_floats_as_integers(&mut v);
        assert_eq!(v["hours"], json!(3_977_068_611_212_946_i64));
    }
}
