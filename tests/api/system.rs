//! Health, readiness, metrics, API docs and schema parity.

use crate::helpers::*;

async fn health_readiness_metrics_and_docs(app: TestApp) {
    let s = app.anonymous();
    assert_eq!(s.get("/healthz").await.status(), 200);
    assert_eq!(s.get("/readyz").await.status(), 200);
    let r = s.get("/api/v1/auth/me").await;
    assert_problem(r, 401, "unauthenticated").await;
    // No metrics token configured: /metrics is not served.
    assert_problem(s.get("/metrics").await, 404, "not_found").await;
    let doc = json_ok(s.get("/api/openapi.json").await, 200).await;
    assert!(doc["paths"]["/api/v1/auth/login"].is_object());
    assert!(doc["paths"]["/api/v1/customers"].is_object());
    let ui = s.get("/api/docs/").await;
    assert_eq!(ui.status(), 200);
    assert!(ui.text().await.unwrap().contains("swagger"));
    assert_problem(s.get("/api/v1/nothing-here").await, 404, "not_found").await;
}

/// Issue 12 §5: `/metrics` was public. It answers only a scraper that sends
/// the configured bearer token.
async fn metrics_need_the_bearer_token(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        s.metrics.bearer_token = faena::config::Secret::new("scrape-me-0123456789");
    })
    .await;
    let s = app.anonymous();
    s.get("/healthz").await;
    assert_problem(s.get("/metrics").await, 401, "unauthenticated").await;
    let client = reqwest::Client::new();
    let url = format!("{}/metrics", app.address);
    let wrong = client
        .get(&url)
        .bearer_auth("scrape-me")
        .send()
        .await
        .unwrap();
    assert_problem(wrong, 401, "unauthenticated").await;
    // A signed-in session is not the metrics token either.
    let admin = {
        app.load_demo().await;
        app.login_as("master").await
    };
    assert_problem(admin.get("/metrics").await, 401, "unauthenticated").await;
    let r = client
        .get(&url)
        .bearer_auth("scrape-me-0123456789")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    assert!(text.contains("http_requests_total"), "{text}");
}

fn header(r: &reqwest::Response, name: &str) -> String {
    r.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

/// Issue 12 §5: client pages sent no CSP, no frame protection, no nosniff,
/// no Referrer-Policy; API JSON with private data had no `no-store`.
async fn security_headers_on_pages_and_the_api(app: TestApp) {
    app.load_demo().await;
    let s = app.anonymous();
    for page in ["/", "/login", "/orders/123", "/favicon.svg"] {
        let r = s.get(page).await;
        let csp = header(&r, "content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'"), "{page}: {csp}");
        assert!(csp.contains("default-src 'self'"), "{page}: {csp}");
        assert!(csp.contains("script-src 'self'"), "{page}: {csp}");
        assert!(!csp.contains("unsafe-eval"), "{page}: {csp}");
        assert_eq!(header(&r, "x-frame-options"), "DENY", "{page}");
        assert_eq!(header(&r, "x-content-type-options"), "nosniff", "{page}");
        assert_eq!(header(&r, "referrer-policy"), "same-origin", "{page}");
    }
    // Pages whose URL carries a secret send no Referer anywhere.
    for page in [
        "/o/some-qr-token",
        "/s/some-survey-token",
        "/reset-password?token=x",
        "/set-password?token=x",
    ] {
        let r = s.get(page).await;
        assert_eq!(header(&r, "referrer-policy"), "no-referrer", "{page}");
        assert!(header(&r, "content-security-policy").contains("frame-ancestors 'none'"));
    }
    // The API: private JSON is never cached, refusals included.
    let admin = app.login_as("admin").await;
    for path in ["/api/v1/auth/me", "/api/v1/customers", "/api/v1/orders"] {
        let r = admin.get(path).await;
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(header(&r, "cache-control"), "no-store", "{path}");
        assert_eq!(header(&r, "x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header(&r, "x-frame-options"), "DENY", "{path}");
    }
    let r = s.get("/api/v1/auth/me").await;
    assert_eq!(header(&r, "cache-control"), "no-store");
    assert_problem(r, 401, "unauthenticated").await;
    // The QR page's own API call sends no Referer either.
    let r = s.get("/api/v1/public/orders/nothing").await;
    assert_eq!(header(&r, "referrer-policy"), "no-referrer");
}

both_backends!(
    health_readiness_metrics_and_docs,
    security_headers_on_pages_and_the_api
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_need_the_bearer_token_sqlite() {
    metrics_need_the_bearer_token(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_need_the_bearer_token_postgres() {
    metrics_need_the_bearer_token(Backend::Postgres).await;
}

/// Both migration sets produce the same tables and columns.
#[tokio::test]
async fn sqlite_and_postgres_schemas_match() {
    let dir = tempfile::tempdir().unwrap();
    let mut schemas = Vec::new();
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let url = fresh_database(backend, dir.path()).await;
        let store = faena::store::Store::connect(&url, 2).await.unwrap();
        store.migrate().await.unwrap();
        schemas.push(store.schema_columns().await.unwrap());
    }
    assert!(!schemas[0].is_empty());
    assert_eq!(
        schemas[0], schemas[1],
        "SQLite and PostgreSQL schemas differ"
    );
}
