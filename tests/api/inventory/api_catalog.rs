//! The catalog and the stock ledger over HTTP, on SQLite and PostgreSQL:
//! office roles manage items and record counts and adjustments, the other
//! staff read availability, customers nothing; bad input is a typed problem
//! and changes nothing; the cached figures always equal the ledger.

use reqwest::Response;
use serde_json::{Value, json};

use crate::helpers::*;

/// The demo cast, signed in.
pub struct Cast {
    pub master: Session,
    pub admin: Session,
    pub operator: Session,
    pub technician: Session,
    pub seller: Session,
    pub customer: Session,
}

pub async fn cast(app: &TestApp) -> Cast {
    app.load_demo().await;
    Cast {
        master: app.login_as("master").await,
        admin: app.login_as("admin").await,
        operator: app.login_as("operator").await,
        technician: app.login_as("technician").await,
        seller: app.login_as("seller").await,
        customer: app.login_as("customer").await,
    }
}

pub fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

/// Creates a piece item as `s` with the given minimum/maximum/multiple.
pub async fn create_item(s: &Session, sku: &str, min: &str, max: &str, multiple: &str) -> Value {
    let r = s
        .post(
            "/api/v1/stock/items",
            json!({"sku": sku, "description": format!("Repuesto {sku}"), "brand": "Caterpillar",
                   "part_number": "1R-0750", "unit": "piece", "sale_price": "45.00",
                   "warranty_days": 90, "minimum": min, "maximum": max,
                   "reorder_multiple": multiple, "average_cost": "30.00"}),
        )
        .await;
    json_ok(r, 201).await
}

pub async fn record(s: &Session, item: &str, body: Value) -> Response {
    s.post(&format!("/api/v1/stock/items/{item}/moves"), body)
        .await
}

pub async fn count_in(s: &Session, item: &str, quantity: &str) -> Value {
    json_ok(
        record(
            s,
            item,
            json!({"kind": "initial_count", "quantity": quantity}),
        )
        .await,
        201,
    )
    .await
}

pub async fn availability(s: &Session, item: &str) -> Value {
    json_ok(
        s.get(&format!("/api/v1/stock/items/{item}/availability"))
            .await,
        200,
    )
    .await
}

/// (on hand, reserved, available, projected) of an item, as text.
pub async fn figures(s: &Session, item: &str) -> (String, String, String, String) {
    let a = availability(s, item).await;
    let t = |k: &str| a[k].as_str().unwrap().to_string();
    (t("on_hand"), t("reserved"), t("available"), t("projected"))
}

pub fn f(
    on_hand: &str,
    reserved: &str,
    available: &str,
    projected: &str,
) -> (String, String, String, String) {
    (
        on_hand.into(),
        reserved.into(),
        available.into(),
        projected.into(),
    )
}

/// The store's recomputation of every cached figure from the ledger: empty.
pub async fn assert_ledger_equals_aggregates(app: &TestApp) {
    let mismatches = app
        .services
        .store
        .conn()
        .await
        .unwrap()
        .ledger_check(None)
        .await
        .unwrap();
    assert!(
        mismatches.is_empty(),
        "ledger and cache differ: {mismatches:?}"
    );
}

