//! The "to reorder" list, its once-per-crossing alert and its draft
//! purchase orders, and the live `staff:stock` channel, on SQLite and
//! PostgreSQL.

use serde_json::{Value, json};

use super::api_catalog::*;
use super::new_supplier;
use crate::helpers::*;
use crate::ws::Ws;

/// The in-app reorder alerts the admin got about `item`.
async fn alerts(app: &TestApp, admin: &Session, item: &str) -> usize {
    let rows = app
        .services
        .store
        .conn()
        .await
        .unwrap()
        .deliveries_of("inventory_item", item)
        .await
        .unwrap();
    rows.iter()
        .map(|d| {
            serde_json::to_value(faena::services::views::outbox::Delivery::from(d.clone())).unwrap()
        })
        .filter(|d| {
            d["kind"] == "reorder_needed"
                && d["channel"] == "in_app"
                && d["recipient_user_id"] == admin.user["id"]
        })
        .count()
}

async fn adjust(s: &Session, item: &str, quantity: &str) -> Value {
    json_ok(
        record(
            s,
            item,
            json!({"kind": "adjustment", "quantity": quantity, "reason": "physical_count"}),
        )
        .await,
        201,
    )
    .await
}

async fn purchasing_is_alerted_once_per_crossing(app: TestApp) {
    let c = cast(&app).await;
    // Created without stock but with no minimum: not on the list, no alert.
    let item = id_of(&create_item(&c.admin, "RO-1", "0", "0", "1").await);
    count_in(&c.admin, &item, "5").await;
    assert_eq!(alerts(&app, &c.admin, &item).await, 0);
    // A minimum of 4 with 5 projected: still fine.
    let edit = json!({"sku": "RO-1", "description": "Repuesto RO-1", "unit": "piece",
                      "sale_price": "45.00", "minimum": "4", "maximum": "10", "reorder_multiple": "2"});
    json_ok(
        c.admin
            .put(&format!("/api/v1/stock/items/{item}"), edit)
            .await,
        200,
    )
    .await;
    assert_eq!(alerts(&app, &c.admin, &item).await, 0);

    // 5 → 3: crosses the minimum, alerts once.
    adjust(&c.admin, &item, "-2").await;
    app.settle_outbox();
    assert_eq!(alerts(&app, &c.admin, &item).await, 1);
    // 3 → 2 → 1: still below, no new alert.
    adjust(&c.admin, &item, "-1").await;
    adjust(&c.operator, &item, "-1").await;
    app.settle_outbox();
    assert_eq!(alerts(&app, &c.admin, &item).await, 1);
    // Back to 6 (recovered), then down to 2: a new crossing, a new alert.
    adjust(&c.admin, &item, "5").await;
    assert_eq!(alerts(&app, &c.admin, &item).await, 1);
    adjust(&c.admin, &item, "-4").await;
    app.settle_outbox();
    assert_eq!(alerts(&app, &c.admin, &item).await, 2);
    // Every office user is told; technicians and sellers are not.
    let rows = app
        .services
        .store
        .conn()
        .await
        .unwrap()
        .deliveries_of("inventory_item", &item)
        .await
        .unwrap();
    let told: std::collections::BTreeSet<String> = rows
        .iter()
        .map(|d| {
            serde_json::to_value(faena::services::views::outbox::Delivery::from(d.clone())).unwrap()
        })
        .filter(|d| d["kind"] == "reorder_needed")
        .map(|d| d["recipient_user_id"].as_str().unwrap_or("").to_string())
        .collect();
    for s in [&c.master, &c.admin, &c.operator] {
        assert!(told.contains(s.user["id"].as_str().unwrap()));
    }
    for s in [&c.technician, &c.seller, &c.customer] {
        assert!(!told.contains(s.user["id"].as_str().unwrap()));
    }
    assert_ledger_equals_aggregates(&app).await;
}

