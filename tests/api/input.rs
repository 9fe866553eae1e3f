//! Bad input (issue 12 §4), the same on both backends: NUL anywhere → 422
//! naming the field; one cleaning rule for human text; one syntax and one
//! bound for money; a JSON array is no object; unserved methods on the API
//! are 405 problem+json.

use reqwest::Method;
use serde_json::{Value, json};

use crate::customers::{FIRST_DEMO, customer_id, rif};
use crate::helpers::*;

async fn field_of(r: reqwest::Response, status: u16, code: &str) -> Value {
    assert_problem(r, status, code).await["field"].clone()
}

async fn nul_anywhere_is_refused_naming_the_field(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let customer = customer_id(&admin, FIRST_DEMO).await;

    // Body fields (PostgreSQL answered 500, SQLite stored it).
    let r = admin
        .post(
            "/api/v1/tickets",
            json!({"customer_id": customer, "type": "technical_support", "subject": "a\u{0}b", "description": ""}),
        )
        .await;
    assert_eq!(field_of(r, 422, "validation_failed").await, "subject");
    let r = admin
        .post(
            "/api/v1/maintenance-requests",
            json!({"customer_id": customer, "description": "ruido\u{0}"}),
        )
        .await;
    assert_eq!(field_of(r, 422, "validation_failed").await, "description");
    let r = admin
        .post(
            "/api/v1/customers",
            json!({"name": "Ana", "tax_id": rif(55_667_788), "contacts": [{"name": "\u{0}"}]}),
        )
        .await;
    assert_eq!(
        field_of(r, 422, "validation_failed").await,
        "contacts[0].name"
    );

    // Search filters (SQLite returned every row).
    for list in ["customers", "orders", "tickets", "payments", "parts"] {
        let r = admin.get(&format!("/api/v1/{list}?q=%00")).await;
        assert_eq!(field_of(r, 422, "validation_failed").await, "q", "{list}");
        let r = admin.get(&format!("/api/v1/{list}?limit=5&q=a%00b")).await;
        assert_eq!(field_of(r, 422, "validation_failed").await, "q", "{list}");
    }
    // Path segments, signed in or not.
    let anonymous = app.anonymous();
    let r = anonymous.get("/api/v1/public/orders/%00").await;
    assert_eq!(field_of(r, 422, "validation_failed").await, "path");
    let r = admin.get("/api/v1/customers/%00").await;
    assert_eq!(field_of(r, 422, "validation_failed").await, "path");

    // An escaped percent sign is ordinary text.
    json_ok(admin.get("/api/v1/customers?q=%2500").await, 200).await;
}

async fn human_text_is_cleaned_by_one_rule(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let customer = customer_id(&admin, FIRST_DEMO).await;

    // Single-line: controls, ANSI escapes and bidi overrides go; breaks become spaces.
    let c = json_ok(
        admin
            .post(
                "/api/v1/customers",
                json!({
                    "name": "\u{1b}[31mFactura\u{202E}fdp.exe\u{1b}[0m\u{7}\nS.A.",
                    "tax_id": rif(66_778_899),
                    "phone": "\u{2066}+58 212\u{2069}\t555",
                    "notes": "línea 1\r\nlínea 2\tcon tab\u{8}\u{1b}]0;título\u{7}",
                    "address": "Calle 1\nPiso 2\u{202D}",
                }),
            )
            .await,
        201,
    )
    .await;
    assert_eq!(c["name"], "Facturafdp.exe S.A.");
    assert_eq!(c["phone"], "+58 212 555");
    assert_eq!(c["notes"], "línea 1\nlínea 2\tcon tab");
    assert_eq!(c["address"], "Calle 1\nPiso 2");

    let t = json_ok(
        admin
            .post(
                "/api/v1/tickets",
                json!({"customer_id": customer, "type": "technical_support",
                       "subject": "No\u{202E}arranca\r\n", "description": "Paso 1\nPaso 2\u{1b}[2J"}),
            )
            .await,
        201,
    )
    .await;
    assert_eq!(t["subject"], "Noarranca");
    assert_eq!(t["description"], "Paso 1\nPaso 2");

    // Nothing but controls is empty: a required field says so.
    let r = admin
        .post(
            "/api/v1/tickets",
            json!({"customer_id": customer, "type": "technical_support", "subject": "\u{202E}\u{1b}[0m", "description": ""}),
        )
        .await;
    assert_eq!(field_of(r, 422, "validation_failed").await, "subject");
}

/// Chat used to strip controls but keep U+202E; now it follows the same rule
/// as REST (multi-line: line breaks and tabs stay), and NUL is refused.
async fn chat_text_follows_the_same_rule(app: TestApp) {
    app.load_demo().await;
    let customer = app.login_as("customer").await;
    let operator = app.login_as("operator").await;
    let ticket = json_ok(
        customer
            .post(
                "/api/v1/tickets",
                json!({"type": "technical_support", "subject": "Chat", "description": ""}),
            )
            .await,
        201,
    )
    .await;
    let channel = format!("ticket:{}", ticket["id"].as_str().unwrap());
    let mut agent = crate::ws::Ws::connect_as(&app, &operator).await;
    agent
        .command(json!({"subscribe": {"channel": channel}}))
        .await;
    let mut client = crate::ws::Ws::connect_as(&app, &customer).await;
    let text = "Hola\u{202E} \u{1b}[31mrojo\u{1b}[0m\r\nfin\tya\u{7}";
    let ack = client
        .command(json!({"publish": {"channel": channel, "data": {"text": text, "client_msg_id": "c-1"}}}))
        .await;
    assert!(ack.get("publish").is_some(), "{ack}");
    let push = agent.publication().await;
    assert_eq!(push["pub"]["data"]["text"], "Hola rojo\nfin\tya");
    let refused = client
        .command(json!({"publish": {"channel": channel, "data": {"text": "a\u{0}b", "client_msg_id": "c-2"}}}))
        .await;
    assert!(refused.get("error").is_some(), "{refused}");
    assert!(
        agent
            .push_within(std::time::Duration::from_millis(300))
            .await
            .is_none()
    );
}

