//! Health, readiness, metrics, API docs and schema parity.

use crate::helpers::*;

async fn health_readiness_metrics_and_docs(app: TestApp) {
    let s = app.anonymous();
    assert_eq!(s.get("/healthz").await.status(), 200);
    assert_eq!(s.get("/readyz").await.status(), 200);
    let r = s.get("/api/v1/auth/me").await;
    assert_problem(r, 401, "unauthenticated").await;
    let metrics = s.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains("http_requests_total"), "{metrics}");
    let doc = json_ok(s.get("/api/openapi.json").await, 200).await;
    assert!(doc["paths"]["/api/v1/auth/login"].is_object());
    assert!(doc["paths"]["/api/v1/customers"].is_object());
    let ui = s.get("/api/docs/").await;
    assert_eq!(ui.status(), 200);
    assert!(ui.text().await.unwrap().contains("swagger"));
    assert_problem(s.get("/api/v1/nothing-here").await, 404, "not_found").await;
}

both_backends!(health_readiness_metrics_and_docs);

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
