//! Logs (tracing) and metrics (Prometheus text at `/metrics`).
//!
//! Request logs never carry secrets from the URL: the root span of every
//! request ([`RedactedRootSpan`]) names the target with token-like query
//! values (`token=`, `code=`, `key=`, `secret=`, `password=`, …) and the
//! token segment of the QR, survey and public API paths replaced by
//! `REDACTED`. Connection-level errors a client can cause at will (a request
//! head too large for the server: 431) are not logged at ERROR, so clients
//! cannot fill the error log.

use std::sync::OnceLock;

use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder};
use tracing_subscriber::EnvFilter;

/// Targets whose ERROR events are client-caused connection noise: actix's
/// HTTP/1 dispatcher reports an oversized request head (after answering 431)
/// as `stream error`. `RUST_LOG=actix_http=trace` still shows them.
const QUIET_TARGETS: &[&str] = &["actix_http::h1::dispatcher"];

/// The log filter: `RUST_LOG` or `default_filter`, with the client-caused
/// connection errors silenced unless the filter names actix_http itself.
pub fn log_filter(default_filter: &str) -> EnvFilter {
    let text = std::env::var("RUST_LOG").unwrap_or_else(|_| default_filter.to_string());
    let mut filter = EnvFilter::try_new(&text).unwrap_or_else(|_| EnvFilter::new(default_filter));
    if !text.contains("actix_http") {
        for target in QUIET_TARGETS {
            if let Ok(directive) = format!("{target}=off").parse() {
                filter = filter.add_directive(directive);
            }
        }
    }
    filter
}

/// Installs the log subscriber once; later calls (tests) are no-ops.
pub fn init_logs(default_filter: &str) {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(log_filter(default_filter))
        .with_target(false)
        .try_init();
}

/// Query parameters whose values are secrets.
fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    [
        "token",
        "secret",
        "password",
        "passwd",
        "signature",
        "api_key",
        "apikey",
        "session",
    ]
    .iter()
    .any(|k| key.contains(k))
        || matches!(
            key.as_str(),
            "code" | "key" | "sig" | "auth" | "t" | "otp" | "state"
        )
}

/// Path prefixes whose next segment is a secret token.
const TOKEN_PATHS: &[&str] = &[
    "/o/",
    "/s/",
    "/api/v1/public/orders/",
    "/api/v1/public/surveys/",
];

/// The request target as logged: secrets in the path and query replaced.
pub fn redact_target(path: &str, query: &str) -> String {
    let mut out = String::with_capacity(path.len() + query.len() + 1);
    match TOKEN_PATHS.iter().find(|p| path.starts_with(*p)) {
        Some(prefix) => {
            let rest = &path[prefix.len()..];
            out.push_str(prefix);
            out.push_str("REDACTED");
            if let Some(slash) = rest.find('/') {
                out.push_str(&rest[slash..]);
            }
        }
        None => out.push_str(path),
    }
    if !query.is_empty() {
        out.push('?');
        for (i, pair) in query.split('&').enumerate() {
            if i > 0 {
                out.push('&');
            }
            match pair.split_once('=') {
                Some((key, _)) if is_secret_key(key) => {
                    out.push_str(key);
                    out.push_str("=REDACTED");
                }
                _ => out.push_str(pair),
            }
        }
    }
    out
}

/// The root span of each request, as tracing-actix-web's default but with
/// [`redact_target`] for `http.target` and no URL-derived names elsewhere.
pub struct RedactedRootSpan;

impl RootSpanBuilder for RedactedRootSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "unmatched".into());
        let request_id = request
            .extensions()
            .get::<tracing_actix_web::RequestId>()
            .map(|id| id.to_string())
            .unwrap_or_default();
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.route = %route,
            http.target = %redact_target(request.path(), request.query_string()),
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            request_id = %request_id,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(
        span: Span,
        outcome: &Result<ServiceResponse<B>, actix_web::Error>,
    ) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

static METRICS: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Installs the global metrics recorder once per process.
pub fn init_metrics() {
    METRICS.get_or_init(|| PrometheusBuilder::new().install_recorder().ok());
}

pub fn render_metrics() -> String {
    init_metrics();
    METRICS
        .get()
        .and_then(|h| h.as_ref())
        .map(|h| h.render())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};
    use tracing_subscriber::layer::SubscriberExt;

    #[test]
    fn token_like_values_are_redacted() {
        assert_eq!(
            redact_target("/api/v1/notifications/unsubscribe", "token=abc123&lang=es"),
            "/api/v1/notifications/unsubscribe?token=REDACTED&lang=es"
        );
        assert_eq!(
            redact_target("/reset-password", "code=1&key=2&access_token=3&q=ana"),
            "/reset-password?code=REDACTED&key=REDACTED&access_token=REDACTED&q=ana"
        );
        assert_eq!(redact_target("/o/SECRET", ""), "/o/REDACTED");
        assert_eq!(
            redact_target("/api/v1/public/orders/SECRET/photos/1", ""),
            "/api/v1/public/orders/REDACTED/photos/1"
        );
        assert_eq!(
            redact_target("/api/v1/customers", "q=ana&limit=5"),
            "/api/v1/customers?q=ana&limit=5"
        );
    }

    /// Issue 12 §5: an oversized request head made actix log `stream error`
    /// at ERROR, so any client could fill the error log.
    #[test]
    fn client_caused_stream_errors_are_not_logged() {
        #[derive(Clone, Default)]
        struct Capture(Arc<Mutex<Vec<String>>>);
        impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Capture {
            fn on_event(
                &self,
                event: &tracing::Event<'_>,
                _: tracing_subscriber::layer::Context<'_, S>,
            ) {
                self.0
                    .lock()
                    .unwrap()
                    .push(event.metadata().target().to_string());
            }
        }
        let capture = Capture::default();
        let subscriber = tracing_subscriber::registry()
            .with(log_filter("info"))
            .with(capture.clone());
        tracing::subscriber::with_default(subscriber, || {
            tracing::error!(target: "actix_http::h1::dispatcher", "stream error: request head too large");
            tracing::error!(target: "faena::app", "a real failure");
        });
        assert_eq!(*capture.0.lock().unwrap(), vec!["faena::app".to_string()]);
    }
}