async fn money_has_one_syntax_and_one_bound(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let customer = customer_id(&admin, FIRST_DEMO).await;
    let order = |value: &str| json!({"customer_id": customer, "reason": "Mantenimiento", "service_value": value});

    // No exponents, no signs or separators, on every money input.
    for bad in ["1e3", "1E3", "+5", "1,000", "0x10", "Infinity"] {
        let r = admin.post("/api/v1/orders", order(bad)).await;
        assert_eq!(r.status().as_u16(), 422, "service_value {bad}");
        let r = admin
            .post(
                "/api/v1/customers",
                json!({"name": "Monto", "tax_id": rif(77_889_900), "credit_limit": bad}),
            )
            .await;
        assert_eq!(r.status().as_u16(), 422, "credit_limit {bad}");
    }
    // One bound: 999 999 999 999.99, the largest payment too, so any order
    // that can be opened can be paid and closed.
    let r = admin
        .post("/api/v1/orders", order("9999999999999999999999999999"))
        .await;
    assert_eq!(field_of(r, 422, "invalid_money").await, "service_value");
    let r = admin.post("/api/v1/orders", order("1000000000000")).await;
    assert_eq!(field_of(r, 422, "invalid_money").await, "service_value");
    let r = admin
        .post(
            "/api/v1/customers",
            json!({"name": "Monto", "tax_id": rif(77_889_900), "credit_limit": "1000000000000.00"}),
        )
        .await;
    assert_eq!(field_of(r, 422, "invalid_money").await, "credit_limit");

    let o = json_ok(
        admin.post("/api/v1/orders", order("999999999999.99")).await,
        201,
    )
    .await;
    let id = o["id"].as_str().unwrap();
    let method = json_ok(admin.get("/api/v1/payment-methods").await, 200).await[0]["id"].clone();
    let r = admin
        .post(
            &format!("/api/v1/orders/{id}/payments"),
            json!({"method_id": method, "amount": "1000000000000"}),
        )
        .await;
    assert_eq!(field_of(r, 422, "invalid_money").await, "amount");
    json_ok(
        admin
            .post(
                &format!("/api/v1/orders/{id}/payments"),
                json!({"method_id": method, "amount": "999999999999.99"}),
            )
            .await,
        201,
    )
    .await;
    let balance = json_ok(
        admin.get(&format!("/api/v1/orders/{id}/balance")).await,
        200,
    )
    .await;
    assert_eq!(balance["balance"], "0.00", "{balance}");
}

async fn a_json_array_is_not_an_object(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let statuses = json_ok(admin.get("/api/v1/order-statuses").await, 200).await;
    let status = statuses[0]["id"].as_str().unwrap();
    let r = admin
        .put(
            &format!("/api/v1/order-statuses/{status}"),
            json!([null, null]),
        )
        .await;
    assert_eq!(field_of(r, 422, "validation_failed").await, "body");
    let after = json_ok(admin.get("/api/v1/order-statuses").await, 200).await;
    assert_eq!(after, statuses, "nothing changed");
    let r = admin.post("/api/v1/customers", json!(["Ana", "J-1"])).await;
    assert_eq!(field_of(r, 422, "validation_failed").await, "body");
    let r = admin.post("/api/v1/auth/login", json!("admin")).await;
    assert_eq!(field_of(r, 422, "validation_failed").await, "body");
    // The one list body stays a list.
    let prefs = json_ok(admin.get("/api/v1/notifications/preferences").await, 200).await;
    json_ok(
        admin.put("/api/v1/notifications/preferences", prefs).await,
        200,
    )
    .await;
    let r = admin
        .put("/api/v1/notifications/preferences", json!({"kind": "x"}))
        .await;
    assert_eq!(field_of(r, 422, "validation_failed").await, "body");
}

async fn unserved_methods_on_the_api_are_405(app: TestApp) {
    let admin = {
        app.load_demo().await;
        app.login_as("admin").await
    };
    let client = reqwest::Client::new();
    let propfind = Method::from_bytes(b"PROPFIND").unwrap();
    for (method, path) in [
        (Method::TRACE, "/api/v1/customers"),
        (Method::TRACE, "/api/v1/nothing-here"),
        (Method::TRACE, "/api/openapi.json"),
        (Method::TRACE, "/healthz"),
        (propfind.clone(), "/api/v1/orders"),
        (Method::TRACE, "/"),
        (Method::TRACE, "/orders/1"),
        (Method::POST, "/login"),
    ] {
        let r = client
            .request(method.clone(), format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        let body = assert_problem(r, 405, "method_not_allowed").await;
        assert_eq!(body["status"], 405, "{method} {path}");
    }
    // A known method on a path that does not serve it.
    let r = admin.request(Method::DELETE, "/api/v1/customers").await;
    assert_problem(r, 405, "method_not_allowed").await;
    let r = admin.request(Method::PATCH, "/api/v1/order-statuses").await;
    assert_problem(r, 405, "method_not_allowed").await;
}

crate::both_backends!(
    nul_anywhere_is_refused_naming_the_field,
    human_text_is_cleaned_by_one_rule,
    chat_text_follows_the_same_rule,
    money_has_one_syntax_and_one_bound,
    a_json_array_is_not_an_object,
    unserved_methods_on_the_api_are_405,
);