async fn the_reorder_list_drafts_purchase_orders_by_supplier(app: TestApp) {
    let c = cast(&app).await;
    let supplier = new_supplier(&app, "Filtros del Sur SpA", 77_123_456).await;
    let body = json!({"sku": "RO-2", "description": "Filtro hidráulico", "unit": "piece",
                      "sale_price": "80.00", "minimum": "2", "maximum": "6", "reorder_multiple": "2",
                      "preferred_supplier_id": supplier.to_string(), "average_cost": "50.00"});
    let item = id_of(&json_ok(c.admin.post("/api/v1/stock/items", body).await, 201).await);
    count_in(&c.admin, &item, "1").await;
    // One without a supplier is left out of the drafts, and said so.
    let orphan = id_of(&create_item(&c.admin, "RO-3", "3", "3", "1").await);

    let list = json_ok(c.admin.get("/api/v1/stock/reorder").await, 200).await;
    let entry = list
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["item_id"] == item.as_str())
        .unwrap()
        .clone();
    // Projected 1, maximum 6 in packs of 2: 4.
    assert_eq!(entry["suggested"], "4");
    assert_eq!(entry["projected"], "1");
    assert_eq!(entry["supplier_name"], "Filtros del Sur SpA");
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|e| e["item_id"] == orphan.as_str())
    );

    // Only the office sees the list and drafts.
    for s in [&c.technician, &c.seller, &c.customer] {
        assert_problem(s.get("/api/v1/stock/reorder").await, 403, "forbidden").await;
        assert_problem(
            s.post("/api/v1/stock/reorder/draft-purchase-orders", json!({}))
                .await,
            403,
            "forbidden",
        )
        .await;
    }
    let drafted = json_ok(
        c.operator
            .post(
                "/api/v1/stock/reorder/draft-purchase-orders",
                json!({"item_ids": [item, orphan]}),
            )
            .await,
        201,
    )
    .await;
    let orders = drafted["orders"].as_array().unwrap();
    assert_eq!(orders.len(), 1, "{drafted}");
    assert_eq!(orders[0]["supplier_id"], supplier.to_string());
    assert_eq!(orders[0]["lines"], 1);
    assert!(orders[0]["number"].as_str().unwrap().starts_with("OC-"));
    assert_eq!(drafted["without_supplier"], json!(["RO-3"]));
    // Covered by the draft: still on the list, nothing more to suggest; a
    // second draft adds nothing.
    let list = json_ok(c.admin.get("/api/v1/stock/reorder").await, 200).await;
    let entry = list
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["item_id"] == item.as_str())
        .unwrap()
        .clone();
    assert_eq!(entry["in_draft"], "4");
    assert_eq!(entry["suggested"], "0");
    let again = json_ok(
        c.admin
            .post("/api/v1/stock/reorder/draft-purchase-orders", json!({}))
            .await,
        201,
    )
    .await;
    assert!(
        again["orders"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["supplier_id"] != supplier.to_string()),
        "{again}"
    );
    let lines = app
        .services
        .store
        .conn()
        .await
        .unwrap()
        .purchase_lines(orders[0]["id"].as_str().unwrap().parse().unwrap())
        .await
        .unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].quantity.to_string(), "4");
    assert_eq!(lines[0].unit_cost.to_string(), "50.00");
}

async fn stock_changes_are_live_for_staff(app: TestApp) {
    let c = cast(&app).await;
    let item = id_of(&create_item(&c.admin, "LIVE-1", "1", "3", "1").await);
    count_in(&c.admin, &item, "1").await;

    let mut office = Ws::connect_as(&app, &c.admin).await;
    let reply = office
        .command(json!({"subscribe": {"channel": "staff:stock"}}))
        .await;
    assert!(reply.get("subscribe").is_some(), "{reply}");
    // Technicians and sellers follow it too (the part picker); customers may not.
    for s in [&c.technician, &c.seller] {
        let mut ws = Ws::connect_as(&app, s).await;
        let reply = ws
            .command(json!({"subscribe": {"channel": "staff:stock"}}))
            .await;
        assert!(reply.get("subscribe").is_some(), "{reply}");
    }
    let mut ws = Ws::connect_as(&app, &c.customer).await;
    let reply = ws
        .command(json!({"subscribe": {"channel": "staff:stock"}}))
        .await;
    assert!(reply.get("error").is_some(), "{reply}");

    // Taking the last unit: the figures and the list, without a reload.
    adjust(&c.admin, &item, "-1").await;
    let changed = office.next_of_type("stock.changed").await;
    assert_eq!(changed["item"], item.as_str());
    assert_eq!(changed["available"], "0");
    assert_eq!(changed["projected"], "0");
    assert_eq!(changed["below_minimum"], true);
    assert_eq!(changed["by"]["name"], c.admin.user["name"]);
    let listed = office.next_of_type("stock.reorder_changed").await;
    assert_eq!(listed["on_list"], true);
    assert_eq!(listed["suggested"], "3");
    assert_eq!(listed["sku"], "LIVE-1");
}

both_backends!(
    purchasing_is_alerted_once_per_crossing,
    the_reorder_list_drafts_purchase_orders_by_supplier,
    stock_changes_are_live_for_staff,
);