async fn the_office_keeps_the_catalog_and_others_read_it(app: TestApp) {
    let c = cast(&app).await;
    let item = create_item(&c.admin, "flt-9001", "0", "0", "1").await;
    let id = id_of(&item);
    assert_eq!(item["sku"], "FLT-9001");
    assert_eq!(item["stock"]["on_hand"], "0");
    assert_eq!(item["average_cost"], "30.00");

    // A SKU twice (whatever its case) is 409 sku_taken; nothing is added.
    let body = json!({"sku": " FLT-9001", "description": "Otro", "unit": "piece",
                      "sale_price": "1.00"});
    let p = assert_problem(
        c.admin.post("/api/v1/stock/items", body).await,
        409,
        "sku_taken",
    )
    .await;
    assert_eq!(p["field"], "sku");
    let page = json_ok(c.admin.get("/api/v1/stock/items?q=flt-9001").await, 200).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);

    // Bad input: typed, with the field named.
    for (body, field, code) in [
        (
            json!({"sku": "FLT 1", "description": "x", "unit": "piece", "sale_price": "1"}),
            "sku",
            "validation_failed",
        ),
        (
            json!({"sku": "FLT-2", "description": "", "unit": "piece", "sale_price": "1"}),
            "description",
            "validation_failed",
        ),
        (
            json!({"sku": "FLT-3", "description": "x", "unit": "piece", "sale_price": "1", "minimum": "2.5", "maximum": "5"}),
            "minimum",
            "validation_failed",
        ),
        (
            json!({"sku": "FLT-4", "description": "x", "unit": "piece", "sale_price": "1", "minimum": "5", "maximum": "2"}),
            "maximum",
            "validation_failed",
        ),
        (
            json!({"sku": "FLT-5", "description": "x", "unit": "kit", "sale_price": "1", "reorder_multiple": "0"}),
            "reorder_multiple",
            "validation_failed",
        ),
        (
            json!({"sku": "FLT-6", "description": "x", "unit": "piece", "sale_price": "-1"}),
            "sale_price",
            "invalid_money",
        ),
        (
            json!({"sku": "FLT-7", "description": "x", "unit": "piece", "sale_price": "1", "warranty_days": 5000}),
            "warranty_days",
            "validation_failed",
        ),
    ] {
        let p = assert_problem(
            c.admin.post("/api/v1/stock/items", body.clone()).await,
            422,
            code,
        )
        .await;
        assert_eq!(p["field"], field, "{body}");
    }
    let page = json_ok(c.admin.get("/api/v1/stock/items?q=flt-9").await, 200).await;
    assert_eq!(
        page["items"].as_array().unwrap().len(),
        1,
        "nothing else was added"
    );

    // Fractional levels are fine for litres.
    let body = json!({"sku": "ACE-TEST", "description": "Aceite", "unit": "litre",
                      "sale_price": "6.80", "minimum": "2.5", "maximum": "10"});
    json_ok(c.operator.post("/api/v1/stock/items", body).await, 201).await;

    // Only the office manages the catalog.
    let body = json!({"sku": "FLT-8", "description": "x", "unit": "piece", "sale_price": "1"});
    for s in [&c.technician, &c.seller, &c.customer] {
        assert_problem(
            s.post("/api/v1/stock/items", body.clone()).await,
            403,
            "forbidden",
        )
        .await;
        assert_problem(
            s.put(&format!("/api/v1/stock/items/{id}"), body.clone())
                .await,
            403,
            "forbidden",
        )
        .await;
        assert_problem(
            s.put(
                &format!("/api/v1/stock/items/{id}/active"),
                json!({"active": false}),
            )
            .await,
            403,
            "forbidden",
        )
        .await;
    }
    // Technicians and sellers read availability and prices, not the cost.
    for s in [&c.technician, &c.seller] {
        let item = json_ok(s.get(&format!("/api/v1/stock/items/{id}")).await, 200).await;
        assert_eq!(item["sale_price"], "45.00");
        assert!(item["average_cost"].is_null(), "{item}");
        json_ok(s.get("/api/v1/stock/items?q=flt").await, 200).await;
        availability(s, &id).await;
    }
    // Customers see none of it.
    assert_problem(
        c.customer.get("/api/v1/stock/items").await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(
        c.customer.get(&format!("/api/v1/stock/items/{id}")).await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(
        c.customer
            .get(&format!("/api/v1/stock/items/{id}/availability"))
            .await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(
        c.customer
            .get(&format!("/api/v1/stock/availability?ids={id}"))
            .await,
        403,
        "forbidden",
    )
    .await;

    // Editing: a new description; the SKU of another item is taken.
    let other = create_item(&c.admin, "FLT-9002", "0", "0", "1").await;
    let edit = json!({"sku": "FLT-9002", "description": "x", "unit": "piece", "sale_price": "1"});
    assert_problem(
        c.admin
            .put(&format!("/api/v1/stock/items/{id}"), edit)
            .await,
        409,
        "sku_taken",
    )
    .await;
    let edit = json!({"sku": "FLT-9001", "description": "Filtro primario", "unit": "piece",
                      "sale_price": "50.00", "models": ["CAT 320D"]});
    let item = json_ok(
        c.admin
            .put(&format!("/api/v1/stock/items/{id}"), edit)
            .await,
        200,
    )
    .await;
    assert_eq!(item["description"], "Filtro primario");
    assert_eq!(item["models"], json!(["CAT 320D"]));
    let fits = json_ok(
        c.admin.get("/api/v1/stock/items?model=cat%20320d").await,
        200,
    )
    .await;
    assert!(
        fits["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == item["id"])
    );
    // Deactivated items stay, marked.
    let off = json_ok(
        c.admin
            .put(
                &format!("/api/v1/stock/items/{}/active", id_of(&other)),
                json!({"active": false}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(off["active"], false);
    assert_problem(
        c.admin
            .get("/api/v1/stock/items/0190d5d0-0000-7000-8000-000000000000")
            .await,
        404,
        "not_found",
    )
    .await;

    // The API documents every stock route.
    let doc = json_ok(c.admin.get("/api/openapi.json").await, 200).await;
    for path in [
        "/api/v1/stock/items",
        "/api/v1/stock/items/{id}",
        "/api/v1/stock/items/{id}/active",
        "/api/v1/stock/items/{id}/moves",
        "/api/v1/stock/items/{id}/availability",
        "/api/v1/stock/availability",
        "/api/v1/stock/reorder",
        "/api/v1/stock/reorder/draft-purchase-orders",
        "/api/v1/orders/{id}/parts/{part_id}/install",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is not documented");
    }
}

async fn counts_and_adjustments_keep_the_ledger(app: TestApp) {
    let c = cast(&app).await;
    let id = id_of(&create_item(&c.admin, "RDM-1", "0", "0", "1").await);

    let counted = count_in(&c.admin, &id, "5").await;
    assert_eq!(counted["move"]["kind"], "initial_count");
    assert_eq!(counted["stock"]["available"], "5");
    // Once only.
    assert_problem(
        record(
            &c.admin,
            &id,
            json!({"kind": "initial_count", "quantity": "1"}),
        )
        .await,
        409,
        "conflict",
    )
    .await;
    // More out than on hand: 409 with what is available; nothing changed.
    let p = assert_problem(
        record(
            &c.admin,
            &id,
            json!({"kind": "adjustment", "quantity": "-7", "reason": "damaged"}),
        )
        .await,
        409,
        "insufficient_stock",
    )
    .await;
    assert_eq!(p["available"], "5");
    // Bad input, typed.
    for (body, field) in [
        (
            json!({"kind": "adjustment", "quantity": "-1.5", "reason": "lost"}),
            "quantity",
        ),
        (
            json!({"kind": "adjustment", "quantity": "0", "reason": "lost"}),
            "quantity",
        ),
        (json!({"kind": "adjustment", "quantity": "-1"}), "reason"),
        (
            json!({"kind": "initial_count", "quantity": "1", "reason": "lost"}),
            "reason",
        ),
    ] {
        let p = assert_problem(
            record(&c.admin, &id, body.clone()).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(p["field"], field, "{body}");
    }
    assert_eq!(figures(&c.admin, &id).await, f("5", "0", "5", "5"));

    let adjusted = json_ok(
        record(
            &c.operator,
            &id,
            json!({"kind": "adjustment", "quantity": "-2", "reason": "damaged", "note": "Golpeados en el traslado"}),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(adjusted["move"]["on_hand_after"], "3");
    assert_eq!(adjusted["move"]["reason"], "damaged");

    // Only the office moves stock or reads the ledger.
    for s in [&c.technician, &c.seller, &c.customer] {
        assert_problem(
            record(
                s,
                &id,
                json!({"kind": "adjustment", "quantity": "1", "reason": "found"}),
            )
            .await,
            403,
            "forbidden",
        )
        .await;
        assert_problem(
            s.get(&format!("/api/v1/stock/items/{id}/moves")).await,
            403,
            "forbidden",
        )
        .await;
    }
    let moves = json_ok(
        c.admin
            .get(&format!("/api/v1/stock/items/{id}/moves"))
            .await,
        200,
    )
    .await;
    let moves = moves["items"].as_array().unwrap();
    assert_eq!(moves.len(), 2);
    assert_eq!(moves[0]["kind"], "adjustment");
    assert_eq!(moves[0]["created_by_name"], c.operator.user["name"]);
    assert_eq!(moves[0]["note"], "Golpeados en el traslado");
    assert_eq!(moves[1]["created_by_name"], c.admin.user["name"]);
    assert_eq!(figures(&c.admin, &id).await, f("3", "0", "3", "3"));
    assert_ledger_equals_aggregates(&app).await;
}

both_backends!(
    the_office_keeps_the_catalog_and_others_read_it,
    counts_and_adjustments_keep_the_ledger,
);
